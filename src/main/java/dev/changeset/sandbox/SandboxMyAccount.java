package dev.changeset.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Auth0's My Account API, its Connected Accounts flow, as auth0/docs-v2
 * {@code main/docs/secure/call-apis-on-users-behalf/token-vault/connected-accounts-for-token-vault.mdx} describes it
 * (request and answer fields) and auth0/auth0-server-python {@code auth_server/my_account_client.py} and
 * {@code auth_types} call it (201 answers, {@code code_challenge}/{@code code_verifier}, errors as problem JSON with
 * {@code title}, {@code type}, {@code detail}, {@code status}):
 * <ol>
 * <li>{@code POST /me/v1/connected-accounts/connect} with a My Account API token (audience
 * {@code https://{tenant}/me/}, scope {@code create:me:connected_accounts}) and {@code connection},
 * {@code redirect_uri}, {@code state}, optional {@code scopes}, {@code code_challenge}: 201 {@code auth_session},
 * {@code connect_uri}, {@code connect_params.ticket}, {@code expires_in};</li>
 * <li>the browser at {@code connect_uri?ticket=...} is sent to the provider's consent ({@link GoogleConsentPage});
 * Google answers to Auth0's {@code /login/callback}, and Auth0 sends the browser to {@code redirect_uri} with a
 * single-use {@code connect_code} and the client's {@code state} (or {@code error=access_denied});</li>
 * <li>{@code POST /me/v1/connected-accounts/complete} with {@code auth_session}, {@code connect_code},
 * {@code redirect_uri} (the same), {@code code_verifier} when a challenge was sent, and a token of the same user:
 * 201 {@code id}, {@code connection}, {@code access_type} offline, {@code scopes}, {@code created_at}; Token Vault
 * then holds the grant ({@link SandboxTokenVault#connected}).</li>
 * </ol>
 */
final class SandboxMyAccount {

    static final String CONNECT_SCOPE = "create:me:connected_accounts";
    /** The My Account API's Connected Accounts permissions (connected-accounts-for-token-vault.mdx, MRRT policy). */
    static final Set<String> MY_ACCOUNT_SCOPES = Set.of(CONNECT_SCOPE,
            "read:me:connected_accounts", "delete:me:connected_accounts");
    /** The server's connect page as an application of this tenant; dev and test configure changeset.connect so. */
    static final String CONNECT_PAGE_CLIENT_ID = "sandbox-connect-page";
    static final String CONNECT_PAGE_CLIENT_SECRET = "sandbox-connect-page-secret";

    private final SandboxIdentity identity;
    private final SandboxTokenVault vault;
    private final GoogleConsentPage google;
    private final ConnectSessions flows = new ConnectSessions();
    private final List<String> connectPageCallbacks = new CopyOnWriteArrayList<>();
    private Applications apps;
    private String url;

    SandboxMyAccount(SandboxIdentity identity, SandboxTokenVault vault, GoogleConsentPage google) {
        this.identity = identity;
        this.vault = vault;
        this.google = google;
    }

    /**
     * Mounts the API, registers it with the tenant ({@code https://{tenant}/me/}, its permissions) and the connect
     * page as a first-party application of it.
     */
    void mount(Router router, String baseUrl, ResourceServers apis, Applications applications) {
        this.url = baseUrl;
        this.apps = applications;
        apis.registerAuth0Api(audience(), "Auth0 My Account API", MY_ACCOUNT_SCOPES, 600);
        router.post("/me/v1/connected-accounts/connect").handler(this::connect);
        router.post("/me/v1/connected-accounts/complete").handler(this::complete);
        router.get("/connected-accounts/connect").handler(this::toProvider);
        router.get("/login/callback").handler(this::fromProvider);
        google.mount(router, baseUrl + "/login/callback");
    }

    /** Lets the connect page of the server whose MCP resource is {@code mcpResource} sign people in. */
    void allowConnectPageOf(String mcpResource) {
        String base = mcpResource.endsWith("/mcp") ? mcpResource.substring(0, mcpResource.length() - 4) : mcpResource;
        connectPageCallbacks.add(base + "/connect/google/signed-in");
        apps.addFixed(CONNECT_PAGE_CLIENT_ID, CONNECT_PAGE_CLIENT_SECRET, "Commerce Changeset (connect Google)",
                List.copyOf(connectPageCallbacks));
    }

    /** The My Account API's audience on this tenant. */
    String audience() {
        return url + "/me/";
    }

    private void connect(RoutingContext ctx) {
        Optional<String> subject = caller(ctx);
        if (subject.isEmpty()) {
            return;
        }
        JsonObject body = jsonBody(ctx);
        String connection = body == null ? null : body.getString("connection");
        String redirectUri = body == null ? null : body.getString("redirect_uri");
        if (connection == null || redirectUri == null || !absolute(redirectUri)) {
            problem(ctx, 400, "Bad Request", "connection and an absolute redirect_uri are required");
            return;
        }
        if (!SandboxTokenVault.CONNECTION.equals(connection)) {
            problem(ctx, 404, "Not Found", "The connection " + connection + " does not exist or is not enabled "
                    + "for Connected Accounts");
            return;
        }
        JsonArray scopes = body.getJsonArray("scopes", new JsonArray().add("openid").add("profile")
                .add(DemoUsers.SHEETS_READONLY).add(DemoUsers.SHEETS).add(DemoUsers.GMAIL_SEND));
        String challenge = body.getString("code_challenge");
        if (challenge != null && !"S256".equals(body.getString("code_challenge_method", "S256"))) {
            problem(ctx, 400, "Bad Request", "code_challenge_method must be S256");
            return;
        }
        ConnectSessions.Flow flow = flows.start(subject.get(), connection, redirectUri, body.getString("state"),
                scopes.stream().map(String::valueOf).toList(), challenge);
        Sandbox.json(ctx, 201, new JsonObject().put("auth_session", flow.authSession())
                .put("connect_uri", url + "/connected-accounts/connect")
                .put("connect_params", new JsonObject().put("ticket", flow.ticket()))
                .put("expires_in", ConnectSessions.EXPIRES_IN_SECONDS));
    }

    /** The browser with its ticket: on to Google's consent, whose answer comes back to /login/callback. */
    private void toProvider(RoutingContext ctx) {
        Optional<ConnectSessions.Flow> flow = flows.awaitingConsent(ctx.queryParams().get("ticket"));
        if (flow.isEmpty()) {
            Sandbox.html(ctx, 400, "<h1>This link has expired or was already used</h1>");
            return;
        }
        String email = DemoUsers.find(flow.get().subject()).map(DemoUsers.DemoUser::email).orElse("");
        ctx.response().setStatusCode(302).putHeader("Location", url + google.authorizationUrl(flow.get().ticket(),
                flow.get().scopes(), email)).end();
    }

    /** Google's answer, then the client's redirect_uri with a connect_code (or the error). */
    private void fromProvider(RoutingContext ctx) {
        Optional<ConnectSessions.Flow> flow = flows.awaitingConsent(ctx.queryParams().get("state"));
        if (flow.isEmpty()) {
            Sandbox.html(ctx, 400, "<h1>This link has expired or was already used</h1>");
            return;
        }
        Optional<List<String>> granted = google.redeem(ctx.queryParams().get("code"));
        String back;
        if (granted.isEmpty()) {
            flows.forget(flow.get());
            back = query(flow.get().redirectUri(), "error", "access_denied", "error_description",
                    "The user did not allow the connection", "state", flow.get().state());
        } else {
            String code = flows.consented(flow.get(), granted.get());
            back = query(flow.get().redirectUri(), "connect_code", code, "state", flow.get().state());
        }
        ctx.response().setStatusCode(302).putHeader("Location", back).end();
    }

    private void complete(RoutingContext ctx) {
        Optional<String> subject = caller(ctx);
        if (subject.isEmpty()) {
            return;
        }
        JsonObject body = jsonBody(ctx);
        if (body == null || body.getString("auth_session") == null || body.getString("connect_code") == null
                || body.getString("redirect_uri") == null) {
            problem(ctx, 400, "Bad Request", "auth_session, connect_code and redirect_uri are required");
            return;
        }
        Optional<ConnectSessions.Flow> flow = flows.take(body.getString("auth_session"),
                body.getString("connect_code"));
        if (flow.isEmpty() || !flow.get().subject().equals(subject.get())
                || !flow.get().redirectUri().equals(body.getString("redirect_uri"))
                || !verifierMatches(flow.get().codeChallenge(), body.getString("code_verifier"))) {
            problem(ctx, 400, "Bad Request", "The connect_code is invalid, expired or already used, or does not "
                    + "belong to this auth_session, user, redirect_uri or code_verifier");
            return;
        }
        List<String> granted = flow.get().granted();
        vault.connected(subject.get(), granted);
        Sandbox.json(ctx, 201, new JsonObject().put("id", "cac_" + flow.get().ticket().substring(0, 22))
                .put("connection", flow.get().connection()).put("access_type", "offline")
                .put("scopes", new JsonArray(granted)).put("created_at", Instant.now().toString()));
    }

    /** The bearer token's subject, if it is a My Account API token with the connect scope; else answered. */
    private Optional<String> caller(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Optional<JwtClaims> claims = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? identity.verify(header.substring(7).trim(), audience())
                : Optional.empty();
        if (claims.isEmpty()) {
            problem(ctx, 401, "Unauthorized", "Invalid token");
            return Optional.empty();
        }
        String scope = String.valueOf(claims.get().getClaimValue("scope"));
        if (!List.of(scope.split(" ")).contains(CONNECT_SCOPE)) {
            problem(ctx, 403, "Forbidden", "Insufficient scope, expected: " + CONNECT_SCOPE);
            return Optional.empty();
        }
        try {
            return Optional.of(claims.get().getSubject());
        } catch (MalformedClaimException e) {
            problem(ctx, 401, "Unauthorized", "Invalid token");
            return Optional.empty();
        }
    }

    /** PKCE S256 (RFC 7636 section 4.6): no challenge needs no verifier; a challenge needs the matching one. */
    static boolean verifierMatches(String challenge, String verifier) {
        if (challenge == null) {
            return verifier == null;
        }
        if (verifier == null) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                    .getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject jsonBody(RoutingContext ctx) {
        try {
            return ctx.body().length() <= 0 ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean absolute(String uri) {
        try {
            URI parsed = URI.create(uri);
            return parsed.isAbsolute() && parsed.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String query(String base, String... pairs) {
        StringBuilder out = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                        .append(java.net.URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    /** An error as problem JSON (RFC 9457), the fields auth0-server-python reads. */
    private static void problem(RoutingContext ctx, int status, String title, String detail) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store").end(new JsonObject().put("type", "about:blank")
                        .put("status", status).put("title", title).put("detail", detail).encode());
    }
}
