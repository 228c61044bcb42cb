package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Google's per-minute quotas as the sandbox counts them: per user and per project, refilled at each minute. */
class GoogleQuotaTest {

    /** The time, moved by hand. */
    final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T10:00:05Z").toEpochMilli());
    final GoogleQuota quota = GoogleQuota.forTest(Map.of("read", new GoogleQuota.Limits(2, 3)), now::get);

    @Test
    void the_users_limit_then_the_projects_and_a_refusal_is_not_counted() {
        assertEquals(Optional.empty(), quota.charge("read", "alice", 1));
        assertEquals(Optional.empty(), quota.charge("read", "alice", 1));
        assertEquals(Optional.of(new GoogleQuota.Exceeded("read", true, 2)), quota.charge("read", "alice", 1));
        assertEquals(Optional.empty(), quota.charge("read", "bob", 1), "alice's refusal used none of the project's");
        assertEquals(Optional.of(new GoogleQuota.Exceeded("read", false, 3)), quota.charge("read", "bob", 1));
        assertEquals(Optional.empty(), quota.charge("write", "bob", 1), "a bucket without limits");
    }

    @Test
    void the_next_minute_starts_every_count_again() {
        quota.charge("read", "alice", 2);
        now.set(Instant.parse("2026-01-01T10:00:59Z").toEpochMilli());
        assertTrue(quota.charge("read", "alice", 1).isPresent(), "still the same minute");
        now.set(Instant.parse("2026-01-01T10:01:00Z").toEpochMilli());
        assertEquals(Optional.empty(), quota.charge("read", "alice", 1), "refilled at the minute");
    }
}
