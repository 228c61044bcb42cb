package dev.changeset.proof;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Clients with short read timeouts (2 s to Auth0 and Google, so a 3 s answer is "too late" in a test), quick read
 * retries, approvals that end in seconds (Auth0 expiry 10 s, hard deadline 14 s), a short execution lease and a
 * short settle time for unanswered writes: the fault proofs run in seconds, not minutes.
 */
public class FaultProfile implements QuarkusTestProfile {

    static final Map<String, String> OVERRIDES = Map.ofEntries(
            Map.entry("changeset.vault.connect-timeout", "1S"),
            Map.entry("changeset.vault.read-timeout", "2S"),
            Map.entry("changeset.catalog.read-timeout", "2S"),
            Map.entry("changeset.catalog.retry.delay", "50MS"),
            Map.entry("changeset.catalog.retry.max-delay", "200MS"),
            Map.entry("changeset.catalog.retry.jitter", "10MS"),
            Map.entry("changeset.approval.http.read-timeout", "2S"),
            Map.entry("changeset.approval.requested-expiry", "10S"),
            Map.entry("changeset.approval.hard-deadline", "14S"),
            Map.entry("changeset.approval.max-wait", "14S"),
            Map.entry("changeset.approval.default-wait", "10S"),
            Map.entry("changeset.pipeline.execution-lease", "5S"),
            Map.entry("changeset.pipeline.unknown-write-settle", "3S"));

    @Override
    public Map<String, String> getConfigOverrides() {
        return OVERRIDES;
    }
}
