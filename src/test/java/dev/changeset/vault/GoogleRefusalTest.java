package dev.changeset.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What decides the next step in Google's refusals, in each of its forms. */
class GoogleRefusalTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    static GoogleRefusal refusal(int status, String reason, String detail, String quotaLimit, String message) {
        return new GoogleRefusal(status, reason, detail, quotaLimit, message, Optional.empty());
    }

    @Test
    void a_missing_scope_in_either_form() {
        assertTrue(refusal(403, "insufficientPermissions", "", "", "").scopeInsufficient());
        assertTrue(refusal(403, "", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "", "").scopeInsufficient());
        assertFalse(refusal(403, "forbidden", "", "", "").scopeInsufficient());
    }

    @Test
    void limits_are_any_429_and_the_403_rate_reasons() {
        assertTrue(refusal(429, "", "", "", "").rateLimited(), "a 429 without errors[]");
        assertTrue(refusal(403, "userRateLimitExceeded", "", "", "").rateLimited());
        assertTrue(refusal(403, "dailyLimitExceeded", "", "", "").rateLimited());
        assertTrue(refusal(403, "", "RATE_LIMIT_EXCEEDED", "", "").rateLimited());
        assertFalse(refusal(403, "insufficientPermissions", "", "", "").rateLimited());
    }

    @Test
    void whose_limit_it_is() {
        assertEquals(Optional.of(true), refusal(429, "", "RATE_LIMIT_EXCEEDED", "ReadRequestsPerMinutePerUser", "")
                .perUser());
        assertEquals(Optional.of(false), refusal(429, "", "RATE_LIMIT_EXCEEDED", "WriteRequestsPerMinutePerProject",
                "").perUser());
        assertEquals(Optional.of(true), refusal(403, "userRateLimitExceeded", "", "", "User Rate Limit Exceeded")
                .perUser());
        assertEquals(Optional.of(false), refusal(403, "rateLimitExceeded", "", "", "Rate Limit Exceeded").perUser());
        assertEquals(Optional.of(false), refusal(429, "rateLimitExceeded", "", "", "Quota exceeded for quota metric "
                + "'Read requests' and limit 'Read requests per minute' of service 'sheets.googleapis.com'.")
                .perUser());
        assertEquals(Optional.empty(), refusal(429, "", "", "", "").perUser());
    }

    @Test
    void when_to_try_again_from_the_header_or_gmails_message() {
        assertEquals(Optional.of(NOW.plusSeconds(30)), GoogleRefusal.retryAt("30", "", NOW));
        assertEquals(Optional.of(Instant.parse("2026-01-01T10:05:00Z")),
                GoogleRefusal.retryAt("Thu, 01 Jan 2026 10:05:00 GMT", "", NOW));
        assertEquals(Optional.of(Instant.parse("2026-01-01T12:27:32.452Z")), GoogleRefusal.retryAt(null,
                "User-rate limit exceeded.  Retry after 2026-01-01T12:27:32.452Z (Mail sending)", NOW));
        assertEquals(Optional.empty(), GoogleRefusal.retryAt(null, "Rate Limit Exceeded", NOW));
    }
}
