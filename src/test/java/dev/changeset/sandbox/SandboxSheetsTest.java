package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Sheets emulator through the real google-api-services-sheets client, over HTTP. */
class SandboxSheetsTest {

    static final String ID = SandboxGoogleClient.SPREADSHEET;

    static Sandbox running;
    static SandboxClient sandbox;
    Sheets alice;
    Sheets carol;

    @BeforeAll
    static void start() {
        running = Sandbox.start(0);
        sandbox = new SandboxClient(running.url());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void setUp() {
        sandbox.post("/sandbox/google/reset", new JsonObject());
        alice = SandboxGoogleClient.sheets(running.url(),
                SandboxGoogleClient.exchange(sandbox, "alice").getString("access_token"));
        carol = SandboxGoogleClient.sheets(running.url(),
                SandboxGoogleClient.exchange(sandbox, "carol").getString("access_token"));
    }

    private ValueRange get(Sheets sheets, String range, String render) throws IOException {
        return sheets.spreadsheets().values().get(ID, range).setValueRenderOption(render).execute();
    }

    @Test
    void the_seeded_catalog_reads_back_with_each_render_option() throws IOException {
        ValueRange all = get(carol, "Products", "FORMULA");
        assertEquals("Products!A1:Z1000", all.getRange());
        assertEquals(221, all.getValues().size(), "a header and 220 products");
        assertEquals(List.of("SKU", "Name", "Category", "Price", "Cost", "Promo Active", "Promo %", "Inventory",
                "Launch Date"), all.getValues().get(0));
        assertEquals("APP-1000", all.getValues().get(1).get(0));
        assertEquals(new BigDecimal("66.99"), all.getValues().get(1).get(3));
        assertEquals(Boolean.FALSE, all.getValues().get(1).get(5));
        assertEquals("$1,299.00", get(carol, "Products!D33", "FORMULA").getValues().get(0).get(0));
        assertEquals("n/a", get(carol, "Products!E79", "FORMULA").getValues().get(0).get(0));
        assertEquals(null, get(carol, "Products!H122", "FORMULA").getValues(), "the blank inventory cell");

        assertEquals("=ROUND(E57*1.8,2)", get(carol, "Products!D57", "FORMULA").getValues().get(0).get(0));
        BigDecimal cost = (BigDecimal) get(carol, "Products!E57", "UNFORMATTED_VALUE").getValues().get(0).get(0);
        BigDecimal computed = cost.multiply(new BigDecimal("1.8")).setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        assertEquals(0, computed.compareTo((BigDecimal) get(carol, "Products!D57", "UNFORMATTED_VALUE").getValues()
                .get(0).get(0)));
        assertEquals(computed.toPlainString(), get(carol, "Products!D57", "FORMATTED_VALUE").getValues().get(0).get(0));
        assertEquals("FALSE", get(carol, "Products!F2", "FORMATTED_VALUE").getValues().get(0).get(0));
    }

    @Test
    void a_reset_seeds_any_size_and_the_call_log_counts_the_cells_and_bytes_of_each_answer() throws IOException {
        try {
            assertEquals(10_000, sandbox.post("/sandbox/google/reset", new JsonObject().put("products", 10_000))
                    .getInteger("products"));
            ValueRange all = get(carol, "Products", "FORMULA");
            assertEquals(10_001, all.getValues().size(), "a header and 10,000 products");
            assertEquals("APP-1000", all.getValues().get(1).get(0), "the seed's 220 come first");
            assertEquals("$1,299.00", all.getValues().get(32).get(3), "with their broken cells");
            List<Object> last = all.getValues().get(10_000);
            assertEquals("GEN-010000", last.get(0));
            assertEquals(9, last.size(), "every column of a generated product is filled");
            assertTrue(last.get(3) instanceof BigDecimal && last.get(7) instanceof BigDecimal, last.toString());
            assertEquals(last, get(carol, "Products!A10001:I10001", "FORMULA").getValues().get(0));

            long mark = sandbox.callMark();
            List<ValueRange> two = carol.spreadsheets().values().batchGet(ID)
                    .setRanges(List.of("Products!1:1", "Products!A5000:I5001")).setValueRenderOption("FORMULA")
                    .execute().getValueRanges();
            JsonObject call = sandbox.callsSince(mark).getJsonObject(0);
            assertEquals(9 + 18, call.getInteger("cells"), call.encode());
            int bytes = call.getInteger("bytes");
            assertTrue(bytes > 27 * 3 && bytes < 2_000, "27 cells of JSON: " + call.encode());
            assertEquals(List.of("SKU", "Name", "Category", "Price", "Cost", "Promo Active", "Promo %", "Inventory",
                    "Launch Date"), two.get(0).getValues().get(0));

            mark = sandbox.callMark();
            get(carol, "Products", "FORMULA");
            JsonObject whole = sandbox.callsSince(mark).getJsonObject(0);
            assertEquals(10_001 * 9, whole.getInteger("cells"), whole.encode());
            assertTrue(whole.getInteger("bytes") > 300 * bytes, "the whole sheet is megabytes: " + whole.encode());
            assertEquals(400, sandbox.postJson("/sandbox/google/reset", "none", new JsonObject().put("products", 0))
                    .getInteger("_status"));
        } finally {
            sandbox.post("/sandbox/google/reset", new JsonObject());
        }
        assertEquals(221, get(carol, "Products", "FORMULA").getValues().size(), "a reset without a size: 220");
    }

    @Test
    void batch_get_reads_quoted_sheet_names_and_several_ranges() throws IOException {
        List<ValueRange> ranges = carol.spreadsheets().values().batchGet(ID)
                .setRanges(List.of("'Launch Schedule'!A1:E2", "Products!A2:B3")).setValueRenderOption("FORMULA")
                .execute().getValueRanges();
        assertEquals("'Launch Schedule'!A1:E2", ranges.get(0).getRange());
        assertEquals(List.of("Launch Date", "SKU", "Channel", "Campaign", "Status"), ranges.get(0).getValues().get(0));
        assertEquals("Products!A2:B3", ranges.get(1).getRange());
        assertEquals(2, ranges.get(1).getValues().size());
    }

    @Test
    void raw_keeps_a_leading_equals_as_text_and_user_entered_makes_it_a_formula() throws IOException {
        alice.spreadsheets().values().update(ID, "Products!J2", new ValueRange().setValues(List.of(List.of("=1+1"))))
                .setValueInputOption("RAW").execute();
        alice.spreadsheets().values().update(ID, "Products!K2", new ValueRange().setValues(List.of(List.of("=1+1"))))
                .setValueInputOption("USER_ENTERED").execute();
        JsonArray row2 = snapshot("Products").getJsonArray("rows").getJsonArray(1);
        assertEquals(new JsonObject().put("string", "=1+1"), row2.getJsonObject(9));
        assertEquals(new JsonObject().put("formula", "=1+1"), row2.getJsonObject(10));
        assertEquals(new BigDecimal("2"), get(carol, "Products!K2", "UNFORMATTED_VALUE").getValues().get(0).get(0));
        assertEquals("=1+1", get(carol, "Products!J2", "UNFORMATTED_VALUE").getValues().get(0).get(0));
    }

    @Test
    void batch_update_applies_every_range_or_none() throws IOException {
        String before = snapshot("Products").getString("sha256");
        BatchUpdateValuesRequest bad = new BatchUpdateValuesRequest().setValueInputOption("RAW").setData(List.of(
                new ValueRange().setRange("Products!D2").setValues(List.of(List.of(1))),
                new ValueRange().setRange("Nowhere!A1").setValues(List.of(List.of(2)))));
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> alice.spreadsheets().values().batchUpdate(ID, bad).execute());
        assertEquals(404, e.getStatusCode());
        assertEquals(before, snapshot("Products").getString("sha256"), "nothing was written");

        BatchUpdateValuesRequest good = new BatchUpdateValuesRequest().setValueInputOption("RAW").setData(List.of(
                new ValueRange().setRange("Products!D2").setValues(List.of(List.of(new BigDecimal("70.5")))),
                new ValueRange().setRange("'Launch Schedule'!E2").setValues(List.of(List.of("Confirmed")))));
        BatchUpdateValuesResponse answer = alice.spreadsheets().values().batchUpdate(ID, good).execute();
        assertEquals(2, answer.getTotalUpdatedCells());
        assertEquals(2, answer.getTotalUpdatedSheets());
        assertEquals("Products!D2", answer.getResponses().get(0).getUpdatedRange());
        assertEquals(new BigDecimal("70.5"), get(carol, "Products!D2", "FORMULA").getValues().get(0).get(0));
    }

