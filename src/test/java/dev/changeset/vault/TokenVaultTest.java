package dev.changeset.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.identity.AccessToken;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The Token Vault exchange against the sandbox's Auth0: cache, roles, and the meaning of every refusal. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class TokenVaultTest {

    static final String SHEETS = "https://www.googleapis.com/auth/spreadsheets";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @Inject
    TokenVault vault;
    @Inject
    VaultConfig config;
    @Inject
    ObjectMapper json;

    SandboxClient sandbox;

    /** The real settings with some replaced, for a second vault that is set up wrong on purpose. */
    record Settings(String clientId, String clientSecret, String connection, Optional<URI> connectUrl,
            Duration cacheSkew, int cacheSize, Duration connectTimeout, Duration readTimeout) implements VaultConfig {
    }

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/auth0/reset", new JsonObject());
        List.of("alice", "bob", "carol", "dave", "erin").forEach(u -> vault.invalidate("auth0|" + u));
    }

    Delegation of(String user) {
        return new Delegation("auth0|" + user, new AccessToken(sandbox.token(user, "changeset:read")), Optional.empty());
    }

    long exchanges(String user) {
        return sandbox.exchanges(user);
    }

    @Test
    void one_exchange_per_user_while_the_token_lives_whatever_the_role() {
        GoogleAccess first = vault.exchange(of("alice"), GoogleRole.READER);
        assertFalse(first.fromCache());
        assertTrue(first.tokenExchangeId().startsWith("tvx-"));
        assertEquals(Set.of(SHEETS, SHEETS + ".readonly", "https://www.googleapis.com/auth/gmail.send"),
                first.grantedScopes());
        assertTrue(first.expiresAt().isAfter(java.time.Instant.now().plusSeconds(3500)));
        assertEquals("GoogleToken[redacted]", first.token().toString());
        assertFalse(first.toString().contains(first.token().reveal()), "the record's text hides the token");

        GoogleAccess writer = vault.exchange(of("alice"), GoogleRole.WRITER);
        GoogleAccess notifier = vault.exchange(of("alice"), GoogleRole.NOTIFIER);
        assertTrue(writer.fromCache() && notifier.fromCache());
        assertEquals(first.tokenExchangeId(), writer.tokenExchangeId());
        assertEquals(GoogleRole.WRITER, writer.role());
        assertEquals(1, exchanges("alice"));

        vault.invalidate("auth0|alice");
        GoogleAccess fresh = vault.exchange(of("alice"), GoogleRole.READER);
        assertFalse(fresh.fromCache());
        assertNotEquals(first.tokenExchangeId(), fresh.tokenExchangeId());
        assertEquals(2, exchanges("alice"));
    }

    @Test
    void concurrent_first_calls_share_one_exchange() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<GoogleAccess>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Delegation d = of("dave");
                calls.add(() -> vault.exchange(d, GoogleRole.READER));
            }
            List<Future<GoogleAccess>> results = pool.invokeAll(calls);
            Set<String> ids = new java.util.HashSet<>();
            for (Future<GoogleAccess> f : results) {
                ids.add(f.get().tokenExchangeId());
            }
            assertEquals(1, ids.size());
            assertEquals(1, exchanges("dave"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_read_only_grant_serves_the_reader_but_not_the_writer() {
        assertTrue(vault.exchange(of("carol"), GoogleRole.READER).grantedScopes().contains(SHEETS + ".readonly"));
        TokenVaultException e = assertThrows(TokenVaultException.class,
                () -> vault.exchange(of("carol"), GoogleRole.WRITER));
        assertEquals(TokenVaultException.Kind.GRANT_SCOPE, e.kind());
        assertEquals(Optional.of(SHEETS), e.missingScope());
        assertTrue(e.getMessage().contains("does not grant the scope " + SHEETS + " (see and edit your Google "
                + "Sheets)"), e.getMessage());
        assertEquals(1, exchanges("carol"), "the refused role did not cause a second exchange");
    }

    @Test
    void unconnected_and_revoked_users_are_told_what_to_do() {
        TokenVaultException bob = assertThrows(TokenVaultException.class,
                () -> vault.exchange(of("bob"), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.CONNECT_GOOGLE, bob.kind());
        assertTrue(bob.getMessage().startsWith("Your Google account is not connected"), bob.getMessage());
        TokenVaultException erin = assertThrows(TokenVaultException.class,
                () -> vault.exchange(of("erin"), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.RECONNECT_GOOGLE, erin.kind());
        assertTrue(erin.getMessage().contains("Reconnect Google"), erin.getMessage());
        // a refusal is not cached: once bob connects, the next call works
        sandbox.post("/sandbox/auth0/connections", new JsonObject().put("user", "bob").put("google", "CONNECTED")
                .put("scopes", new io.vertx.core.json.JsonArray().add(SHEETS + ".readonly")));
        assertFalse(vault.exchange(of("bob"), GoogleRole.READER).fromCache());
    }

    @Test
    void a_subject_token_auth0_refuses_asks_to_sign_in_again() {
        String otherApi = sandbox.token(new JsonObject().put("user", "alice").put("audience", "https://other.example"));
        TokenVaultException e = assertThrows(TokenVaultException.class, () -> vault.exchange(
                new Delegation("auth0|alice", new AccessToken(otherApi), Optional.empty()), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.SIGN_IN_AGAIN, e.kind());
    }

    @Test
    void wrong_client_settings_are_reported_as_misconfiguration_without_auth0s_words() {
        CachingTokenVault wrongSecret = vaultWith(new Settings(config.clientId(), "not-the-secret",
                config.connection(), Optional.of(URI.create("https://app.example/connect")), config.cacheSkew(), 10,
                config.connectTimeout(), config.readTimeout()));
        TokenVaultException e = assertThrows(TokenVaultException.class,
                () -> wrongSecret.exchange(of("alice"), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().startsWith("The server is misconfigured"), e.getMessage());
        assertFalse(e.getMessage().contains("Unauthorized") || e.getMessage().contains("access_denied")
                || e.getMessage().contains("not-the-secret"), e.getMessage());

        CachingTokenVault notAllowed = vaultWith(new Settings("sandbox-assistant", "sandbox-assistant-secret",
                config.connection(), Optional.empty(), config.cacheSkew(), 10, config.connectTimeout(),
                config.readTimeout()));
        assertEquals(TokenVaultException.Kind.MISCONFIGURED, assertThrows(TokenVaultException.class,
                () -> notAllowed.exchange(of("alice"), GoogleRole.READER)).kind());
    }

    @Test
    void the_connect_url_is_named_when_configured() {
        CachingTokenVault withUrl = vaultWith(new Settings(config.clientId(), config.clientSecret(),
                config.connection(), Optional.of(URI.create("https://app.example/connect")), config.cacheSkew(), 10,
                config.connectTimeout(), config.readTimeout()));
        TokenVaultException e = assertThrows(TokenVaultException.class,
                () -> withUrl.exchange(of("bob"), GoogleRole.READER));
        assertTrue(e.getMessage().contains("Connect it at https://app.example/connect"), e.getMessage());
    }

    @Test
    void auth0_failing_or_slow_is_unavailable() {
        sandbox.post("/sandbox/auth0/token-vault/faults", new JsonObject().put("status", 503).put("count", 1));
        TokenVaultException down = assertThrows(TokenVaultException.class,
                () -> vault.exchange(of("alice"), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.UNAVAILABLE, down.kind());
        assertTrue(down.getMessage().contains("HTTP 503"), down.getMessage());

        CachingTokenVault impatient = vaultWith(new Settings(config.clientId(), config.clientSecret(),
                config.connection(), Optional.empty(), config.cacheSkew(), 10, config.connectTimeout(),
                Duration.ofMillis(300)));
        sandbox.post("/sandbox/auth0/token-vault/faults", new JsonObject().put("latencyMillis", 1500));
        TokenVaultException slow = assertThrows(TokenVaultException.class,
                () -> impatient.exchange(of("alice"), GoogleRole.READER));
        assertEquals(TokenVaultException.Kind.UNAVAILABLE, slow.kind());
    }

    @Test
    void a_token_is_cached_until_expires_in_minus_the_skew() throws InterruptedException {
        sandbox.post("/sandbox/auth0/token-vault/settings", new JsonObject().put("expiresIn", 61));
        GoogleAccess first = vault.exchange(of("dave"), GoogleRole.READER);
        assertTrue(vault.exchange(of("dave"), GoogleRole.READER).fromCache());
        Thread.sleep(1500); // 61 s minus the 60 s skew
        GoogleAccess later = vault.exchange(of("dave"), GoogleRole.READER);
        assertFalse(later.fromCache());
        assertNotEquals(first.tokenExchangeId(), later.tokenExchangeId());

        sandbox.post("/sandbox/auth0/token-vault/settings", new JsonObject().put("expiresIn", 30));
        vault.invalidate("auth0|dave");
        vault.exchange(of("dave"), GoogleRole.READER);
        assertFalse(vault.exchange(of("dave"), GoogleRole.READER).fromCache(), "shorter than the skew: never cached");
    }

    private CachingTokenVault vaultWith(Settings settings) {
        return new CachingTokenVault(new TokenExchange(URI.create(sandboxUrl + "/"), settings, json), settings,
                Clock.systemUTC());
    }

    @Test
    void refusals_map_one_kind_per_action() {
        assertEquals(TokenVaultException.Kind.CONNECT_GOOGLE,
                TokenExchange.refusal(401, "federated_connection_refresh_token_not_found", "x").kind());
        assertEquals(TokenVaultException.Kind.RECONNECT_GOOGLE,
                TokenExchange.refusal(401, "federated_connection_refresh_token_flow_failed", "x").kind());
        assertEquals(TokenVaultException.Kind.SIGN_IN_AGAIN, TokenExchange.refusal(401, "invalid_grant", "x").kind());
        assertEquals(TokenVaultException.Kind.MISCONFIGURED, TokenExchange.refusal(401, "access_denied", "x").kind());
        assertEquals(TokenVaultException.Kind.MISCONFIGURED, TokenExchange.refusal(401, null, "x").kind());
        assertEquals(TokenVaultException.Kind.MISCONFIGURED,
                TokenExchange.refusal(403, "unauthorized_client", "x").kind());
        assertEquals(TokenVaultException.Kind.MISCONFIGURED, TokenExchange.refusal(400, "invalid_request", "x").kind());
        assertEquals(TokenVaultException.Kind.UNAVAILABLE, TokenExchange.refusal(429, "too_many_requests", "x").kind());
        assertEquals(TokenVaultException.Kind.UNAVAILABLE, TokenExchange.refusal(502, null, "x").kind());
    }
}
