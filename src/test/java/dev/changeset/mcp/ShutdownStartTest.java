package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * When shutdown starts (the event Quarkus fires before it waits for requests in flight), a waiting
 * {@code apply_changeset} answers at once with where the changeset stands and the open event streams end, so a
 * stopping instance does not sit out its shutdown timeout; the approval itself is untouched. The event is fired by
 * hand here; {@code SeveralReplicasIT} shows the same with a real SIGTERM.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ShutdownStartTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownStarts;

    @Test
    void waits_and_event_streams_end_when_shutdown_starts() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice", Duration.ofSeconds(120))) {
            McpWire raw = new McpWire(publicUrl, sandbox.token("alice", "openid changeset:read")).open();
            CompletableFuture<HttpResponse<Void>> stream = raw.openEventStream();
            String id = alice.preview(Story.setPrice("APP-1000", "80.00")).getString("changesetId");
            CompletableFuture<JsonObject> waiting = CompletableFuture.supplyAsync(() -> alice.apply(id, 100));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (alice.cibaRequests("alice").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            assertFalse(waiting.isDone() || stream.isDone(), "the call waits and the stream is open");

            shutdownStarts.fire(new ShutdownDelayInitiatedEvent());

            JsonObject answer = waiting.get(10, TimeUnit.SECONDS);
            assertEquals("AWAITING_APPROVAL", answer.getString("state"), answer.encode());
            assertEquals(200, stream.get(10, TimeUnit.SECONDS).statusCode(), "the event stream was ended");
            assertEquals("CANCELLED", alice.ok("cancel_changeset", Map.of("changesetId", id)).getString("state"));
        }
    }
}
