package dev.changeset.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
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
 * The Google tokens the sandbox knows, in memory. Whoever issues a Google token (the Token Vault emulator, or a test
 * through {@code POST /sandbox/gmail/tokens}) registers it here; the Google APIs look it up.
 */
public final class RegisteredGoogleTokens implements GoogleTokenIntrospection {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, GoogleGrant> grants = new ConcurrentHashMap<>();

    @Override
    public Optional<GoogleGrant> find(String accessToken) {
        return Optional.ofNullable(grants.get(accessToken));
    }

    /** Issues a new opaque token shaped like Google's ({@code ya29.} and random characters). */
    public String issue(String subject, String email, Set<String> scopes, Duration ttl) {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        String token = "ya29.sandbox-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new GoogleGrant(subject, email, Set.copyOf(scopes), Instant.now().plus(ttl)));
        return token;
    }

    /** Forgets a token, as Google does when the user revokes the grant. */
    public void revoke(String accessToken) {
        grants.remove(accessToken);
    }

    /**
     * Test-only hook: {@code POST /sandbox/gmail/tokens} with
     * {@code {"user":"alice","scopes":[...],"ttl_seconds":3600}}
     * issues a token for a demo user with exactly those scopes (default: the scopes the user granted).
     */
    void mount(Router router) {
        router.post("/sandbox/gmail/tokens").handler(this::issueFromRequest);
    }

    private void issueFromRequest(RoutingContext ctx) {
        JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        Optional<DemoUsers.DemoUser> user = DemoUsers.find(body.getString("user", "alice"));
        if (user.isEmpty()) {
            Sandbox.error(ctx, 400, "invalid_request", "no demo user '" + body.getString("user") + "'");
            return;
        }
        JsonArray requested = body.getJsonArray("scopes");
        Set<String> scopes = requested == null ? user.get().googleScopes()
                : new LinkedHashSet<>(requested.getList().stream().map(String::valueOf).toList());
        long ttl = body.getLong("ttl_seconds", 3600L);
        String token = issue(user.get().subject(), user.get().email(), scopes, Duration.ofSeconds(ttl));
        Sandbox.json(ctx, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", ttl).put("scope", String.join(" ", List.copyOf(scopes))));
    }
}
