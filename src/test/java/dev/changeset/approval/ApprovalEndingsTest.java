package dev.changeset.approval;

import static dev.changeset.approval.ApprovalScenes.awaitState;
import static dev.changeset.approval.ApprovalScenes.onlyRequest;
import static dev.changeset.approval.ApprovalScenes.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The endings where nothing is written, over MCP with the sandbox: the request expires, Auth0's sixth request in a
 * minute, a cancel followed by a late approval, and operations that differ from what was approved (changed in the
 * database after the request went out, or an approval that comes back for other operations).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ApprovalEndingsTest extends GateStory {

    /** Numbers exactly as stored: 80.00 stays 80.00 (a tree would strip it to 8E+1 by default). */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false).build();

    /** A T2 change (APP-1000 from 66.99 to 80.00) whose approval was asked for and is pending. */
    JsonObject awaiting() {
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        assertEquals("ONE_TAP", preview.getString("approval"));
        JsonObject applied = alice.apply(preview.getString("changesetId"), 0);
        assertEquals("AWAITING_APPROVAL", applied.getString("state"), applied.encode());
        return applied;
    }

    @Test
    void an_expired_request_ends_the_changeset_expired_with_a_receipt_and_nothing_written() {
        alice.sandbox.post("/sandbox/ciba/settings", new JsonObject().put("expired_error", "expired_token"));
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "expire")
                .put("after_ms", 500));
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        JsonObject applied = alice.apply(preview.getString("changesetId"), 20);
        assertEquals("EXPIRED", applied.getString("state"), applied.encode());
        assertEquals("EXPIRED", receipt(alice, applied).getString("outcome"));
        assertEquals("EXPIRED", applied.getJsonArray("approvals").getJsonObject(0).getString("status"));
        assertEquals(before, alice.sheetHash(), "expired: the sheet is byte for byte unchanged");
    }

    @Test
    void the_sixth_request_in_a_minute_fails_the_changeset_clearly_with_a_receipt() {
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(awaiting().getString("changesetId"));
        }
        JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
        JsonObject sixth = alice.apply(preview.getString("changesetId"), 10);

        assertEquals("FAILED", sixth.getString("state"), sixth.encode());
        String detail = sixth.getString("detail");
        assertTrue(detail.contains("at most 5 approval requests a minute") && detail.matches(".*try again in \\d+ s.*"),
                detail);
        assertTrue(sixth.getString("next").contains(detail), "the answer tells what happened: " + sixth.encode());
        assertEquals("FAILED", receipt(alice, sixth).getString("outcome"));
        assertEquals(5, alice.cibaRequests("alice").size(), "Auth0 took five; the sixth was refused");
        assertEquals(before, alice.sheetHash());
        pending.forEach(id -> alice.ok("cancel_changeset", Map.of("changesetId", id)));
    }

    @Test
    void a_cancelled_changeset_never_runs_even_when_approved_later() throws Exception {
        JsonObject waiting = awaiting();
        String id = waiting.getString("changesetId");
        JsonObject cancelled = alice.ok("cancel_changeset", Map.of("changesetId", id));
        assertEquals("CANCELLED", cancelled.getString("state"), cancelled.encode());

        String request = onlyRequest(alice, "alice").getString("id");
        alice.sandbox.post("/sandbox/ciba/requests/" + request + "/approve", new JsonObject());
        Thread.sleep(3_000); // three poll intervals: a poller that still followed the request would redeem it now

        assertEquals("approved", onlyRequest(alice, "alice").getString("status"),
                "the late approval was never redeemed: no token was taken for a cancelled changeset");
        JsonObject again = alice.apply(id, 5);
        assertEquals("CANCELLED", again.getString("state"), "apply_changeset cannot revive it: " + again.encode());
        assertEquals(1, alice.cibaRequests("alice").size(), "and it sent no new push");
        JsonObject receipt = receipt(alice, again);
        assertEquals("CANCELLED", receipt.getString("outcome"));
        assertNotEquals("APPROVED", receipt.getJsonObject("approval").getString("outcome"), receipt.encode());
        assertEquals(before, alice.sheetHash(), "cancelled: the sheet is byte for byte unchanged");
    }

    @Test
    void operations_changed_in_the_database_after_the_request_are_refused() throws Exception {
        String id = awaiting().getString("changesetId");
        Map<String, String> row = ApprovalScenes.rows(db, "SELECT operations, operations_hash FROM changeset"
                + " WHERE id = ?", id).get(0);
        JsonNode operations = JSON.readTree(row.get("operations"));
        assertEquals(row.get("operations_hash"), hash(operations), "the test computes the hash as the server does");
        // Someone with database access rewrites the new price, and the stored hash to match it.
        ((ObjectNode) operations.get(0).get("cells").get(0)).put("after", new BigDecimal("99.00"));
        ApprovalScenes.update(db, "UPDATE changeset SET operations = ?, operations_hash = ? WHERE id = ?",
                JSON.writeValueAsString(operations), hash(operations), id);

        approveOnlyRequest();
        JsonObject ended = awaitState(alice, id, "FAILED", Duration.ofSeconds(20));
        assertTrue(ended.getString("detail").contains("differ from the ones that were previewed and approved"),
                ended.encode());
        assertEquals("FAILED", receipt(alice, ended).getString("outcome"));
        assertEquals(before, alice.sheetHash(), "refused: the sheet is byte for byte unchanged");
    }

    @Test
    void an_approval_that_comes_back_for_other_operations_is_refused() throws Exception {
        String id = awaiting().getString("changesetId");
        JsonObject request = onlyRequest(alice, "alice");
        JsonArray echoed = request.getJsonArray("authorization_details").copy();
        JsonObject properties = echoed.getJsonObject(0).getJsonObject("properties");
        properties.getJsonObject("op_1").put("value", "66.99 -> 1.00 (T2)");
        properties.getJsonObject("operations_hash").put("value", "sha256:" + "0".repeat(64));
        alice.sandbox.post("/sandbox/ciba/requests/" + request.getString("id") + "/echo",
                new JsonObject().put("authorization_details", echoed));

        approveOnlyRequest();
        JsonObject ended = awaitState(alice, id, "FAILED", Duration.ofSeconds(20));
        assertTrue(ended.getString("detail").contains("approved other operations than this changeset's"),
                ended.encode());
        assertEquals("REFUSED", ended.getJsonArray("approvals").getJsonObject(0).getString("status"));
        assertEquals("FAILED", receipt(alice, ended).getString("outcome"));
        assertEquals(before, alice.sheetHash(), "refused: the sheet is byte for byte unchanged");
    }

    private void approveOnlyRequest() {
        alice.sandbox.post("/sandbox/ciba/requests/" + onlyRequest(alice, "alice").getString("id") + "/approve",
                new JsonObject());
    }

    /** The operations hash as the server computes it: every written cell's SKU, field, before, after and tier. */
    static String hash(JsonNode operations) {
        List<ApprovalItem> items = new ArrayList<>();
        for (JsonNode op : operations) {
            for (JsonNode cell : op.get("cells")) {
                items.add(new ApprovalItem(op.get("sku").asText(), cell.get("field").asText(), shown(cell.get("before")),
                        shown(cell.get("after")), op.get("tier").asText()));
            }
        }
        return ApprovalDetails.operationsHash(items);
    }

    private static String shown(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isBigDecimal() || value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.isBoolean() ? (value.asBoolean() ? "TRUE" : "FALSE") : value.asText();
    }
}
