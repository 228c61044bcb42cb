package dev.changeset.pipeline;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bulk rule lifted, so that a changeset of hundreds of small price moves stays T1 and runs without a phone
 * approval: for tests and benchmarks of the write path at size. (With the rule, such a changeset cannot be
 * approved at all today: its RAR authorization_details outgrow Auth0's 5,120 bytes.)
 */
public class BulkWithoutApproval implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("changeset.policy.bulk-writes", "100000");
    }
}
