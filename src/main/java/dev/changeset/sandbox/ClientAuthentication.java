package dev.changeset.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import dev.changeset.sandbox.Applications.Application;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling the token endpoint for the user grants: a public client by its {@code client_id} alone, a
 * confidential one by its secret in the body ({@code client_secret_post}) or in HTTP Basic
 * ({@code client_secret_basic}, the id and secret form-encoded first: RFC 6749 section 2.3.1). A failure is Auth0's
 * 401 {@code invalid_client} "Client authentication failed" (main/docs/oas/authentication/authentication-api-oas.json,
 * {@code POST /oauth/token}, 401), with {@code WWW-Authenticate: Basic} when the client tried HTTP Basic (RFC 6749
 * section 5.2: "MUST ... include the WWW-Authenticate response header field matching the authentication scheme used
 * by the client"). A public client has no secret, so one that presents a secret fails too. Basic together with a
 * {@code client_secret} (or another {@code client_id}) in the body is two methods in one request, which "The client
 * MUST NOT" (section 2.3): 400 {@code invalid_request}.
 */
final class ClientAuthentication {

    private ClientAuthentication() {
    }

    /** The authenticated application, or empty after answering 401. */
    static Optional<Application> authenticate(RoutingContext ctx, MultiMap params, Applications apps) {
        String id = params.get("client_id");
        String secret = params.get("client_secret");
        String authorization = ctx.request().getHeader("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return refuse(ctx, true);
            }
            String basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            if (secret != null || (id != null && !id.equals(basicId))) {
                Sandbox.error(ctx, 400, "invalid_request", "The client authenticated with more than one method"
                        + " (HTTP Basic and client_id or client_secret in the body); use one");
                return Optional.empty();
            }
            id = basicId;
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        Optional<Application> app = apps.find(id);
        if (app.isEmpty()) {
            return refuse(ctx, basic);
        }
        boolean authenticated = app.get().publicClient() ? secret == null || secret.isEmpty()
                : secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                        app.get().secret().getBytes(StandardCharsets.UTF_8));
        return authenticated ? app : refuse(ctx, basic);
    }

    /**
     * The authenticated application if it may use {@code grantType}; otherwise empty after answering 401, or 403
     * {@code unauthorized_client} with Auth0's "Grant type '...' not allowed for the client.".
     */
    static Optional<Application> authenticateFor(String grantType, RoutingContext ctx, MultiMap params,
            Applications apps) {
        Optional<Application> client = authenticate(ctx, params, apps);
        if (client.isPresent() && !client.get().grantTypes().contains(grantType)) {
            grantNotAllowed(ctx, grantType);
            return Optional.empty();
        }
        return client;
    }

    /** Auth0's answer to a client using a grant type its application does not have. */
    static void grantNotAllowed(RoutingContext ctx, String grantType) {
        Sandbox.error(ctx, 403, "unauthorized_client", "Grant type '" + grantType + "' not allowed for the client.");
    }

    private static Optional<Application> refuse(RoutingContext ctx, boolean basic) {
        if (basic) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"oauth\"");
        }
        Sandbox.error(ctx, 401, "invalid_client", "Client authentication failed");
        return Optional.empty();
    }
}
