package dev.changeset.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Google's per-minute Sheets quotas as the sandbox counts them (no injected fault): what alice's assistant is told at
 * the user's and at the project's read limit, that the same call works once the minute has turned, and that a write
 * refused for quota is retried within the same bounds, then FAILED with nothing written and "preview again".
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class SheetsQuotaTest {

    /** One attempt plus changeset.catalog.retry.max-retries (3 by default). */
    static final int ATTEMPTS = 4;

    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    Story alice;

    @BeforeEach
    void connect() {
        alice = new Story(publicUrl, sandboxUrl, "alice");
        Story.resetSandbox(alice.sandbox);
    }

    @AfterEach
    void disconnect() {
        alice.sandbox.post("/sandbox/google/quota", new JsonObject().put("limits", "unlimited").put("refill", true));
        alice.close();
    }

    JsonObject quota(JsonObject limits) {
        return alice.sandbox.post("/sandbox/google/quota", limits);
    }

    List<Integer> statuses(long mark) {
        return alice.sandbox.callsSince(mark).stream().map(c -> ((JsonObject) c).getInteger("status")).toList();
    }

    @Test
    void the_users_read_quota_is_retried_then_named_and_the_call_works_after_the_minute() {
        alice.product("APP-1000");
        int used = alice.sandbox.get("/sandbox/google/quota").getJsonObject("read").getInteger("usedByProject");
        // alice's limit: exactly the reads she made this minute
        quota(new JsonObject().put("limits", "google").put("read", new JsonObject().put("perUser", used)));
        long mark = alice.sandbox.callMark();

        String error = alice.error("read_catalog", Map.of("limit", 1));
        assertEquals("Google Sheets is limiting requests: your Google account's per-minute read quota is used up (HTTP"
                + " 429, still after " + ATTEMPTS + " attempts). Google refills it every minute: try again in a"
                + " minute.", error);
        assertEquals(List.of(429, 429, 429, 429), statuses(mark), "bounded retries, each refused by the quota");

        quota(new JsonObject().put("refill", true)); // the minute turns
        assertEquals("APP-1000", alice.product("APP-1000").getString("sku"));
    }

    @Test
    void the_projects_read_quota_is_told_as_shared_by_everyone() {
        quota(new JsonObject().put("read", new JsonObject().put("perProject", 0)));
        String error = alice.error("read_catalog", Map.of("limit", 1));
        assertTrue(error.startsWith("Google Sheets is limiting requests: this server's Google Cloud project's (shared by"
                + " everyone using this server) per-minute read quota is used up"), error);
    }

    @Test
    void a_write_over_quota_is_retried_then_failed_with_nothing_written_and_preview_again() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "68.99"));
        String before = alice.sheetHash();
        quota(new JsonObject().put("limits", "google").put("write", new JsonObject().put("perUser", 0)));
        long mark = alice.sandbox.callMark();

        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("FAILED", applied.getString("state"), applied.encode());
        String detail = applied.getString("detail");
        assertTrue(detail.startsWith("nothing was written, the sheet is as it was: Google Sheets is limiting"
                + " requests: your Google account's per-minute write quota is used up (HTTP 429, still after " + ATTEMPTS
                + " attempts). Nothing was written. Preview the changeset again in a minute"), detail);
        assertEquals(before, alice.sheetHash(), "the sheet is byte for byte as it was");
        JsonArray calls = alice.sandbox.callsSince(mark);
        List<Integer> writes = calls.stream().map(c -> (JsonObject) c)
                .filter(c -> c.getString("method").equals("values.batchUpdate")).map(c -> c.getInteger("status"))
                .toList();
        assertEquals(List.of(429, 429, 429, 429), writes, "the write and its bounded retries, never a blind one");

        quota(new JsonObject().put("limits", "unlimited").put("refill", true));
        JsonObject again = alice.preview(Story.setPrice("APP-1000", "68.99"));
        assertEquals("SEALED", alice.apply(again.getString("changesetId"), 30).getString("state"));
    }
}
