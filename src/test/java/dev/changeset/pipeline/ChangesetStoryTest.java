package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The whole story over MCP with the sandbox: read, preview (nothing written), apply, approve on the phone,
 * write, verify, receipt, email. And the endings where nothing is written.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ChangesetStoryTest extends AliceOverMcp {

    @Inject
    DataSource db;

    @Test
    void a_t1_price_change_is_previewed_applied_verified_sealed_and_mailed() throws Exception {
        assertEquals(66.99, ((Number) alice.product("APP-1000").getValue("price")).doubleValue());
        String before = alice.sheetHash();

        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "68.99"));
        assertEquals("PREVIEWED", preview.getString("state"));
        assertEquals("T1", preview.getString("maxTier"));
        assertEquals("NONE", preview.getString("approval"));
        assertTrue(preview.getString("code").matches("CS-[0-9A-Z]{4}"), preview.encode());
        JsonObject op = preview.getJsonArray("operations").getJsonObject(0);
        assertEquals(List.of("write-floor"), op.getJsonArray("rulesFired").getList());
        JsonObject cell = op.getJsonArray("changes").getJsonObject(0);
        assertEquals("price", cell.getString("field"));
        assertEquals(66.99, ((Number) cell.getValue("before")).doubleValue());
        assertEquals(68.99, ((Number) cell.getValue("after")).doubleValue());
        assertEquals(before, alice.sheetHash(), "a preview writes nothing");

        long mark = alice.sandbox.callMark();
        JsonObject applied = alice.apply(preview.getString("changesetId"), 10);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        assertEquals(true, applied.getJsonArray("operations").getJsonObject(0).getBoolean("verified"));
        SheetCalls calls = SheetCalls.since(alice.sandbox, mark);
        assertEquals(List.of(SheetCalls.GET, SheetCalls.WRITE, SheetCalls.GET), calls.methods(),
                "check, one write, read back: " + calls);
        assertEquals(List.of("Products!A2:D2"), calls.all().get(0).getJsonArray("ranges").getList(),
                "the guard reads the target and the row's SKU, as one window");
        assertEquals("RAW", calls.of(SheetCalls.WRITE).get(0).getString("valueInputOption"));
        assertEquals(List.of("Products!D2"), calls.of(SheetCalls.WRITE).get(0).getJsonArray("ranges").getList());
        assertEquals(68.99, ((Number) alice.product("APP-1000").getValue("price")).doubleValue());

        JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", applied.getString("receiptId")));
        assertEquals("SEALED", receipt.getString("outcome"), receipt.encode());
        assertEquals("caller", writer(receipt).getString("subjectTokenSource"), "no approval: the caller's token");
        assertTrue(receipt.getJsonObject("verification").getBoolean("ok"), receipt.encode());

        JsonArray mail = alice.outboxFor(preview.getString("code"), 1, Duration.ofSeconds(10));
        Thread.sleep(300); // a second mail for the same receipt would be a fault: give it a moment to show
        mail = alice.outboxFor(preview.getString("code"), 1, Duration.ZERO);
        assertEquals(1, mail.size(), mail.encode());
        JsonObject email = mail.getJsonObject(0);
        assertEquals(List.of("alice@example.com"), email.getJsonArray("to").getList());
        assertTrue(email.getString("text").contains(preview.getString("code")), email.getString("text"));
        assertTrue(email.getString("text").contains("66.99") && email.getString("text").contains("68.99"));
        assertEquals(receipt.getString("hash"),
                email.getJsonObject("headers").getString("X-Changeset-Receipt-Hash"));
    }

    @Test
    void a_t2_change_waits_for_one_tap_on_the_phone_and_then_runs() {
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 1500));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        assertEquals("T2", preview.getString("maxTier"));
        assertEquals("ONE_TAP", preview.getString("approval"));

        long mark = alice.sandbox.callMark();
        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        assertEquals(1, SheetCalls.since(alice.sandbox, mark).writes());
        assertEquals(80.0, ((Number) alice.product("APP-1000").getValue("price")).doubleValue());
        JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", applied.getString("receiptId")));
        assertEquals("ciba-approval", writer(receipt).getString("subjectTokenSource"),
                "the Writer's authority is the token the approval returned: " + receipt.encode());
        JsonArray asked = alice.cibaRequests("alice");
        assertEquals(1, asked.size(), "one push, not one per operation");
        assertTrue(asked.getJsonObject(0).getString("binding_message").contains(preview.getString("code")),
                asked.encode());
        assertEquals("APPROVED", applied.getJsonArray("approvals").getJsonObject(0).getString("status"));
    }

    @Test
    void a_denied_change_writes_nothing_and_gets_a_receipt() {
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "deny")
                .put("after_ms", 500));
        String before = alice.sheetHash();
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "90.00"));
        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("DENIED", applied.getString("state"), applied.encode());
        assertNotNull(applied.getString("receiptId"));
        assertEquals(before, alice.sheetHash(), "denied: the sheet is byte for byte unchanged");
    }

    /** The receipt's delegation entry for the Writer. */
    static JsonObject writer(JsonObject receipt) {
        return receipt.getJsonArray("delegation").stream().map(JsonObject.class::cast)
                .filter(d -> "WRITER".equals(d.getString("role"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Writer in the delegation chain: " + receipt.encode()));
    }

    @Test
    void a_t3_change_needs_both_the_user_and_a_second_approver() {
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "dave").put("action", "approve")
                .put("after_ms", 1500));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "20.00")); // below cost 24.51
        assertEquals("T3", preview.getString("maxTier"));
        assertEquals("FOUR_EYES", preview.getString("approval"));
        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        assertEquals(1, alice.cibaRequests("dave").size());
    }

    @Test
    void a_t3_change_denied_by_the_second_approver_writes_nothing() {
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "dave").put("action", "deny")
                .put("after_ms", 800));
        String before = alice.sheetHash();
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "20.00"));
        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("DENIED", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("auth0|dave"), applied.getString("detail"));
        assertEquals(before, alice.sheetHash());
    }

    @Test
    void a_t3_change_is_not_written_on_one_tap_when_the_second_request_was_never_stored() throws Exception {
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 2000));
        String before = alice.sheetHash();
        String id = alice.preview(Story.setPrice("APP-1000", "20.00")).getString("changesetId");
        assertEquals("AWAITING_APPROVAL", alice.apply(id, 0).getString("state"));
        // as if the process had stopped between storing the requester's request and the second approver's
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM approval_request WHERE changeset_id = ? AND role = 'SECOND_APPROVER'")) {
            s.setString(1, id);
            assertEquals(1, s.executeUpdate());
        }
        JsonObject applied = alice.apply(id, 30);
        assertEquals("FAILED", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("not both approvers approved"), applied.getString("detail"));
        assertEquals(before, alice.sheetHash());
    }
}