    @Test
    void writing_outside_the_named_box_is_refused() {
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> alice.spreadsheets().values().update(ID, "Products!D2:D3",
                        new ValueRange().setValues(List.of(List.of(1), List.of(2), List.of(3))))
                        .setValueInputOption("RAW").execute());
        assertEquals(400, e.getStatusCode());
        assertEquals("INVALID_ARGUMENT", e.getDetails().get("status"));
    }

    @Test
    void append_adds_after_the_last_row() throws IOException {
        var answer = alice.spreadsheets().values().append(ID, "Products!A1",
                new ValueRange().setValues(List.of(List.of("NEW-1", "Test Product", "Home", 10, 4, false, 0, 5))))
                .setValueInputOption("USER_ENTERED").execute();
        assertEquals("Products!A222:H222", answer.getUpdates().getUpdatedRange());
        assertEquals("Products!A1:H221", answer.getTableRange());
        assertEquals("NEW-1", get(carol, "Products!A222", "FORMULA").getValues().get(0).get(0));
    }

    @Test
    void tokens_and_scopes_are_checked_like_google() {
        GoogleJsonResponseException readOnly = assertThrows(GoogleJsonResponseException.class,
                () -> carol.spreadsheets().values().update(ID, "Products!D2",
                        new ValueRange().setValues(List.of(List.of(1)))).setValueInputOption("RAW").execute());
        assertEquals(403, readOnly.getStatusCode());
        assertEquals("insufficientPermissions", readOnly.getDetails().getErrors().get(0).getReason());
        assertEquals("PERMISSION_DENIED", readOnly.getDetails().get("status"));

        Sheets stranger = SandboxGoogleClient.sheets(running.url(), "ya29.sandbox.not-issued");
        GoogleJsonResponseException unknown = assertThrows(GoogleJsonResponseException.class,
                () -> get(stranger, "Products!A1", "FORMULA"));
        assertEquals(401, unknown.getStatusCode());
        assertEquals("UNAUTHENTICATED", unknown.getDetails().get("status"));

        GoogleJsonResponseException noSheet = assertThrows(GoogleJsonResponseException.class,
                () -> alice.spreadsheets().values().get("no-such-spreadsheet", "A1").execute());
        assertEquals(404, noSheet.getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> get(alice, "'No Such Sheet'!A1", "FORMULA")).getStatusCode());
        assertEquals(400, assertThrows(GoogleJsonResponseException.class,
                () -> get(alice, "Products!A1:B2:C3", "FORMULA")).getStatusCode());
    }

    @Test
    void revoked_tokens_are_refused() throws IOException {
        get(alice, "Products!A1", "FORMULA");
        sandbox.post("/sandbox/google/tokens/revoke", new JsonObject().put("user", "alice"));
        assertEquals(401, assertThrows(GoogleJsonResponseException.class,
                () -> get(alice, "Products!A1", "FORMULA")).getStatusCode());
    }

    @Test
    void the_write_quota_answers_429_beyond_the_limit() throws IOException {
        sandbox.post("/sandbox/google/quota", new JsonObject().put("writesPerMinute", 2));
        for (int i = 0; i < 2; i++) {
            alice.spreadsheets().values().update(ID, "Products!J2", new ValueRange().setValues(List.of(List.of(i))))
                    .setValueInputOption("RAW").execute();
        }
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> alice.spreadsheets().values().update(ID, "Products!J2",
                        new ValueRange().setValues(List.of(List.of(9)))).setValueInputOption("RAW").execute());
        assertEquals(429, e.getStatusCode());
        assertEquals("RESOURCE_EXHAUSTED", e.getDetails().get("status"));
        get(alice, "Products!J2", "FORMULA"); // reads are not write quota
    }

    @Test
    void faults_fail_delay_corrupt_and_lose_answers() throws IOException {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 503)
                .put("count", 2).put("on", "read"));
        assertEquals(503, assertThrows(GoogleJsonResponseException.class,
                () -> get(alice, "Products!A1", "FORMULA")).getStatusCode());
        assertEquals(503, assertThrows(GoogleJsonResponseException.class,
                () -> get(alice, "Products!A1", "FORMULA")).getStatusCode());
        get(alice, "Products!A1", "FORMULA");

        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "latency").put("millis", 300)
                .put("count", 1));
        long start = System.nanoTime();
        get(alice, "Products!A1", "FORMULA");
        assertTrue(System.nanoTime() - start >= 290_000_000L, "answered after the added latency");

        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "corrupt-write"));
        alice.spreadsheets().values().update(ID, "Products!D2", new ValueRange().setValues(List.of(List.of(50))))
                .setValueInputOption("RAW").execute();
        assertEquals(new BigDecimal("51"), get(alice, "Products!D2", "FORMULA").getValues().get(0).get(0));

        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "lose-write-answer"));
        assertThrows(IOException.class, () -> alice.spreadsheets().values().update(ID, "Products!D3",
                new ValueRange().setValues(List.of(List.of(77)))).setValueInputOption("RAW").execute());
        assertEquals(new BigDecimal("77"), get(alice, "Products!D3", "FORMULA").getValues().get(0).get(0),
                "applied although the answer was lost");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "explode")));
        assertTrue(refused.getMessage().contains("400"), refused.getMessage());
    }

    @Test
    void the_call_log_names_the_user_and_the_exchange_but_not_the_token() throws IOException {
        long since = sandbox.get("/sandbox/google/calls").getLong("next");
        JsonObject exchange = SandboxGoogleClient.exchange(sandbox, "alice");
        Sheets sheets = SandboxGoogleClient.sheets(running.url(), exchange.getString("access_token"));
        sheets.spreadsheets().values().batchGet(ID).setRanges(List.of("Products!A1", "'Launch Schedule'!A1"))
                .execute();
        JsonArray calls = sandbox.get("/sandbox/google/calls?since=" + since).getJsonArray("calls");
        assertEquals(1, calls.size());
        JsonObject call = calls.getJsonObject(0);
        assertEquals("values.batchGet", call.getString("method"));
        assertEquals(new JsonArray().add("Products!A1").add("'Launch Schedule'!A1"), call.getJsonArray("ranges"));
        assertEquals("auth0|alice", call.getString("user"));
        assertTrue(call.getString("exchangeId").startsWith("sbx-exchange-"));
        assertEquals(200, call.getInteger("status"));
        assertFalse(call.encode().contains(exchange.getString("access_token")));
    }

    @Test
    void another_writer_can_edit_cells_and_insert_rows_and_formulas_follow() throws IOException {
        String before = snapshot("Products").getString("sha256");
        sandbox.post("/sandbox/google/spreadsheets/" + ID + "/values", new JsonObject().put("range", "Products!D2")
                .put("values", new JsonArray().add(new JsonArray().add("12.5"))));
        assertNotEquals(before, snapshot("Products").getString("sha256"));
        assertEquals(new BigDecimal("12.5"), get(alice, "Products!D2", "FORMULA").getValues().get(0).get(0));

        sandbox.post("/sandbox/google/spreadsheets/" + ID + "/insert-row", new JsonObject().put("sheet", "Products")
                .put("row", 3).put("values", new JsonArray().add("INS-1").add("Inserted")));
        assertEquals("INS-1", get(alice, "Products!A3", "FORMULA").getValues().get(0).get(0));
        assertEquals("=ROUND(E58*1.8,2)", get(alice, "Products!D58", "FORMULA").getValues().get(0).get(0));
    }

    private JsonObject snapshot(String sheet) {
        return sandbox.get("/sandbox/google/spreadsheets/" + ID + "/snapshot?sheet="
                + java.net.URLEncoder.encode(sheet, java.nio.charset.StandardCharsets.UTF_8));
    }
}
