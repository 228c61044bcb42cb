package dev.changeset.sandbox;

import java.util.Optional;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /oauth/revoke} for refresh tokens (main/docs/api/authentication/revoke-refresh-token/
 * revoke-refresh-token.mdx): the client authenticates as at the token endpoint (public ones by id alone), the token
 * and, as with the "Refresh Token Revocation Deletes Grant" toggle on, every token of its grant are revoked; 200 with
 * no body, also for a token that is unknown (RFC 7009 section 2.2), 400 without {@code token}.
 */
final class RevocationEndpoint {

    private final Applications apps;
    private final RefreshTokens refreshTokens;

    RevocationEndpoint(Applications apps, RefreshTokens refreshTokens) {
        this.apps = apps;
        this.refreshTokens = refreshTokens;
    }

    void mount(Router router) {
        router.post("/oauth/revoke").handler(this::revoke);
    }

    private void revoke(RoutingContext ctx) {
        MultiMap params = SandboxTokenEndpoint.params(ctx);
        Optional<Application> app = ClientAuthentication.authenticate(ctx, params, apps);
        if (app.isEmpty()) {
            return;
        }
        if (params.get("token") == null) {
            Sandbox.error(ctx, 400, "invalid_request", "Missing required parameter: token");
            return;
        }
        refreshTokens.revoke(params.get("token"), app.get().presentedId());
        ctx.response().setStatusCode(200).putHeader("Cache-Control", "no-store").end();
    }
}
