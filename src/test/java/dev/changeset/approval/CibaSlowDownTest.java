package dev.changeset.approval;

import static dev.changeset.approval.ApprovalScenes.awaitState;
import static dev.changeset.approval.ApprovalScenes.onlyRequest;
import static dev.changeset.approval.ApprovalScenes.pollTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * CIBA polling as Auth0 answers it (issue 15 item 5): {@code slow_down} comes as a 400 (CIBA Core section 11) or
 * as a 429, with a {@code Retry-After} header and with or without {@code interval} in the body
 * (https://auth0.com/docs/api/authentication/login/check-back-channel-login-status). The server reads the error code
 * before the status, waits at least what {@code Retry-After} says, and polls at the grown interval from then on.
 * The sandbox's ledger records when each poll came and answers {@code slow_down} to any poll sooner than the
 * request's (grown) interval: one slow_down and then none is the proof the server kept the pace it was given.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class CibaSlowDownTest extends GateStory {

    /** More than the 1 s interval plus the 5 s step: only Retry-After says it. */
    private static final int RETRY_AFTER = 9;

    @Test
    void slow_down_as_400_with_retry_after_and_no_interval_in_the_body_is_honoured() throws Exception {
        slowDownThenApprove(400);
    }

    @Test
    void slow_down_as_429_with_retry_after_is_still_a_slow_down() throws Exception {
        slowDownThenApprove(429);
    }

    private void slowDownThenApprove(int status) throws Exception {
        alice.sandbox.post("/sandbox/ciba/settings", new JsonObject().put("slow_down_status", status)
                .put("slow_down_body_interval", false));
        alice.sandbox.post("/sandbox/ciba/slow-down", new JsonObject().put("user", "alice").put("polls", 1)
                .put("retry_after", RETRY_AFTER));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = alice.apply(preview.getString("changesetId"), 0).getString("changesetId");

        List<Instant> polls = awaitPolls(3, Duration.ofSeconds(40));
        JsonObject request = onlyRequest(alice, "alice");
        assertEquals(1, request.getInteger("slow_downs"), "one slow_down (" + status + "), then the server kept the"
                + " pace Retry-After gave it: " + request.encode());
        assertEquals(RETRY_AFTER, request.getInteger("interval"), request.encode());
        for (int i = 1; i < polls.size(); i++) {
            long gap = Duration.between(polls.get(i - 1), polls.get(i)).toMillis();
            assertTrue(gap >= RETRY_AFTER * 1000L, "poll " + i + " came " + gap + " ms after the one before,"
                    + " sooner than Retry-After (" + RETRY_AFTER + " s): " + polls);
        }
        assertEquals(String.valueOf(RETRY_AFTER), ApprovalScenes.approvalRows(db, id).get(0).get("interval_seconds"));

        alice.sandbox.post("/sandbox/ciba/requests/" + request.getString("id") + "/approve", new JsonObject());
        JsonObject sealed = awaitState(alice, id, "SEALED", Duration.ofSeconds(25));
        assertEquals(80.0, ((Number) alice.product("APP-1000").getValue("price")).doubleValue(), sealed.encode());
    }

    private List<Instant> awaitPolls(int count, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        List<Instant> polls;
        do {
            polls = pollTimes(onlyRequest(alice, "alice"));
            if (polls.size() >= count) {
                return polls;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(end));
        throw new AssertionError("only " + polls.size() + " polls within " + within + ": " + polls);
    }
}
