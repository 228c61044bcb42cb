package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sheet is not ours alone: another writer edits a previewed cell, inserts a row above a target, turns a target
 * into a formula, or a second assistant changes the same SKU at the same moment. Each time the changeset ends STALE
 * (or is refused at preview) and the sheet is exactly as the other party left it: nothing of ours was written.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class SheetChangedTest extends AliceOverMcp {

    static final String VALUES = "/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/values";

    @AfterEach
    void releaseHeldApprovals() {
        sandbox.post("/sandbox/ciba/release", new JsonObject());
    }

    void edit(String range, Object value) {
        sandbox.post(VALUES, new JsonObject().put("range", range).put("values", new JsonArray().add(
                new JsonArray().add(value))));
    }

    @Test
    void another_writer_changing_a_cell_while_the_phone_waits_makes_it_stale() {
        sandbox.post("/sandbox/ciba/hold", new JsonObject());
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00")); // T2: one tap
        JsonObject waiting = alice.apply(preview.getString("changesetId"), 0);
        assertEquals("AWAITING_APPROVAL", waiting.getString("state"), waiting.encode());

        edit("Products!D2", "67.49");
        String theirs = alice.sheetHash();
        long mark = sandbox.callMark();
        sandbox.post("/sandbox/ciba/release", new JsonObject().put("action", "approve"));

        JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
        assertEquals("STALE", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("Products!D2 (APP-1000 price) was 66.99 at preview, is now"
                + " 67.49"), applied.getString("detail"));
        assertEquals(0, SheetCalls.since(sandbox, mark).writes(), "no write was sent");
        assertEquals(theirs, alice.sheetHash(), "the sheet is as the other writer left it");
        JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", applied.getString("receiptId")));
        assertEquals("STALE", receipt.getString("outcome"));
    }

    @Test
    void a_row_inserted_above_the_target_makes_it_stale_and_touches_no_other_product() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1029", "130.00")); // row 6, T1
        assertEquals("Products!D6", preview.getJsonArray("operations").getJsonObject(0).getJsonArray("changes")
                .getJsonObject(0).getString("cell"));
        sandbox.post("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/insert-row", new JsonObject()
                .put("sheet", "Products").put("row", 2).put("values", new JsonArray().add("INS-0001")
                        .add("Inserted Above").add("Apparel").add(9.99).add(1.00).add(false).add(0).add(5)));
        String theirs = alice.sheetHash();
        long mark = sandbox.callMark();

        JsonObject applied = alice.apply(preview.getString("changesetId"), 10);
        assertEquals("STALE", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("row 6 now holds SKU 'APP-1024', not APP-1029"),
                applied.getString("detail"));
        assertEquals(0, SheetCalls.since(sandbox, mark).writes());
        assertEquals(theirs, alice.sheetHash(), "no product was touched, the one now on row 6 least of all");
        assertEquals(129.0, ((Number) alice.product("APP-1029").getValue("price")).doubleValue());
        assertEquals(160.0, ((Number) alice.product("APP-1024").getValue("price")).doubleValue());
    }

    @Test
    void a_formula_in_a_target_cell_is_refused_at_preview_with_the_reason() {
        long mark = sandbox.callMark();
        String refused = alice.error("preview_changeset", Map.of("operations",
                List.of(Story.setPrice("HOM-1081", "45.00"))));
        assertTrue(refused.contains("operation 1 (set_price HOM-1081): cell Products!D57 holds a formula"
                + " (=ROUND(E57*1.8,2)); formula cells are never overwritten"), refused);
        assertEquals(0, SheetCalls.since(sandbox, mark).writes());
    }

    @Test
    void a_formula_written_into_a_target_after_the_preview_is_never_overwritten() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "68.99"));
        edit("Products!D2", "=ROUND(E2*2.733,2)"); // shows 66.99, as previewed, but it is a formula now
        String theirs = alice.sheetHash();

        JsonObject applied = alice.apply(preview.getString("changesetId"), 10);
        assertEquals("STALE", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("is now =ROUND(E2*2.733,2)"), applied.getString("detail"));
        assertEquals(theirs, alice.sheetHash());
    }

    @Test
    void two_assistants_changing_the_same_sku_at_once_one_applies_the_other_is_stale() throws Exception {
        try (Story dave = new Story(publicUrl, sandboxUrl, "dave")) {
            JsonObject mine = alice.preview(Story.setPrice("APP-1000", "68.99"));
            JsonObject theirs = dave.preview(Story.setPrice("APP-1000", "69.49"));
            // Every write takes 800 ms to land: without coordination both guards would pass before either write.
            sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "latency").put("millis", 800)
                    .put("on", "write"));
            long mark = sandbox.callMark();

            CompletableFuture<JsonObject> a = CompletableFuture.supplyAsync(
                    () -> alice.apply(mine.getString("changesetId"), 30));
            CompletableFuture<JsonObject> d = CompletableFuture.supplyAsync(
                    () -> dave.apply(theirs.getString("changesetId"), 30));
            List<String> states = List.of(a.get(60, TimeUnit.SECONDS).getString("state"),
                    d.get(60, TimeUnit.SECONDS).getString("state"));

            assertEquals(List.of("SEALED", "STALE"), states.stream().sorted().toList(), states.toString());
            assertEquals(1, SheetCalls.since(sandbox, mark).writes(), "one write reached the sheet");
            double price = ((Number) alice.product("APP-1000").getValue("price")).doubleValue();
            assertEquals(states.get(0).equals("SEALED") ? 68.99 : 69.49, price);
            JsonObject loser = states.get(0).equals("STALE") ? a.get() : d.get();
            assertNotEquals(null, loser.getString("receiptId"));
            assertTrue(loser.getString("detail").contains("was 66.99 at preview"), loser.getString("detail"));
        }
    }
}
