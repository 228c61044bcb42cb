package dev.changeset.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

/** What the verified-token cache keeps, and for how long. */
class VerifiedTokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void an_entry_lives_until_the_token_expires_when_that_is_sooner_than_the_ttl() {
        assertEquals(Duration.ofSeconds(5), VerifiedTokenCache.keepFor(NOW, NOW.plusSeconds(5), TTL));
    }

    @Test
    void an_entry_lives_the_ttl_at_most() {
        assertEquals(TTL, VerifiedTokenCache.keepFor(NOW, NOW.plusSeconds(3600), TTL));
    }

    @Test
    void an_already_expired_token_is_not_kept() {
        assertEquals(Duration.ZERO, VerifiedTokenCache.keepFor(NOW, NOW.minusSeconds(1), TTL));
    }

    @Test
    void a_plain_bearer_jwt_is_kept() {
        assertTrue(VerifiedTokenCache.storable(identity(claims())));
    }

    @Test
    void a_token_bound_to_a_certificate_or_a_dpop_key_is_never_kept() {
        JwtClaims bound = claims();
        bound.setClaim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"));
        assertFalse(VerifiedTokenCache.storable(identity(bound)));
        JwtClaims dpop = claims();
        dpop.setClaim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        assertFalse(VerifiedTokenCache.storable(identity(dpop)));
    }

    @Test
    void a_token_without_an_expiry_is_never_kept() {
        JwtClaims forever = claims();
        forever.unsetClaim("exp");
        assertFalse(VerifiedTokenCache.storable(identity(forever)));
    }

    @Test
    void an_anonymous_or_missing_identity_is_never_kept() {
        assertFalse(VerifiedTokenCache.storable(null));
        assertFalse(VerifiedTokenCache.storable(QuarkusSecurityIdentity.builder().setAnonymous(true).build()));
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("auth0|alice");
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.plusSeconds(600).getEpochSecond()));
        return claims;
    }

    private static QuarkusSecurityIdentity identity(JwtClaims claims) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(claims)).build();
    }
}
