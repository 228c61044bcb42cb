package dev.changeset.approval;

import static dev.changeset.approval.ApprovalScenes.onlyRequest;
import static dev.changeset.approval.ApprovalScenes.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * The limits of an approval, with {@link ShortApprovalProfile}: the server's own hard deadline ends a request Auth0
 * never answers; Auth0's {@code access_denied} for a request that simply expired reads as EXPIRED, not as a Deny;
 * an outcome recorded by a process that stopped before delivering it is delivered by the sweep; and a T3 change
 * with no second approver configured is refused at preview, with nothing stored.
 */
@QuarkusTest
@TestProfile(ShortApprovalProfile.class)
@WithTestResource(SandboxResource.class)
class ApprovalLimitsTest extends GateStory {

    @Test
    void the_hard_deadline_ends_an_approval_auth0_never_answers() throws Exception {
        alice.sandbox.post("/sandbox/ciba/settings", new JsonObject().put("ignore_expiry", true));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        String id = alice.apply(preview.getString("changesetId"), 0).getString("changesetId");
        JsonObject ended = ApprovalScenes.awaitState(alice, id, "EXPIRED", Duration.ofSeconds(20));
        long took = Duration.between(start, Instant.now()).toMillis();

        assertEquals("EXPIRED", ended.getString("state"), ended.encode());
        assertTrue(took >= 7_500 && took < 12_000, "ended " + took + " ms after apply (deadline 8 s)");
        assertTrue(ended.getString("detail").contains("no answer before the approval's deadline"), ended.encode());
        assertEquals("pending", onlyRequest(alice, "alice").getString("status"), "Auth0 never answered");
        assertEquals("EXPIRED", receipt(alice, ended).getString("outcome"));
        assertEquals(before, alice.sheetHash());
    }

    @Test
    void access_denied_for_a_request_past_its_expiry_is_an_expiry_not_a_denial() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        JsonObject ended = alice.apply(preview.getString("changesetId"), 30);

        assertEquals("EXPIRED", ended.getString("state"), ended.encode());
        JsonObject request = onlyRequest(alice, "alice");
        assertEquals(4, request.getInteger("requested_expiry"));
        assertEquals("expired", request.getString("status"));
        assertTrue(ended.getString("detail").contains("expired at Auth0 unanswered"), ended.encode());
        assertEquals("EXPIRED", receipt(alice, ended).getString("outcome"));
        assertEquals(before, alice.sheetHash());
    }

    @Test
    void an_outcome_decided_by_a_process_that_stopped_before_delivering_it_is_delivered_again() throws Exception {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = preview.getString("changesetId");
        assertEquals("AWAITING_APPROVAL", alice.apply(id, 0).getString("state"));
        // What a process leaves when it dies between recording the user's Deny and handing it to the pipeline.
        assertEquals(1, ApprovalScenes.update(db, "UPDATE approval_request SET status = 'DENIED', decided_at = ?,"
                + " detail = 'auth0|alice denied it' WHERE changeset_id = ? AND status = 'PENDING'",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5), id));

        JsonObject ended = ApprovalScenes.awaitState(alice, id, "DENIED", Duration.ofSeconds(15));
        assertEquals("DENIED", receipt(alice, ended).getString("outcome"));
        assertTrue(ApprovalScenes.approvalRows(db, id).stream().allMatch(r -> r.get("outcome_delivered_at") != null));
        assertEquals(before, alice.sheetHash());
    }

    @Test
    void t3_without_a_configured_second_approver_is_refused_at_preview_and_nothing_is_stored() throws Exception {
        List<Map<String, String>> stored = ApprovalScenes.rows(db, "SELECT COUNT(*) AS n FROM changeset");
        String refusal = alice.error("preview_changeset", Map.of("operations",
                List.of(Story.setPrice("APP-1000", "20.00")))); // below cost 24.51: T3

        assertTrue(refusal.contains("T3") && refusal.contains("needs a second approver")
                && refusal.contains("nothing was stored"), refusal);
        assertEquals(stored, ApprovalScenes.rows(db, "SELECT COUNT(*) AS n FROM changeset"));
        assertTrue(alice.cibaRequests("alice").isEmpty(), "no push for a change that cannot be approved");
        assertEquals(before, alice.sheetHash());
    }
}
