package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * A wait for approval tells the client it is still alive: {@code notifications/progress} every 15 s when the call
 * carried a progress token, log notifications when it did not. The wait ends normally at its deadline with
 * AWAITING_APPROVAL and what to do next.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ApprovalProgressTest {

    record Heard(Instant at, Object what) {
    }

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    final List<Heard> progress = new CopyOnWriteArrayList<>();
    final List<Heard> logs = new CopyOnWriteArrayList<>();
    Story alice;
    McpSyncClient client;

    @BeforeEach
    void setUp() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
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
    void a_forty_second_wait_sends_progress_every_fifteen_seconds_then_answers_awaiting_approval() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("apply_changeset",
                Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", 40),
                Map.of("progressToken", "wait-40")));
        long took = Duration.between(start, Instant.now()).toMillis();

        assertFalse(Boolean.TRUE.equals(result.isError()), Story.text(result));
        JsonObject answer = JsonObject.mapFrom(result.structuredContent());
        assertEquals("AWAITING_APPROVAL", answer.getString("state"), answer.encode());
        assertTrue(answer.getString("next").contains(preview.getString("code"))
                && answer.getString("next").contains(answer.getString("approvalDeadline")), answer.getString("next"));
        assertTrue(took >= 40_000 && took < 50_000, "the call answered after " + took + " ms");

        assertEquals(2, progress.size(), "at 15 s and 30 s: " + progress);
        // The first counts from the call's start (the wait begins once the push is sent: later on a loaded
        // machine); the next from the one before, on the server's own 15 s clock.
        Instant previous = start;
        double lastValue = 0;
        for (Heard heard : progress) {
            McpSchema.ProgressNotification n = (McpSchema.ProgressNotification) heard.what();
            assertEquals("wait-40", n.progressToken());
            long gap = Duration.between(previous, heard.at()).toMillis();
            long most = previous == start ? 20_000 : 16_000;
            assertTrue(gap >= 14_500 && gap <= most, "a notification " + gap + " ms after the previous one");
            assertTrue(n.progress() > lastValue && n.total() == 40.0, n.toString());
            assertTrue(n.message().contains(preview.getString("code")), n.message());
            previous = heard.at();
            lastValue = n.progress();
        }
        assertTrue(logs.isEmpty(), "progress, not log lines, when the client sent a token: " + logs);
        alice.ok("cancel_changeset", Map.of("changesetId", preview.getString("changesetId")));
    }

    @Test
    void without_a_progress_token_the_wait_sends_log_notifications() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        Instant start = Instant.now();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("apply_changeset",
                Map.of("changesetId", preview.getString("changesetId"), "waitSeconds", 17)));
        assertEquals("AWAITING_APPROVAL", JsonObject.mapFrom(result.structuredContent()).getString("state"));

        assertTrue(progress.isEmpty(), "no progress without a token: " + progress);
        assertEquals(1, logs.size(), "one log line at 15 s: " + logs);
        McpSchema.LoggingMessageNotification line = (McpSchema.LoggingMessageNotification) logs.get(0).what();
        assertEquals(McpSchema.LoggingLevel.INFO, line.level());
        assertTrue(String.valueOf(line.data()).contains(preview.getString("code")), line.toString());
        long at = Duration.between(start, logs.get(0).at()).toMillis();
        assertTrue(at >= 14_500 && at <= 20_000, "the log line came " + at + " ms after the call started");
        alice.ok("cancel_changeset", Map.of("changesetId", preview.getString("changesetId")));
    }
}
