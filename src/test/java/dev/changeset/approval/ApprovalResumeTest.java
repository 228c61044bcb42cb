package dev.changeset.approval;

import static dev.changeset.approval.ApprovalScenes.awaitState;
import static dev.changeset.approval.ApprovalScenes.onlyRequest;
import static dev.changeset.approval.ApprovalScenes.pollTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.McpWire.Reply;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * An approval outlives the call that started it: Auth0 asking to poll slower, a client that goes away and comes
 * back from a new session (no second push), and a client whose own timer sends {@code notifications/cancelled}
 * after 60 s (its wait ends; the changeset runs once the user approves).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ApprovalResumeTest extends GateStory {

    @Test
    void slow_down_adds_five_seconds_for_the_rest_of_that_request() throws Exception {
        alice.sandbox.post("/sandbox/ciba/slow-down", new JsonObject().put("user", "alice").put("polls", 1));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = alice.apply(preview.getString("changesetId"), 0).getString("changesetId");

        List<Instant> polls = awaitPolls(3, Duration.ofSeconds(25));
        JsonObject request = onlyRequest(alice, "alice");
        assertEquals(1, request.getInteger("slow_downs"), "one slow_down, then the poller kept the new pace: "
                + request.encode());
        assertEquals(6, request.getInteger("interval"), request.encode());
        // The first poll came after the advertised 1 s and got slow_down; every later one waits 1 + 5 = 6 s.
        for (int i = 1; i < polls.size(); i++) {
            long gap = Duration.between(polls.get(i - 1), polls.get(i)).toMillis();
            assertTrue(gap >= 6_000 && gap < 7_000, "poll " + i + " came " + gap + " ms after the one before: "
                    + polls);
        }
        assertEquals("6", ApprovalScenes.approvalRows(db, id).get(0).get("interval_seconds"));

        alice.sandbox.post("/sandbox/ciba/requests/" + request.getString("id") + "/approve", new JsonObject());
        awaitState(alice, id, "SEALED", Duration.ofSeconds(15));
    }

    @Test
    void a_client_that_disconnects_and_calls_again_resumes_the_same_approval() throws Exception {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = preview.getString("changesetId");
        Story first = new Story(publicUrl, sandboxUrl, "alice");
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return first.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 60));
            } catch (RuntimeException e) {
                return e; // the call ends with its client
            }
        });
        awaitRequests(1, Duration.ofSeconds(10));
        first.client.close(); // gone mid-wait, without a word
        waiting.get(10, TimeUnit.SECONDS);

        JsonObject resumed = alice.apply(id, 2);
        assertEquals("AWAITING_APPROVAL", resumed.getString("state"), resumed.encode());
        assertTrue(resumed.getString("next").contains(preview.getString("code")), resumed.getString("next"));
        alice.sandbox.post("/sandbox/ciba/requests/" + onlyRequest(alice, "alice").getString("id") + "/approve",
                new JsonObject());
        JsonObject sealed = alice.apply(id, 20);
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        assertEquals(1, alice.cibaRequests("alice").size(), "one push, whatever the number of calls and sessions");
    }

    @Test
    void notifications_cancelled_after_sixty_seconds_ends_the_wait_and_the_approval_still_runs() throws Exception {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = preview.getString("changesetId");
        String token = alice.sandbox.token("alice", "openid changeset:read changeset:write");
        McpWire wire = new McpWire(publicUrl, token).open();
        JsonObject call = new JsonObject().put("jsonrpc", "2.0").put("id", 42).put("method", "tools/call")
                .put("params", new JsonObject().put("name", "apply_changeset")
                        .put("arguments", new JsonObject().put("changesetId", id).put("waitSeconds", 120)));
        CompletableFuture<Reply> pending = wire.postAsync(call.encode(), Duration.ofMinutes(5));

        Thread.sleep(60_000);
        assertTrue(!pending.isDone(), "the call was still waiting after 60 s");
        JsonObject cancel = new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                .put("params", new JsonObject().put("requestId", 42).put("reason", "client timeout after 60 s"));
        assertEquals(202, wire.post(cancel.encode()).status());
        Instant cancelledAt = Instant.now();
        Reply ended = pending.get(10, TimeUnit.SECONDS);
        long afterCancel = Duration.between(cancelledAt, Instant.now()).toMillis();
        assertTrue(afterCancel < 2_000, "the wait ended " + afterCancel + " ms after the cancel: " + ended.body());

        JsonObject still = alice.ok("get_changeset", Map.of("changesetId", id));
        assertEquals("AWAITING_APPROVAL", still.getString("state"), "the cancel ended the wait, not the changeset");
        alice.sandbox.post("/sandbox/ciba/requests/" + onlyRequest(alice, "alice").getString("id") + "/approve",
                new JsonObject());
        JsonObject sealed = awaitState(alice, id, "SEALED", Duration.ofSeconds(15));
        assertEquals(80.0, ((Number) alice.product("APP-1000").getValue("price")).doubleValue(), sealed.encode());
    }

    private void awaitRequests(int count, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        while (alice.cibaRequests("alice").size() < count && Instant.now().isBefore(end)) {
            Thread.sleep(100);
        }
        assertEquals(count, alice.cibaRequests("alice").size());
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
