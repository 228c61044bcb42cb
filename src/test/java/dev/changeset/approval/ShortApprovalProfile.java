package dev.changeset.approval;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Approvals that end in seconds (requests expire at Auth0 after 4 s, the hard deadline is 8 s, undelivered outcomes
 * are swept every 2 s) and no second approver configured: for the deadline tests, redelivery and the T3 refusal.
 */
public class ShortApprovalProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "changeset.approval.requested-expiry", "4S",
                "changeset.approval.hard-deadline", "8S",
                "changeset.approval.max-wait", "8S",
                "changeset.approval.default-wait", "5S",
                "changeset.approval.poll.redeliver-after", "2S",
                // the %test. value in application.properties names auth0|dave; empty means none
                "%test.changeset.approval.second-approvers", "",
                "changeset.approval.second-approvers", "");
    }
}
