package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Clients' clocks (issue 15 item 7): the MCP Inspector gives up on a call after 10 s without progress and Claude
 * Desktop cuts remote calls at 4 minutes. A call that may wait for an approval sends its first
 * {@code notifications/progress} at most {@code changeset.mcp.progress-every} (at most 5 s) after it starts, even
 * while Auth0 is slow to take the push, then one every {@code progress-every}; the wait's {@code waitSeconds}
 * counts from the call's start. Without a progress token the same heartbeat goes out as log notifications.
 * Bounds are derived from {@code progress-every}, with one second of slack for a loaded machine.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class ApprovalProgressTest {

    private static final Duration SLACK = Duration.ofSeconds(1);

    record Heard(Instant at, Object what) {
    }

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "changeset.mcp.progress-every")
    Duration every;

    final List<Heard> progress = new CopyOnWriteArrayList<>();
    final List<Heard> logs = new CopyOnWriteArrayList<>();
    SandboxClient sandbox;
    Story alice;
    McpSyncClient client;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        alice = new Story(publicUrl, sandboxUrl, "alice");
        client = McpClients.builder(publicUrl, sandbox.token("alice", "openid changeset:read changeset:write"),
                Duration.ofSeconds(90))
                .progressConsumer(n -> progress.add(new Heard(Instant.now(), n)))
                .loggingConsumer(n -> {
                    if (n.logger().startsWith("tool:")) { // not the server's own "Subsidiary SSE opened" (DEBUG)
                        logs.add(new Heard(Instant.now(), n));
                    }
                })
                .build();
        client.initialize();
    }

    @AfterEach
    void tearDown() {
        client.closeGracefully();
        alice.close();
    }

    @Test
    void the_first_progress_comes_within_five_seconds_even_while_auth0_is_slow_to_send_the_push() {
        // Auth0 takes 7 s to answer /bc-authorize, then alice approves 8 s after the push reached her.
        sandbox.post("/sandbox/auth0/faults", new JsonObject().put("on", "bc-authorize").put("kind", "latency")
                .put("millis", 7_000).put("count", 1));
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 8_000));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("apply_changeset",
                Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", 60),
                Map.of("progressToken", "wait-60")));
        Instant end = Instant.now();

        assertFalse(Boolean.TRUE.equals(result.isError()), Story.text(result));
        JsonObject answer = JsonObject.mapFrom(result.structuredContent());
        assertEquals("SEALED", answer.getString("state"), answer.encode());
        List<Long> at = heardAt(progress, start);
        assertTrue(!at.isEmpty() && at.get(0) <= every.plus(SLACK).toMillis(), "the first progress came at "
                + at + " ms after the call started (progress-every " + every.toMillis() + " ms)");
        assertTrue(at.get(0) < 7_000, "before Auth0 even answered /bc-authorize: " + at);
        assertGapsAtMostEvery(at, start, end);
        double last = 0;
        for (Heard heard : progress) {
            McpSchema.ProgressNotification n = (McpSchema.ProgressNotification) heard.what();
            assertEquals("wait-60", n.progressToken());
            assertTrue(n.progress() > last && n.total() == 60.0, "progress increases, out of 60: " + n);
            last = n.progress();
        }
        McpSchema.ProgressNotification latest = (McpSchema.ProgressNotification) progress.get(progress.size() - 1)
                .what();
        assertTrue(latest.message().contains(preview.getString("code")), latest.message());
        assertTrue(logs.isEmpty(), "progress, not log lines, when the client sent a token: " + logs);
    }

    @Test
    void wait_seconds_count_from_the_call_start_not_from_when_the_push_went_out() {
        sandbox.post("/sandbox/auth0/faults", new JsonObject().put("on", "bc-authorize").put("kind", "latency")
                .put("millis", 6_000).put("count", 1));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("apply_changeset",
                Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", 10),
                Map.of("progressToken", "wait-10")));
        long took = Duration.between(start, Instant.now()).toMillis();

        JsonObject answer = JsonObject.mapFrom(result.structuredContent());
        assertEquals("AWAITING_APPROVAL", answer.getString("state"), answer.encode());
        // 10 s from the call's start, not 6 s of push + 10 s of wait
        assertTrue(took >= 10_000 && took < 16_000 - SLACK.toMillis(), "the call answered after " + took + " ms");
        assertTrue(heardAt(progress, start).size() >= 10_000 / every.toMillis() - 1, "progress: " + progress);
        alice.ok("cancel_changeset", Map.of("changesetId", preview.getString("changesetId")));
    }

    @Test
    void without_a_progress_token_the_heartbeat_goes_out_as_log_notifications() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("apply_changeset",
                Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", 9)));
        Instant end = Instant.now();
        assertEquals("AWAITING_APPROVAL", JsonObject.mapFrom(result.structuredContent()).getString("state"));

        assertTrue(progress.isEmpty(), "no progress without a token: " + progress);
        List<Long> at = heardAt(logs, start);
        assertTrue(!at.isEmpty() && at.get(0) <= every.plus(SLACK).toMillis(), "log lines at " + at + " ms");
        assertGapsAtMostEvery(at, start, end);
        McpSchema.LoggingMessageNotification line = (McpSchema.LoggingMessageNotification) logs.get(logs.size() - 1)
                .what();
        assertEquals(McpSchema.LoggingLevel.INFO, line.level());
        assertTrue(String.valueOf(line.data()).contains(preview.getString("code")), line.toString());
        alice.ok("cancel_changeset", Map.of("changesetId", preview.getString("changesetId")));
    }

    /** Milliseconds from the call's start at which each notification arrived. */
    private static List<Long> heardAt(List<Heard> heard, Instant start) {
        List<Long> at = new ArrayList<>();
        for (Heard h : heard) {
            at.add(Duration.between(start, h.at()).toMillis());
        }
        return at;
    }

    /** No silence longer than progress-every (plus slack) from the call's start to its answer. */
    private void assertGapsAtMostEvery(List<Long> at, Instant start, Instant end) {
        long most = every.plus(SLACK).toMillis();
        long previous = 0;
        List<Long> marks = new ArrayList<>(at);
        marks.add(Duration.between(start, end).toMillis());
        for (long mark : marks) {
            assertTrue(mark - previous <= most, "a silence of " + (mark - previous) + " ms (progress-every "
                    + every.toMillis() + " ms): " + at);
            previous = mark;
        }
    }
}
