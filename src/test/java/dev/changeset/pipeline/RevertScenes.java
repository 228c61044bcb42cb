package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import dev.changeset.text.Sha256;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The revert stories' vocabulary: the sheet as stored cells, a person's edit, receipts as their sealed bytes. */
final class RevertScenes {

    static final String VALUES = "/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/values";

    private final SandboxClient sandbox;
    private final Story user;

    RevertScenes(SandboxClient sandbox, Story user) {
        this.sandbox = sandbox;
        this.user = user;
    }

    /** Every stored cell of the product sheet, typed, and its SHA-256: the sheet byte for byte. */
    JsonObject sheet() {
        return sandbox.get("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/snapshot?sheet=Products");
    }

    /** Every cell of the given sheet rows (1-based, the header is row 1), as stored: number, text, bool or empty. */
    static List<String> rows(JsonObject sheet, int... rows) {
        JsonArray all = sheet.getJsonArray("rows");
        return java.util.Arrays.stream(rows).mapToObj(r -> r + ": " + all.getJsonArray(r - 1).encode()).toList();
    }

    /** A person types into a cell in the Sheets UI (USER_ENTERED, as the sandbox's edit route does). */
    void personTypes(String range, Object value) {
        sandbox.post(VALUES, new JsonObject().put("range", range).put("values",
                new JsonArray().add(new JsonArray().add(value))));
    }

    /** The receipt as stored and hashed, read as the MCP resource {@code receipt://{id}}. */
    String sealedBytes(String receiptId) {
        McpSchema.ReadResourceResult read = user.client.readResource(
                new McpSchema.ReadResourceRequest("receipt://" + receiptId));
        return ((McpSchema.TextResourceContents) read.contents().get(0)).text();
    }

    JsonObject revert(Map<String, Object> arguments) {
        return user.ok("revert_changeset", arguments);
    }

    /** The whole chain recomputed from the stored bytes: intact, and the head is the newest receipt. */
    void chainIntact() {
        JsonObject report = user.ok("verify_audit_log", Map.of());
        assertTrue(report.getBoolean("intact"), report.encode());
    }

    /** A sealed receipt's bytes still hash to its hash and read as the receipt get_receipt shows. */
    void sealedAsShown(String receiptId, String bytes) {
        JsonObject shown = user.ok("get_receipt", Map.of("receiptId", receiptId));
        assertEquals(shown.getString("hash"), Sha256.hex(bytes));
    }

    static JsonObject operation(JsonObject changeset, int index) {
        return changeset.getJsonArray("operations").getJsonObject(index);
    }
}
