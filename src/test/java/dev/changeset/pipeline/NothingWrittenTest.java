package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Endings without a write (denied is in {@link ChangesetStoryTest}): an approval that expires, and a changeset
 * cancelled while the phone waits and approved afterwards. The sheet is byte for byte as before, no batchUpdate
 * reaches the sandbox, and each ending has its receipt.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class NothingWrittenTest extends AliceOverMcp {

    @Test
    void an_approval_that_expires_writes_nothing() {
        // Auth0 answers an expired request with access_denied, which reads as a denial; CIBA Core's expired_token
        // is the unambiguous ending.
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("expired_error",
                "expired_token"));
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "expire")
                .put("after_ms", 500));
        String before = alice.sheetHash();
        long mark = sandbox.callMark();
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));

        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("EXPIRED", applied.getString("state"), applied.encode());
        assertEquals(before, alice.sheetHash(), "expired: the sheet is byte for byte unchanged");
        assertEquals(0, SheetCalls.since(sandbox, mark).writes());
        assertEquals("EXPIRED", receipt(applied).getString("outcome"));
    }

    @Test
    void a_changeset_cancelled_while_the_phone_waits_never_runs_even_if_approved_later() throws Exception {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 2000));
        String before = alice.sheetHash();
        long mark = sandbox.callMark();
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        String id = preview.getString("changesetId");
        assertEquals("AWAITING_APPROVAL", alice.apply(id, 0).getString("state"));

        JsonObject cancelled = alice.ok("cancel_changeset", Map.of("changesetId", id));
        assertEquals("CANCELLED", cancelled.getString("state"), cancelled.encode());
        Thread.sleep(3500); // the scripted approval lands at Auth0 meanwhile; nobody acts on it

        JsonObject later = alice.ok("get_changeset", Map.of("changesetId", id));
        assertEquals("CANCELLED", later.getString("state"), later.encode());
        assertEquals(before, alice.sheetHash(), "cancelled: the sheet is byte for byte unchanged");
        assertEquals(0, SheetCalls.since(sandbox, mark).writes());
        assertEquals("CANCELLED", receipt(later).getString("outcome"));
    }

    JsonObject receipt(JsonObject changeset) {
        assertNotNull(changeset.getString("receiptId"), changeset.encode());
        return alice.ok("get_receipt", Map.of("receiptId", changeset.getString("receiptId")));
    }
}
