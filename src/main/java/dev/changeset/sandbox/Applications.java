package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox tenant's applications (Auth0 "clients") that log people in through {@code /authorize}: those made by
 * Dynamic Client Registration, CIMD imports, and {@code POST /sandbox/clients} (the test's stand-in for the
 * Management API's {@code POST /api/v2/clients}, same body: {@code name}, {@code app_type}, {@code is_first_party},
 * {@code callbacks}, {@code grant_types}, {@code token_endpoint_auth_method}; auth4genai/snippets/mcp/get-started/
 * static-cr-or-dcr.mdx shows one). The CIBA and Token Vault clients keep their own fixed credentials.
 *
 * <p>
 * Third-party applications (DCR, CIMD, or {@code is_first_party: false}) get the enhanced security controls
 * (main/docs/get-started/applications/third-party-applications/security-controls.mdx): a {@code tpc_} client id, PKCE
 * required, only {@code authorization_code} and {@code refresh_token}, consent always asked, no OIDC scopes or ID
 * token, errors shown on a page rather than redirected ({@code redirection_policy: open_redirect_protection}), and
 * refresh token rotation on for public ones.
 */
final class Applications {

    static final Set<String> USER_GRANTS = Set.of("authorization_code", "refresh_token");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * One application. {@code secret} is null for public clients ({@code none}); {@code externalClientId} is the CIMD
     * URL of an imported client, which is also the client id it presents.
     */
    record Application(String clientId, String name, boolean firstParty, String appType, String authMethod,
            String secret, List<String> callbacks, Set<String> grantTypes, String externalClientId,
            boolean rotatingRefreshTokens) {

        boolean thirdParty() {
            return !firstParty;
        }

        boolean publicClient() {
            return "none".equals(authMethod);
        }

        /** The id it presents at {@code /authorize} and that tokens carry: the CIMD URL for an imported client. */
        String presentedId() {
            return externalClientId != null ? externalClientId : clientId;
        }
    }

    private final Map<String, Application> byPresentedId = new ConcurrentHashMap<>();

    /** Stores a new application and returns it. */
    Application add(String name, boolean firstParty, String appType, String authMethod, List<String> callbacks,
            Set<String> grantTypes, String externalClientId) {
        String clientId = (firstParty ? "" : "tpc_") + random(32);
        String secret = "none".equals(authMethod) ? null : random(64);
        // Rotation is on by default for public third-party applications (security-controls.mdx, "Refresh token
        // settings"); the sandbox leaves it off for the others, as Auth0 does for a new regular web application.
        boolean rotating = !firstParty && "none".equals(authMethod);
        Application app = new Application(clientId, name, firstParty, appType, authMethod, secret,
                List.copyOf(callbacks), Set.copyOf(grantTypes), externalClientId, rotating);
        byPresentedId.put(app.presentedId(), app);
        return app;
    }

    /**
     * Stores (or replaces) a first-party regular web application with a fixed id and secret, as the sandbox's own
     * applications are configured in dev and tests ({@link SandboxMyAccount}'s connect page).
     */
    Application addFixed(String clientId, String secret, String name, List<String> callbacks) {
        Application app = new Application(clientId, name, true, "regular_web", "client_secret_post", secret,
                List.copyOf(callbacks), USER_GRANTS, null, false);
        byPresentedId.put(clientId, app);
        return app;
    }

    /** The application presenting {@code clientId} (a client id, or the URL of an imported CIMD client). */
    Optional<Application> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(byPresentedId.get(clientId));
    }

    static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    void mount(Router router) {
        router.post("/sandbox/clients").handler(this::create);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        String name = body.getString("name");
        JsonArray callbacks = body.getJsonArray("callbacks", new JsonArray());
        String method = body.getString("token_endpoint_auth_method", "client_secret_post");
        String appType = body.getString("app_type", "regular_web");
        JsonArray grants = body.getJsonArray("grant_types", new JsonArray(List.of("authorization_code")));
        if (name == null || name.isBlank()) {
            Sandbox.error(ctx, 400, "invalid_body", "name is required");
            return;
        }
        if (!Set.of("none", "client_secret_post", "client_secret_basic").contains(method)) {
            Sandbox.error(ctx, 400, "invalid_body", "token_endpoint_auth_method must be none, client_secret_post or "
                    + "client_secret_basic in the sandbox");
            return;
        }
        if (!USER_GRANTS.containsAll(grants.getList())) {
            Sandbox.error(ctx, 400, "invalid_body", "the sandbox's applications use only " + USER_GRANTS);
            return;
        }
        for (Object callback : callbacks) {
            String problem = RedirectUris.problem(String.valueOf(callback));
            if (problem != null) {
                Sandbox.error(ctx, 400, "invalid_body", problem);
                return;
            }
        }
        Application app = add(name, body.getBoolean("is_first_party", true), appType, method,
                callbacks.stream().map(String::valueOf).toList(),
                Set.copyOf(grants.stream().map(String::valueOf).toList()), null);
        Sandbox.json(ctx, 201, describe(app).put("client_secret", app.secret()));
    }

    static JsonObject describe(Application app) {
        return new JsonObject().put("client_id", app.presentedId()).put("name", app.name())
                .put("is_first_party", app.firstParty()).put("app_type", app.appType())
                .put("token_endpoint_auth_method", app.authMethod())
                .put("callbacks", new JsonArray(app.callbacks()))
                .put("grant_types", new JsonArray(app.grantTypes().stream().sorted().toList()))
                .put("refresh_token", new JsonObject().put("rotation_type",
                        app.rotatingRefreshTokens() ? "rotating" : "non-rotating"));
    }
}
