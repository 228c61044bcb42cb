package dev.changeset.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import dev.changeset.sandbox.DemoUsers.DemoUser;
import dev.changeset.sandbox.DemoUsers.GoogleConnection;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Auth0 Token Vault's access-token exchange as docs/protocols.md section 3 describes it: the Custom API Client's
 * credentials, the subject token (this tenant's signature and issuer, the API audience, unexpired), the connection;
 * then, per demo user, a Google token carrying the scopes the user granted, or Auth0's refusal codes. Test routes
 * under {@code /sandbox/auth0/}: counters, connection changes, faults, token lifetime, issued tokens.
 */
final class SandboxTokenVault {

    /** The Custom API Client linked to the API; dev and test configure {@code changeset.vault} with these. */
    static final String CUSTOM_API_CLIENT_ID = "sandbox-custom-api-client";
    static final String CUSTOM_API_CLIENT_SECRET = "sandbox-custom-api-client-secret";
    /** A client that exists but may not use Token Vault (Auth0 answers 403). */
    static final String PLAIN_CLIENT_SECRET = "sandbox-assistant-secret";

    static final String GRANT = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String FEDERATED_TOKEN_TYPE = "http://auth0.com/oauth/token-type/federated-connection-access-token";
    static final String CONNECTION = "google-oauth2";

    private record Connection(GoogleConnection state, Set<String> scopes) {
    }

    private final SandboxIdentity identity;
    private final SandboxGoogleTokens tokens;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> issued = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile long latencyMillis;
    private volatile long expiresIn = 3599;

    SandboxTokenVault(SandboxIdentity identity, SandboxGoogleTokens tokens) {
        this.identity = identity;
        this.tokens = tokens;
        reset();
    }

    void mount(Router router, SandboxTokenEndpoint endpoint) {
        endpoint.register(GRANT, this::exchange);
        router.get("/sandbox/auth0/stats").handler(ctx -> Sandbox.json(ctx, 200, stats()));
        router.post("/sandbox/auth0/connections").handler(this::changeConnection);
        router.post("/sandbox/auth0/token-vault/faults").handler(this::faults);
        router.post("/sandbox/auth0/token-vault/settings").handler(ctx -> {
            expiresIn = body(ctx).getLong("expiresIn", expiresIn);
            Sandbox.json(ctx, 200, new JsonObject().put("expiresIn", expiresIn));
        });
        router.get("/sandbox/auth0/token-vault/issued").handler(this::issuedTokens);
        router.route("/sandbox/auth0/*").failureHandler(SandboxTokenVault::badControlRequest);
        router.post("/sandbox/auth0/reset").handler(ctx -> {
            reset();
            Sandbox.json(ctx, 200, stats());
        });
    }

    private void reset() {
        DemoUsers.ALL.forEach(u -> connections.put(u.subject(), new Connection(u.google(), u.googleScopes())));
        requests.set(0);
        issued.clear();
        refused.clear();
        failNext.set(0);
        latencyMillis = 0;
        expiresIn = 3599;
    }

    private void exchange(RoutingContext ctx, MultiMap params) {
        requests.incrementAndGet();
        if (latencyMillis > 0) {
            ctx.vertx().setTimer(latencyMillis, id -> answer(ctx, params));
        } else {
            answer(ctx, params);
        }
    }

    private void answer(RoutingContext ctx, MultiMap params) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Sandbox.error(ctx, failStatus, "server_error", "The service is temporarily unavailable.");
            return;
        }
        String[] client = clientCredentials(ctx, params);
        boolean custom = CUSTOM_API_CLIENT_ID.equals(client[0]) && CUSTOM_API_CLIENT_SECRET.equals(client[1]);
        boolean plain = SandboxIdentity.ASSISTANT_CLIENT_ID.equals(client[0]) && PLAIN_CLIENT_SECRET.equals(client[1]);
        if (!custom && !plain) {
            refuse(ctx, "(client)", 401, "access_denied", "Unauthorized");
            return;
        }
        if (plain) {
            refuse(ctx, "(client)", 403, "unauthorized_client",
                    "Grant type '" + GRANT + "' not allowed for the client.");
            return;
        }
        for (String required : new String[] { "subject_token", "subject_token_type", "requested_token_type",
                "connection" }) {
            if (params.get(required) == null || params.get(required).isBlank()) {
                refuse(ctx, "(request)", 400, "invalid_request", "Missing required parameter: " + required);
                return;
            }
        }
        if (!ACCESS_TOKEN_TYPE.equals(params.get("subject_token_type"))
                || !FEDERATED_TOKEN_TYPE.equals(params.get("requested_token_type"))) {
            refuse(ctx, "(request)", 400, "invalid_request", "Unsupported subject_token_type or requested_token_type");
            return;
        }
        if (params.contains("scope")) {
            // Auth0 defines no scope parameter for this grant; the sandbox refuses it so that a client sending one
            // is caught here rather than trusted to narrow anything.
            refuse(ctx, "(request)", 400, "invalid_request", "The scope parameter is not supported by this grant");
            return;
        }
        Optional<JwtClaims> claims = identity.verify(params.get("subject_token"), identity.servedAudiences());
        Optional<DemoUser> user = claims.flatMap(SandboxTokenVault::subject).flatMap(DemoUsers::find);
        if (user.isEmpty()) {
            refuse(ctx, "(subject token)", 401, "invalid_grant", "Invalid subject token");
            return;
        }
        DemoUser who = user.get();
        Connection connection = connections.get(who.subject());
        String hint = params.get("login_hint");
        if (!CONNECTION.equals(params.get("connection")) || connection.state() == GoogleConnection.NOT_CONNECTED
                || (hint != null && !hint.equalsIgnoreCase(who.email()))) {
            refuse(ctx, who.handle(), 401, "federated_connection_refresh_token_not_found",
                    "Federated connection Refresh Token not found.");
            return;
        }
        if (connection.state() == GoogleConnection.REVOKED) {
            refuse(ctx, who.handle(), 401, "federated_connection_refresh_token_flow_failed",
                    "Failed to refresh the federated connection access token. The user may need to reconnect.");
            return;
        }
        SandboxGoogleTokens.GoogleGrant grant = tokens.issue(who.subject(), connection.scopes(), expiresIn);
        issued.computeIfAbsent(who.handle(), h -> new AtomicLong()).incrementAndGet();
        Sandbox.json(ctx, 200, new JsonObject()
                .put("access_token", grant.token())
                .put("scope", String.join(" ", connection.scopes().stream().sorted().toList()))
                .put("expires_in", expiresIn)
                .put("issued_token_type", FEDERATED_TOKEN_TYPE)
                .put("token_type", "Bearer"));
    }

    /**
     * The user completed Connected Accounts for Google with {@code scopes} ({@link SandboxMyAccount}): Token Vault
     * now holds a fresh grant, whatever was there before (never connected, or revoked at Google).
     */
    void connected(String subject, java.util.List<String> scopes) {
        connections.put(subject, new Connection(GoogleConnection.CONNECTED, Set.copyOf(scopes)));
    }

    private void refuse(RoutingContext ctx, String who, int status, String error, String description) {
        refused.computeIfAbsent(who, h -> new AtomicLong()).incrementAndGet();
        Sandbox.error(ctx, status, error, description);
    }

    /** {@code client_id}/{@code client_secret} from the body, or HTTP Basic (Auth0 accepts both). */
    private static String[] clientCredentials(RoutingContext ctx, MultiMap params) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
                }
            } catch (IllegalArgumentException e) {
                return new String[] { null, null };
            }
        }
        return new String[] { params.get("client_id"), params.get("client_secret") };
    }

    private static Optional<String> subject(JwtClaims claims) {
        try {
            return Optional.ofNullable(claims.getSubject());
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }

    private JsonObject stats() {
        JsonObject issuedJson = new JsonObject();
        issued.forEach((k, v) -> issuedJson.put(k, v.get()));
        JsonObject refusedJson = new JsonObject();
        refused.forEach((k, v) -> refusedJson.put(k, v.get()));
        return new JsonObject().put("tokenVault", new JsonObject().put("requests", requests.get())
                .put("exchanges", issuedJson).put("refused", refusedJson));
    }

    private void changeConnection(RoutingContext ctx) {
        JsonObject body = body(ctx);
        Optional<DemoUser> user = DemoUsers.find(body.getString("user", ""));
        if (user.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "no demo user '" + body.getString("user") + "'");
            return;
        }
        Connection now = connections.get(user.get().subject());
        GoogleConnection state = body.containsKey("google")
                ? GoogleConnection.valueOf(body.getString("google")) : now.state();
        Set<String> scopes = body.containsKey("scopes")
                ? Set.copyOf(body.getJsonArray("scopes").getList()) : now.scopes();
        connections.put(user.get().subject(), new Connection(state, scopes));
        Sandbox.json(ctx, 200, new JsonObject().put("user", user.get().handle()).put("google", state.name())
                .put("scopes", new JsonArray(scopes.stream().sorted().toList())));
    }

    private void faults(RoutingContext ctx) {
        JsonObject body = body(ctx);
        failStatus = body.getInteger("status", 503);
        failNext.set(body.getInteger("count", 0));
        latencyMillis = body.getLong("latencyMillis", 0L);
        Sandbox.json(ctx, 200, body);
    }

    private void issuedTokens(RoutingContext ctx) {
        Optional<DemoUser> user = DemoUsers.find(String.valueOf(ctx.queryParams().get("user")));
        if (user.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "name a demo user: ?user=alice");
            return;
        }
        JsonArray list = new JsonArray();
        tokens.issuedTo(user.get().subject()).forEach(g -> list.add(new JsonObject().put("token", g.token())
                .put("exchangeId", g.exchangeId()).put("expiresAt", g.expiresAt().toString())));
        Sandbox.json(ctx, 200, new JsonObject().put("user", user.get().handle()).put("tokens", list));
    }

    /** A control route's failure: a malformed request is 400 with what was wrong, anything else 500. */
    static void badControlRequest(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof IllegalArgumentException || failure instanceof ClassCastException) {
            Sandbox.error(ctx, 400, "invalid_request", String.valueOf(failure.getMessage()));
        } else {
            Sandbox.error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "server_error",
                    failure == null ? "failed" : failure.getClass().getSimpleName());
        }
    }

    /** A control route's JSON body; none is an empty object, anything but a JSON object is refused. */
    static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().length() <= 0 ? null : ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
    }
}
