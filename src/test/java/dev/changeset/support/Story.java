package dev.changeset.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** One user's assistant over the official MCP Java SDK client, with the sandbox at hand: the tests' vocabulary. */
public final class Story implements AutoCloseable {

    public static final String SPREADSHEET = "1SbxCommerceChangesetDemoCatalog2026";

    public final SandboxClient sandbox;
    public final McpSyncClient client;

    public Story(String publicUrl, String sandboxUrl, String user) {
        this(publicUrl, sandboxUrl, user, Duration.ofSeconds(60));
    }

    public Story(String publicUrl, String sandboxUrl, String user, Duration requestTimeout) {
        this.sandbox = new SandboxClient(sandboxUrl);
        this.client = McpClients.connect(publicUrl, sandbox.token(user, "openid changeset:read changeset:write"),
                requestTimeout);
        client.initialize();
    }

    /** Puts the sandbox back as at start, with one-second CIBA polling for quick tests. */
    public static void resetSandbox(SandboxClient sandbox) {
        sandbox.reset();
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1));
        sandbox.delete("/sandbox/gmail/outbox");
    }

    public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** Calls a tool that must succeed and returns its structured content. */
    @SuppressWarnings("unchecked")
    public JsonObject ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " failed: " + text(result));
        return new JsonObject((Map<String, Object>) result.structuredContent());
    }

    /** Calls a tool that must fail as a tool error and returns its message. */
    public String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = call(tool, arguments);
        assertTrue(Boolean.TRUE.equals(result.isError()), tool + " should have failed: " + text(result));
        return text(result);
    }

    public static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    public JsonObject preview(Map<String, Object>... operations) {
        return ok("preview_changeset", Map.of("operations", List.of(operations)));
    }

    public JsonObject apply(String changesetId, int waitSeconds) {
        return ok("apply_changeset", Map.of("changesetId", changesetId, "waitSeconds", waitSeconds));
    }

    public static Map<String, Object> setPrice(String sku, String price) {
        return Map.of("op", "set_price", "sku", sku, "price", new java.math.BigDecimal(price));
    }

    /** Every cell of the product sheet with a SHA-256 over them: "unchanged byte for byte". */
    public String sheetHash() {
        return sandbox.get("/sandbox/google/spreadsheets/" + SPREADSHEET + "/snapshot?sheet=Products")
                .getString("sha256");
    }

    /** A product as read_catalog shows it. */
    public JsonObject product(String sku) {
        JsonArray products = ok("read_catalog", Map.of("skus", List.of(sku))).getJsonArray("products");
        return products.getJsonObject(0);
    }

    public JsonArray cibaRequests(String user) {
        return sandbox.get("/sandbox/ciba/requests?user=" + user).getJsonArray("requests");
    }

    /**
     * The outbox's messages about one changeset (its code in the subject), once there are {@code count} or the time
     * is up: a mail of an earlier test's changeset may land after that test ended, so tests look for their own.
     */
    public JsonArray outboxFor(String code, int count, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        JsonArray mine;
        do {
            mine = new JsonArray();
            for (Object m : sandbox.get("/sandbox/gmail/outbox").getJsonArray("messages")) {
                if (((JsonObject) m).getString("subject", "").contains("[" + code + "]")) {
                    mine.add(m);
                }
            }
            if (mine.size() >= count) {
                return mine;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(end));
        return mine;
    }

    /** The sandbox outbox, waiting up to {@code within} for at least {@code count} messages. */
    public JsonArray outbox(int count, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        JsonArray messages;
        do {
            messages = sandbox.get("/sandbox/gmail/outbox").getJsonArray("messages");
            if (messages.size() >= count) {
                return messages;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(end));
        return messages;
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
