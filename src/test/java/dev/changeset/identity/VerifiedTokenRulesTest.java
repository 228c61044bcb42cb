package dev.changeset.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the verified-token cache keeps, for how long, and what a hit is made of. Each authentication runs inside a
 * real Vert.x request (a router on a random port), as quarkus-oidc's would; the verifier behind the cache stands in
 * for quarkus-oidc and counts how often it is asked. The clock and Caffeine's ticker are the test's.
 */
class VerifiedTokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final String GOOD = "good-token-of-alice";
    private static final String FORGED = "forged-token";

    private static Vertx vertx;
    private static HttpServer server;
    private static Consumer<RoutingContext> handler;

    private final TestClock clock = new TestClock(NOW);
    private final AtomicLong nanos = new AtomicLong();
    private final CountingVerifier verifier = new CountingVerifier(NOW.plusSeconds(600));

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(rc -> handler.accept(rc));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private VerifiedTokenCache cache(Duration ttl) {
        return new VerifiedTokenCache(verifier, ttl, 100, clock, nanos::get);
    }

    /** Authenticates {@code token} inside a request, the tenant resolved as quarkus-oidc's mechanism does first. */
    private Seen authenticate(VerifiedTokenCache cache, String token, OidcTenantConfig tenant,
            Consumer<RoutingContext> prepare) throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        handler = rc -> {
            if (tenant != null) {
                rc.put(OidcTenantConfig.class.getName(), tenant);
            }
            prepare.accept(rc);
            TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(token));
            HttpSecurityUtils.setRoutingContextAttribute(request, rc);
            cache.authenticate(request, new BlockingNotAllowed()).subscribe().with(
                    identity -> seen.complete(new Seen(identity, rc, null)),
                    failure -> seen.complete(new Seen(null, rc, failure)));
            rc.response().end();
        };
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/mcp")).build(), HttpResponse.BodyHandlers.discarding());
        return seen.get(10, TimeUnit.SECONDS);
    }

    private Seen authenticate(VerifiedTokenCache cache, String token) throws Exception {
        return authenticate(cache, token, defaultTenant(), rc -> {
        });
    }

    private static OidcTenantConfig defaultTenant() {
        return OidcTenantConfig.builder().build();
    }

    @Test
    void a_miss_asks_quarkus_oidc_once_and_a_hit_never() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        Seen first = authenticate(cache, GOOD);
        Seen second = authenticate(cache, GOOD);
        Seen third = authenticate(cache, GOOD);
        assertEquals(1, verifier.calls.get());
        assertEquals("auth0|alice", third.identity().getPrincipal().getName());
        assertSame(first.identity().getPrincipal(), third.identity().getPrincipal());
        assertSame(second.routing(), second.identity().getAttribute(RoutingContext.class.getName()),
                "a hit carries its own request's routing context");
        assertNotSame(first.routing(), third.identity().getAttribute(RoutingContext.class.getName()));
    }

    @Test
    void a_hit_keeps_nothing_of_the_first_request_and_the_same_scopes() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        Seen first = authenticate(cache, GOOD);
        Seen hit = authenticate(cache, GOOD);
        SecurityIdentity kept = cache.kept("Default", GOOD).orElseThrow();
        assertFalse(kept.getAttributes().containsKey(RoutingContext.class.getName()),
                "the first request's routing context is not kept: " + kept.getAttributes().keySet());
        assertFalse(kept.getAttributes().containsKey(AuthenticationRequestContext.class.getName()));
        assertFalse(hit.identity().getAttributes().containsValue(first.routing()));
        assertEquals(first.identity().getPermissions(), hit.identity().getPermissions());
        assertEquals(first.identity().getRoles(), hit.identity().getRoles());
        assertEquals(first.identity().getCredentials(), hit.identity().getCredentials());
        assertEquals("Default", hit.identity().getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE));
        // quarkus-oidc adds each scope as a permission ("changeset:read" is permission "changeset", action "read")
        StringPermission read = new StringPermission("changeset", "read");
        assertTrue(first.identity().checkPermission(read).await().indefinitely());
        assertTrue(hit.identity().checkPermission(read).await().indefinitely());
        assertFalse(hit.identity().checkPermission(new StringPermission("changeset", "write")).await().indefinitely());
    }

    @Test
    void a_refused_token_is_asked_about_every_time() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        assertTrue(authenticate(cache, FORGED).failure() instanceof AuthenticationFailedException);
        assertTrue(authenticate(cache, FORGED).failure() instanceof AuthenticationFailedException);
        assertEquals(2, verifier.calls.get());
    }

    @Test
    void an_entry_is_not_served_once_the_token_expired_even_before_the_cache_drops_it() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        verifier.expiresAt = NOW.plusSeconds(30);
        authenticate(cache, GOOD);
        clock.now = NOW.plusSeconds(30); // the wall clock reaches exp; Caffeine's ticker has not moved
        authenticate(cache, GOOD);
        assertEquals(2, verifier.calls.get(), "at exp the token goes to quarkus-oidc again");
    }

    @Test
    void an_entry_lives_the_ttl_at_most() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        authenticate(cache, GOOD);
        nanos.addAndGet(TTL.minusSeconds(1).toNanos());
        authenticate(cache, GOOD);
        assertEquals(1, verifier.calls.get());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        authenticate(cache, GOOD);
        assertEquals(2, verifier.calls.get(), "after the TTL the token is verified again");
    }

    @Test
    void a_ttl_of_zero_turns_the_cache_off() throws Exception {
        VerifiedTokenCache cache = cache(Duration.ZERO);
        authenticate(cache, GOOD);
        authenticate(cache, GOOD);
        assertEquals(2, verifier.calls.get());
    }

    @Test
    void a_request_with_a_dpop_proof_or_a_certificate_thumbprint_always_goes_to_quarkus_oidc() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        authenticate(cache, GOOD);
        authenticate(cache, GOOD, defaultTenant(), rc -> rc.put(OidcUtils.DPOP_PROOF, "proof"));
        authenticate(cache, GOOD, defaultTenant(), rc -> rc.put("x5t#S256", "thumbprint"));
        assertEquals(3, verifier.calls.get());
    }

    @Test
    void tenants_are_apart_and_an_unresolved_tenant_is_never_cached() throws Exception {
        VerifiedTokenCache cache = cache(TTL);
        authenticate(cache, GOOD);
        authenticate(cache, GOOD, OidcTenantConfig.builder().tenantId("other").build(), rc -> {
        });
        authenticate(cache, GOOD, null, rc -> {
        });
        assertEquals(3, verifier.calls.get());
    }

    @Test
    void a_tenant_whose_answer_can_change_with_the_request_or_the_time_is_never_cached() {
        assertTrue(VerifiedTokenCache.cacheable(defaultTenant()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().token().age(Duration.ofMinutes(5)).end()
                .build()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().token().binding().certificate().end()
                .end().build()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().token().authorizationScheme("DPoP").end()
                .build()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().token().decryptAccessToken().end()
                .build()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().token().verifyAccessTokenWithUserInfo()
                .end().build()));
        assertFalse(VerifiedTokenCache.cacheable(OidcTenantConfig.builder().authentication().userInfoRequired().end()
                .build()));
    }

    @Test
    void an_entry_lives_until_the_token_expires_when_that_is_sooner_than_the_ttl() {
        assertEquals(Duration.ofSeconds(5), VerifiedTokenCache.keepFor(NOW, NOW.plusSeconds(5), TTL));
        assertEquals(TTL, VerifiedTokenCache.keepFor(NOW, NOW.plusSeconds(3600), TTL));
        assertEquals(Duration.ZERO, VerifiedTokenCache.keepFor(NOW, NOW.minusSeconds(1), TTL));
    }

    @Test
    void a_token_bound_to_a_certificate_or_a_dpop_key_or_without_expiry_is_never_kept() {
        assertTrue(VerifiedTokenCache.storable(identity(claims(NOW.plusSeconds(600)))));
        JwtClaims bound = claims(NOW.plusSeconds(600));
        bound.setClaim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"));
        assertFalse(VerifiedTokenCache.storable(identity(bound)));
        JwtClaims dpop = claims(NOW.plusSeconds(600));
        dpop.setClaim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        assertFalse(VerifiedTokenCache.storable(identity(dpop)));
        JwtClaims forever = claims(NOW.plusSeconds(600));
        forever.unsetClaim("exp");
        assertFalse(VerifiedTokenCache.storable(identity(forever)));
        assertFalse(VerifiedTokenCache.storable(null));
        assertFalse(VerifiedTokenCache.storable(QuarkusSecurityIdentity.builder().setAnonymous(true).build()));
    }

    @Test
    void a_credential_that_is_not_a_bearer_access_token_is_left_to_the_next_provider() {
        VerifiedTokenCache cache = cache(TTL);
        TokenAuthenticationRequest idToken = new TokenAuthenticationRequest(
                new io.quarkus.oidc.IdTokenCredential("id-token"));
        assertEquals(null, cache.authenticate(idToken, new BlockingNotAllowed()).await().indefinitely());
        assertEquals(0, verifier.calls.get());
    }

    private static JwtClaims claims(Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("auth0|alice");
        claims.setClaim("scope", "changeset:read");
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        return claims;
    }

    private static QuarkusSecurityIdentity identity(JwtClaims claims) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(claims)).build();
    }

    private record Seen(SecurityIdentity identity, RoutingContext routing, Throwable failure) {
    }

    /** Stands in for quarkus-oidc: accepts {@link #GOOD} with the attributes quarkus-oidc sets, refuses the rest. */
    private static final class CountingVerifier implements IdentityProvider<TokenAuthenticationRequest> {
        final AtomicInteger calls = new AtomicInteger();
        volatile Instant expiresAt;

        CountingVerifier(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                AuthenticationRequestContext context) {
            calls.incrementAndGet();
            if (!GOOD.equals(request.getToken().getToken())) {
                return Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new DefaultJWTCallerPrincipal(claims(expiresAt)))
                    .addCredential(request.getToken())
                    .addPermissionsAsString(Set.of("changeset:read"))
                    .addAttribute(RoutingContext.class.getName(), HttpSecurityUtils.getRoutingContextAttribute(request))
                    .addAttribute(AuthenticationRequestContext.class.getName(), context)
                    .addAttribute(OidcUtils.TENANT_ID_ATTRIBUTE, "Default")
                    .build());
        }
    }

    private static final class BlockingNotAllowed implements AuthenticationRequestContext {
        @Override
        public Uni<SecurityIdentity> runBlocking(java.util.function.Supplier<SecurityIdentity> function) {
            return Uni.createFrom().failure(new IllegalStateException("the cache never blocks"));
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
