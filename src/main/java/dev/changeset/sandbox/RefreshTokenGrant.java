package dev.changeset.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code refresh_token} grant on {@code /oauth/token} (main/docs/api/authentication/refresh-token/
 * refresh-token.mdx): client authentication as for the code, the refresh token ({@link RefreshTokens}: rotation and
 * reuse detection), an optional {@code scope} that may only narrow the original grant ("you can request a reduced
 * set of scopes"), and, with the Resource Parameter Compatibility Profile on, an optional {@code resource} that
 * must name the grant's API (the refresh token grant is one of the profile's "Supported flows"; a refresh token is
 * not a ticket to another API). Answers: 400 {@code invalid_request} for a missing token; 403 {@code invalid_grant}
 * "Unknown or invalid refresh token." for an unknown, expired, revoked, reused or another client's token (403 "The
 * refresh token is invalid or has expired", refresh-token.mdx; the wording is Auth0's usual one); 400
 * {@code invalid_scope} for a wider scope and 400 {@code invalid_target} (RFC 8707 section 2) for another resource,
 * for which Auth0 publishes no wording. A refused request leaves the token as it was.
 */
final class RefreshTokenGrant {

    static final String GRANT_TYPE = "refresh_token";

    private final Applications apps;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;
    private final TenantSettings tenant;

    RefreshTokenGrant(Applications apps, RefreshTokens refreshTokens, TokenIssuer issuer, TenantSettings tenant) {
        this.apps = apps;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.tenant = tenant;
    }

    void register(SandboxTokenEndpoint endpoint) {
        endpoint.register(GRANT_TYPE, this::handle);
    }

    private void handle(RoutingContext ctx, MultiMap params) {
        Optional<Application> client = ClientAuthentication.authenticateFor(GRANT_TYPE, ctx, params, apps);
        if (client.isEmpty()) {
            return;
        }
        Application app = client.get();
        String token = params.get("refresh_token");
        if (token == null) {
            Sandbox.error(ctx, 400, "invalid_request", "Missing required parameter: refresh_token");
            return;
        }
        Optional<RefreshTokens.Grant> found = refreshTokens.find(token, app.presentedId());
        if (found.isEmpty()) {
            Sandbox.error(ctx, 403, "invalid_grant", "Unknown or invalid refresh token.");
            return;
        }
        RefreshTokens.Grant grant = found.get();
        List<String> scopes = grant.scopes();
        String scope = params.get("scope");
        if (scope != null) {
            List<String> asked = Arrays.stream(scope.trim().split("\\s+")).distinct().toList();
            if (!grant.scopes().containsAll(asked)) {
                Sandbox.error(ctx, 400, "invalid_scope", "The scope may only narrow the original grant: "
                        + String.join(" ", grant.scopes()));
                return;
            }
            scopes = asked;
        }
        String resource = params.get("resource");
        if (resource != null && tenant.resourceParameterProfile()
                && (grant.api() == null || !ResourceServers.canonical(grant.api().identifier())
                        .equals(ResourceServers.canonical(resource)))) {
            Sandbox.error(ctx, 400, "invalid_target", "This refresh token is not for " + resource);
            return;
        }
        String next = null;
        if (app.rotatingRefreshTokens()) {
            Optional<String> rotated = refreshTokens.rotate(token);
            if (rotated.isEmpty()) { // another request rotated it in between
                Sandbox.error(ctx, 403, "invalid_grant", "Unknown or invalid refresh token.");
                return;
            }
            next = rotated.get();
        }
        Sandbox.json(ctx, 200, issuer.forRefresh(app, grant, scopes, next));
    }
}
