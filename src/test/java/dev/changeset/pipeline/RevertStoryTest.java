package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.GuardianPhone;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * "Put it back" over MCP: a change, then revert_changeset, and the sheet is byte for byte as before (every stored cell
 * of the touched rows, and the whole sheet's hash); the revert runs the whole pipeline (policy, approval on the
 * phone, one write, read-back, its own receipt naming the one it reverts), and the reverted receipt's sealed bytes
 * never change.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class RevertStoryTest extends AliceOverMcp {

    RevertScenes scenes;

    @BeforeEach
    void scenes() {
        scenes = new RevertScenes(sandbox, alice);
    }

    @Test
    void t1_a_change_then_its_revert_leaves_the_sheet_byte_for_byte_as_before() {
        JsonObject before = scenes.sheet();
        JsonObject original = alice.apply(alice.preview(Story.setPrice("APP-1000", "68.99"),
                Map.of("op", "adjust_inventory", "sku", "APP-1000", "delta", 5),
                Map.of("op", "set_inventory", "sku", "APP-1029", "quantity", 400)).getString("changesetId"), 10);
        assertEquals("SEALED", original.getString("state"), original.encode());
        assertNotEquals(before.getString("sha256"), scenes.sheet().getString("sha256"));
        String receiptId = original.getString("receiptId");
        String sealed = scenes.sealedBytes(receiptId);

        long mark = sandbox.callMark();
        JsonObject revert = scenes.revert(Map.of("receiptId", receiptId, "note", "the price went live by mistake"));
        assertEquals("SEALED", revert.getString("state"), revert.encode());
        assertEquals("T1", revert.getString("maxTier"), "a 2.9% move back and small stock moves: " + revert.encode());
        JsonObject price = RevertScenes.operation(revert, 0);
        assertEquals("set_price", price.getString("op"));
        assertEquals(68.99, ((Number) price.getJsonArray("changes").getJsonObject(0).getValue("before")).doubleValue());
        assertEquals(66.99, ((Number) price.getJsonArray("changes").getJsonObject(0).getValue("after")).doubleValue());
        assertEquals("set_inventory", RevertScenes.operation(revert, 1).getString("op"), "the adjust, as its target");
        SheetCalls calls = SheetCalls.since(sandbox, mark);
        assertEquals(1, calls.writes(), "one batch write: " + calls);
        assertEquals("RAW", calls.of(SheetCalls.WRITE).get(0).getString("valueInputOption"));

        JsonObject after = scenes.sheet();
        assertEquals(RevertScenes.rows(before, 2, 6), RevertScenes.rows(after, 2, 6), "every cell of the rows");
        assertEquals(before.getString("sha256"), after.getString("sha256"), "the whole sheet, byte for byte");

        assertEquals(sealed, scenes.sealedBytes(receiptId), "the reverted receipt's sealed bytes never change");
        scenes.sealedAsShown(receiptId, sealed);
        JsonObject revertReceipt = alice.ok("get_receipt", Map.of("receiptId", revert.getString("receiptId")));
        assertEquals(receiptId, revertReceipt.getString("reverts"), revertReceipt.encode());
        assertEquals("receipt/v2", revertReceipt.getString("version"));
        JsonObject originalReceipt = alice.ok("get_receipt", Map.of("receiptId", receiptId));
        assertNull(originalReceipt.getString("reverts"));
        assertEquals(revert.getString("receiptId"), originalReceipt.getJsonArray("revertedBy").getJsonObject(0)
                .getString("receiptId"), originalReceipt.encode());

        JsonObject originalNow = alice.ok("get_changeset", Map.of("changesetId", original.getString("code")));
        assertEquals(revert.getString("code"), originalNow.getJsonArray("revertedBy").getJsonObject(0)
                .getString("code"), originalNow.encode());
        assertEquals(original.getString("code"), revert.getJsonObject("reverts").getString("code"));
        assertEquals(receiptId, revert.getJsonObject("reverts").getString("receiptId"));
        scenes.chainIntact();

        McpSchema.Tool revertTool = tool("revert_changeset");
        assertEquals(java.util.Set.of("receiptId", "changesetId", "note", "apply", "waitSeconds"),
                ((Map<?, ?>) revertTool.inputSchema().get("properties")).keySet());
        assertTrue(revertTool.annotations().destructiveHint(), "it writes the sheet");
        assertTrue(tool("get_receipt").outputSchema().get("properties").toString().contains("revertedBy"),
                "get_receipt advertises revertedBy");
    }

    McpSchema.Tool tool(String name) {
        return alice.client.listTools().tools().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name));
    }

    @Test
    void t2_the_revert_of_a_40_percent_cut_is_a_67_percent_raise_and_waits_for_a_tap_on_the_phone() throws Exception {
        JsonObject before = scenes.sheet();
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "dave").put("action", "approve")
                .put("after_ms", 800));
        JsonObject cut = alice.preview(Story.setPrice("APP-1000", "40.19"));
        assertEquals("T3", cut.getString("maxTier"), "a 40% cut: " + cut.encode());
        JsonObject original = alice.apply(cut.getString("changesetId"), 30);
        assertEquals("SEALED", original.getString("state"), original.encode());
        String afterCut = scenes.sheet().getString("sha256");
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "manual"));

        JsonObject waiting = scenes.revert(Map.of("changesetId", original.getString("code"), "waitSeconds", 0));
        assertEquals("AWAITING_APPROVAL", waiting.getString("state"), waiting.encode());
        assertEquals("T2", waiting.getString("maxTier"));
        assertEquals("ONE_TAP", waiting.getString("approval"), "a raise needs one tap, not four eyes");
        JsonObject raise = RevertScenes.operation(waiting, 0);
        assertTrue(raise.getJsonArray("rulesFired").contains("price-move"), raise.encode());
        assertEquals(66.68, ((Number) raise.getValue("changePercent")).doubleValue(), "40.19 to 66.99");
        assertEquals(afterCut, scenes.sheet().getString("sha256"), "nothing is written before the tap");

        GuardianPhone phone = new GuardianPhone(sandbox.url(), "alice");
        GuardianPhone.Tap tap = phone.approveAt(waiting.getString("code"), Instant.now(), Instant.now()
                .plusSeconds(20)).orElseThrow(() -> new AssertionError("the revert's request never showed"));
        assertEquals(303, tap.status());
        assertTrue(tap.shown().html().contains("40.19") && tap.shown().html().contains("66.99"), tap.shown().html());

        JsonObject applied = alice.apply(waiting.getString("changesetId"), 30);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        assertEquals("APPROVED", applied.getJsonArray("approvals").getJsonObject(0).getString("status"));
        assertEquals(RevertScenes.rows(before, 2), RevertScenes.rows(scenes.sheet(), 2));
        assertEquals(before.getString("sha256"), scenes.sheet().getString("sha256"));
        JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", applied.getString("receiptId")));
        assertEquals(original.getString("receiptId"), receipt.getString("reverts"));
        assertEquals("ciba-approval", ChangesetStoryTest.writer(receipt).getString("subjectTokenSource"));
        scenes.chainIntact();
    }

    @Test
    void a_promotion_percent_that_was_blank_is_blank_again_not_zero() {
        scenes.personTypes("Products!G3", ""); // APP-1008: inactive, its percent cleared by hand
        JsonObject before = scenes.sheet();
        assertNull(before.getJsonArray("rows").getJsonArray(2).getValue(6), "G3 is empty: "
                + RevertScenes.rows(before, 3));
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        JsonObject original = alice.ok("set_promotion", Map.of("sku", "APP-1008", "active", true, "percent", 15,
                "waitSeconds", 30));
        assertEquals("SEALED", original.getString("state"), original.encode());

        JsonObject revert = scenes.revert(Map.of("receiptId", original.getString("receiptId"), "waitSeconds", 30));
        assertEquals("SEALED", revert.getString("state"), revert.encode());
        assertEquals("T2", revert.getString("maxTier"), "a promotion change, either way");
        assertEquals(RevertScenes.rows(before, 3), RevertScenes.rows(scenes.sheet(), 3));
        assertEquals(before.getString("sha256"), scenes.sheet().getString("sha256"));
    }

    @Test
    void a_revert_can_be_reverted_which_is_a_redo() {
        JsonObject original = alice.ok("update_price", Map.of("sku", "APP-1029", "price", 131.5));
        assertEquals("SEALED", original.getString("state"), original.encode());
        JsonObject changed = scenes.sheet();
        JsonObject undo = scenes.revert(Map.of("receiptId", original.getString("receiptId")));
        assertEquals("SEALED", undo.getString("state"), undo.encode());
        JsonObject redo = scenes.revert(Map.of("receiptId", undo.getString("receiptId")));
        assertEquals("SEALED", redo.getString("state"), redo.encode());
        assertEquals(RevertScenes.rows(changed, 6), RevertScenes.rows(scenes.sheet(), 6));
        assertEquals(changed.getString("sha256"), scenes.sheet().getString("sha256"));
        JsonObject redoReceipt = alice.ok("get_receipt", Map.of("receiptId", redo.getString("receiptId")));
        assertEquals(undo.getString("receiptId"), redoReceipt.getString("reverts"));
        scenes.chainIntact();
    }
}
