package dev.changeset.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * A changeset previewed and applied over MCP leaves one span per pipeline step, in order, each carrying the
 * changeset id, the steps of a run being children of its run's span; and no span anywhere holds a token.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class PipelineTraceTest {

    private static final AttributeKey<String> CHANGESET_ID = AttributeKey.stringKey("changeset.id");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    InMemorySpanExporter spans;

    @Test
    void preview_and_execute_are_traced_step_by_step_with_the_changeset_id() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        String token = sandbox.token("alice", "openid changeset:read changeset:write");
        spans.reset();
        String id;
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            JsonObject preview = alice.preview(Story.setPrice("APP-1000", "68.99"));
            id = preview.getString("changesetId");
            assertEquals("SEALED", alice.apply(id, 20).getString("state"));
            alice.outbox(1, Duration.ofSeconds(10));
        }
        List<SpanData> ours = awaitSpans(id, 13);
        assertEquals(List.of("changeset.preview", "changeset.check", "changeset.read", "changeset.plan",
                "changeset.policy", "changeset.store", "changeset.execute", "changeset.guard", "changeset.write",
                "changeset.verify", "changeset.record", "changeset.receipt", "changeset.mail"),
                ours.stream().map(SpanData::getName).toList());

        SpanData preview = ours.get(0);
        SpanData execute = ours.get(6);
        for (SpanData step : ours.subList(1, 6)) {
            assertEquals(preview.getSpanId(), step.getParentSpanId(), step.getName() + " is a step of the preview");
            assertEquals(preview.getTraceId(), step.getTraceId());
        }
        for (SpanData step : ours.subList(7, 13)) {
            assertEquals(execute.getSpanId(), step.getParentSpanId(), step.getName() + " is a step of the execution");
        }

        List<SpanData> all = spans.getFinishedSpanItems();
        assertTrue(all.size() > ours.size(), "the HTTP and MCP spans are there too");
        for (SpanData span : all) {
            span.getAttributes().forEach((key, value) -> {
                String v = String.valueOf(value);
                assertFalse(v.contains(token) || v.contains("ya29.") || v.contains("eyJ") || v.contains("Bearer"),
                        span.getName() + " " + key + " holds a token: " + v);
            });
        }
        assertTrue(all.stream().anyMatch(s -> s.getName().equals("tools/call preview_changeset")),
                "quarkus-mcp-server's own span per tool call");
    }

    private List<SpanData> awaitSpans(String changesetId, int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SpanData> found;
        do {
            found = spans.getFinishedSpanItems().stream()
                    .filter(s -> changesetId.equals(s.getAttributes().get(CHANGESET_ID)))
                    .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return found;
    }

}
