package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Preview, apply and SKU or page reads cost the rows they name, not the catalog, over MCP against the sandbox: the
 * SKU index says which rows to read, and the same batchGet checks it (header, last SKU cell and the one below, the
 * SKU of every row read). A person (or another replica's user) moving rows between two calls is found by that
 * check: the index is rebuilt, the right row read, and a changeset previewed on the old row ends STALE, never
 * written to the row that moved under it.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class SkuIndexTest extends AliceOverMcp {

    static final String SHEET = "/sandbox/google/spreadsheets/" + Story.SPREADSHEET;

    void insertRowAbove(int row, String sku) {
        sandbox.post(SHEET + "/insert-row", new JsonObject().put("sheet", "Products").put("row", row).put("values",
                new JsonArray().add(sku).add("Inserted").add("Apparel").add(9.99).add(1.00).add(false).add(0).add(5)));
    }

    static JsonObject change(JsonObject preview) {
        return preview.getJsonArray("operations").getJsonObject(0).getJsonArray("changes").getJsonObject(0);
    }

    @Test
    void a_preview_is_one_batch_get_of_its_rows_and_an_apply_three_calls() {
        alice.preview(Story.setPrice("APP-1000", "67.99")); // the index is there (built at the first use if not)
        long mark = sandbox.callMark();
        JsonObject preview = alice.preview(Story.setPrice("APP-1029", "130.00"));   // row 6, T1
        SheetCalls read = SheetCalls.since(sandbox, mark);
        assertEquals(List.of(SheetCalls.GET), read.methods(), read.toString());
        JsonObject call = read.all().get(0);
        assertEquals(new JsonArray().add("Products!1:1").add("Products!A221:A222").add("Products!A6:I6"),
                call.getJsonArray("ranges"), "the header, the last SKU and the one below, and the product's row");
        assertTrue(call.getInteger("cells") <= 9 + 1 + 9, call.encode());
        assertEquals("Products!D6", change(preview).getString("cell"));

        mark = sandbox.callMark();
        JsonObject applied = alice.apply(preview.getString("changesetId"), 10);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        SheetCalls apply = SheetCalls.since(sandbox, mark);
        assertEquals(List.of(SheetCalls.GET, SheetCalls.WRITE, SheetCalls.GET), apply.methods(), apply.toString());
        assertEquals(new JsonArray().add("Products!A6:D6"), apply.all().get(0).getJsonArray("ranges"),
                "the guard reads the SKU and target cells of row 6 only");
        assertEquals(130.0, ((Number) alice.product("APP-1029").getValue("price")).doubleValue());
    }

    @Test
    void a_row_inserted_between_preview_and_apply_is_stale_and_the_next_preview_finds_the_row_it_moved_to() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1029", "130.00"));
        assertEquals("Products!D6", change(preview).getString("cell"));
        insertRowAbove(2, "INS-0001");
        String theirs = alice.sheetHash();

        long mark = sandbox.callMark();
        JsonObject applied = alice.apply(preview.getString("changesetId"), 10);
        assertEquals("STALE", applied.getString("state"), applied.encode());
        assertTrue(applied.getString("detail").contains("row 6 now holds SKU 'APP-1024', not APP-1029"),
                applied.getString("detail"));
        assertEquals(0, SheetCalls.since(sandbox, mark).writes(), "nothing written to the row that moved under it");
        assertEquals(theirs, alice.sheetHash());

        mark = sandbox.callMark();
        JsonObject again = alice.preview(Story.setPrice("APP-1029", "130.00"));
        SheetCalls calls = SheetCalls.since(sandbox, mark);
        assertEquals(List.of(SheetCalls.GET, SheetCalls.GET, SheetCalls.GET), calls.methods(),
                "the read that finds the sheet moved, the index rebuilt (header and SKU column), the read again: "
                        + calls);
        assertEquals(new JsonArray().add("Products!1:1").add("Products!A2:A"), calls.all().get(1)
                .getJsonArray("ranges"));
        assertEquals("Products!D7", change(again).getString("cell"));
        assertEquals(129.0, ((Number) change(again).getValue("before")).doubleValue());

        JsonObject sealed = alice.apply(again.getString("changesetId"), 10);
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        JsonObject app1029 = alice.product("APP-1029");
        assertEquals(7, app1029.getInteger("row"));
        assertEquals(130.0, ((Number) app1029.getValue("price")).doubleValue());
        assertEquals(160.0, ((Number) alice.product("APP-1024").getValue("price")).doubleValue(),
                "the product now on row 6 is untouched");
        assertEquals(9.99, ((Number) alice.product("INS-0001").getValue("price")).doubleValue());
    }

    @Test
    void rows_moved_by_another_replicas_user_are_found_by_the_check_in_the_same_read() {
        assertEquals(6, alice.product("APP-1029").getInteger("row"));
        // nothing tells this server: another replica's user (or a person) deletes nothing but inserts two rows
        insertRowAbove(3, "INS-0002");
        insertRowAbove(3, "INS-0003");
        long mark = sandbox.callMark();
        JsonObject moved = alice.product("APP-1029");
        assertEquals(8, moved.getInteger("row"));
        assertEquals(129.0, ((Number) moved.getValue("price")).doubleValue());
        assertEquals("Products!D8", moved.getJsonObject("cells").getString("price"));
        assertEquals(3, SheetCalls.since(sandbox, mark).all().size(), "check, rebuild, read");
        mark = sandbox.callMark();
        alice.product("APP-1029");
        assertEquals(1, SheetCalls.since(sandbox, mark).all().size(), "the rebuilt index holds");
    }

    @Test
    void a_page_reads_its_rows_and_an_appended_product_is_counted_and_found() {
        JsonObject page = alice.ok("read_catalog", Map.of("offset", 100, "limit", 20));
        assertEquals(220, page.getInteger("totalProducts"));
        assertEquals(20, page.getJsonArray("products").size());
        sandbox.post(SHEET + "/values", new JsonObject().put("range", "Products!A222:I222").put("values",
                new JsonArray().add(new JsonArray().add("NEW-0001").add("Appended").add("Home").add("12.50")
                        .add("5.00").add("FALSE").add("0").add("7").add("2026-03-01"))));
        long mark = sandbox.callMark();
        JsonObject last = alice.ok("read_catalog", Map.of("offset", 200, "limit", 50));
        assertEquals(221, last.getInteger("totalProducts"), "the cell below the last SKU is read on every use");
        assertEquals(21, last.getJsonArray("products").size());
        assertEquals("NEW-0001", last.getJsonArray("products").getJsonObject(20).getString("sku"));
        SheetCalls calls = SheetCalls.since(sandbox, mark);
        assertTrue(calls.all().stream().allMatch(c -> c.getInteger("cells") < 220 * 9), calls.toString());
        assertEquals(new JsonArray().add("Products!1:1").add("Products!A222:A223").add("Products!A202:I222"),
                calls.all().get(calls.all().size() - 1).getJsonArray("ranges"), "the page's 21 rows only");
    }
}
