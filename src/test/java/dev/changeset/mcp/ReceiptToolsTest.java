package dev.changeset.mcp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptDraft;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.support.McpClients;
import dev.changeset.support.ReceiptDrafts;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.text.Sha256;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The receipt tools, the {@code receipt://} resources and {@code GET /receipts/{id}}, over real HTTP with real
 * tokens. The pipeline does not exist yet, so receipts are seeded through the log's own API.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReceiptToolsTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    ReceiptLog log;

    @Test
    void a_user_reads_lists_and_verifies_their_receipts_over_mcp() {
        String sku = "SKU-MCP-" + System.nanoTime();
        Instant start = Instant.now().minusSeconds(1);
        Receipt sealed = log.append(ReceiptDrafts.sealed("auth0|alice", sku, "19.99", "24.99")).receipt();
        Receipt denied = log.append(ReceiptDrafts.ended("auth0|alice", Outcome.DENIED, sku)).receipt();
        Receipt bobs = log.append(ReceiptDrafts.ended("auth0|bob", Outcome.DENIED, sku)).receipt();
        String token = new SandboxClient(sandboxUrl).token("alice", "openid changeset:read");

        try (McpSyncClient client = McpClients.connect(publicUrl, token)) {
            client.initialize();
            CallToolResult got = call(client, "get_receipt", Map.of("receiptId", sealed.receiptId()));
            assertFalse(Boolean.TRUE.equals(got.isError()), got.toString());
            Map<String, Object> receipt = structured(got);
            assertEquals(sealed.hash(), receipt.get("hash"));
            assertEquals(sealed.previousHash(), receipt.get("previousHash"));
            assertEquals("SEALED", receipt.get("outcome"));
            assertTrue(text(got).contains("price 19.99 -> 24.99"), text(got));

            CallToolResult others = call(client, "get_receipt", Map.of("receiptId", bobs.receiptId()));
            assertTrue(others.isError(), "bob's receipt is not alice's to read");
            assertTrue(text(others).contains("No receipt '" + bobs.receiptId() + "' that you may read"), text(others));

            CallToolResult listed = call(client, "list_receipts", Map.of("sku", sku, "from", start.toString()));
            assertFalse(Boolean.TRUE.equals(listed.isError()), listed.toString());
            assertEquals(List.of(denied.receiptId(), sealed.receiptId()), receiptIds(listed));
            assertEquals(List.of(denied.receiptId()),
                    receiptIds(call(client, "list_receipts", Map.of("sku", sku, "state", "denied"))));
            CallToolResult page = call(client, "list_receipts", Map.of("sku", sku, "limit", 1));
            assertEquals(List.of(denied.receiptId()), receiptIds(page));
            assertEquals(List.of(sealed.receiptId()), receiptIds(call(client, "list_receipts",
                    Map.of("sku", sku, "limit", 1, "before", structured(page).get("nextBefore")))));

            CallToolResult refused = call(client, "list_receipts", Map.of("user", "auth0|bob"));
            assertTrue(refused.isError());
            assertTrue(text(refused).contains("you can list only your own receipts"), text(refused));
            CallToolResult badState = call(client, "list_receipts", Map.of("state", "DONE"));
            assertTrue(badState.isError());
            assertTrue(text(badState).contains("state must be one of [SEALED, DENIED"), text(badState));
            CallToolResult badDate = call(client, "list_receipts", Map.of("from", "yesterday"));
            assertTrue(text(badDate).contains("'from' must be an ISO-8601 instant"), text(badDate));

            CallToolResult verified = call(client, "verify_audit_log", Map.of("earlierHead", denied.hash()));
            Map<String, Object> report = structured(verified);
            assertEquals(Boolean.TRUE, report.get("intact"), text(verified));
            assertEquals(((Number) report.get("earlierHeadSequence")).longValue(), denied.sequence());
            assertTrue(text(verified).startsWith("The audit log is intact"), text(verified));
            CallToolResult missing = call(client, "verify_audit_log", Map.of("earlierHead", "ab".repeat(32)));
            assertEquals(Boolean.FALSE, structured(missing).get("intact"));
            assertEquals("EARLIER_HEAD_NOT_FOUND",
                    ((Map<?, ?>) structured(missing).get("firstProblem")).get("kind"));
            assertTrue(call(client, "verify_audit_log", Map.of("earlierHead", "not-a-hash")).isError());
        }
    }

    @Test
    void receipts_are_resources_with_their_canonical_json() {
        Receipt receipt = log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-RES", "3.00", "3.50")).receipt();
        String stored = log.find(receipt.receiptId()).map(StoredReceipt::canonicalJson).orElseThrow();
        String token = new SandboxClient(sandboxUrl).token("alice", "changeset:read");
        try (McpSyncClient client = McpClients.connect(publicUrl, token)) {
            client.initialize();
            assertTrue(client.listResourceTemplates().resourceTemplates().stream()
                    .anyMatch(t -> t.uriTemplate().equals("receipt://{id}")));
            McpSchema.ReadResourceResult read = client.readResource(
                    new McpSchema.ReadResourceRequest("receipt://" + receipt.receiptId()));
            McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) read.contents().get(0);
            assertEquals(stored, contents.text());
            assertEquals("application/json", contents.mimeType());
            assertEquals(receipt.hash(), Sha256.hex(contents.text()));
            McpError unknown = assertThrows(McpError.class,
                    () -> client.readResource(new McpSchema.ReadResourceRequest("receipt://no-such-receipt")));
            assertEquals(-32002, unknown.getJsonRpcError().code());
        }
    }

    @Test
    void get_receipts_returns_the_stored_bytes_to_their_owner_and_their_approver_only() {
        Instant t = Instant.now().minusSeconds(20);
        ReceiptDraft fourEyes = ReceiptDraft.builder("cs-4eyes-" + System.nanoTime(), "CS-4EYE", Outcome.SEALED,
                "auth0|alice", t)
                .operation(new Receipt.Operation("SKU-4", List.of(new Receipt.FieldChange("price", "10", "5")), "T3",
                        List.of("price-below-cost"), "below cost", List.of(), true))
                .approval(Receipt.Approval.of("req-4eyes", "APPROVED", List.of(
                        new Receipt.Approver("auth0|alice", "APPROVED"),
                        new Receipt.Approver("auth0|dave", "APPROVED")),
                        t.plusSeconds(1), t.plusSeconds(9)))
                .build();
        StoredReceipt stored = log.append(fourEyes);
        String id = stored.receipt().receiptId();
        SandboxClient sandbox = new SandboxClient(sandboxUrl);

        Response owner = given().auth().oauth2(sandbox.token("alice", "changeset:read")).get("/receipts/" + id);
        assertEquals(200, owner.statusCode());
        assertTrue(owner.contentType().startsWith("application/json"), owner.contentType());
        assertEquals(stored.canonicalJson(), owner.asString());
        assertEquals(stored.receipt().hash(), Sha256.hex(owner.asString()));
        assertEquals("\"" + stored.receipt().hash() + "\"", owner.header("ETag"));

        assertEquals(200, given().auth().oauth2(sandbox.token("dave", "changeset:read")).get("/receipts/" + id)
                .statusCode(), "the second approver reads what they approved");
        assertEquals(404, given().auth().oauth2(sandbox.token("carol", "changeset:read")).get("/receipts/" + id)
                .statusCode());
        Response anonymous = given().get("/receipts/" + id);
        assertEquals(401, anonymous.statusCode());
        assertNull(anonymous.header("ETag"));
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    private static List<String> receiptIds(CallToolResult result) {
        return ((List<Map<String, Object>>) structured(result).get("receipts")).stream()
                .map(r -> (String) r.get("receiptId")).toList();
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
