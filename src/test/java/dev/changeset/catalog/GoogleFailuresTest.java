package dev.changeset.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.TokenVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * read_catalog when Google misbehaves: 429 and 5xx retried a bounded number of times (counted at the sandbox),
 * then a clear error; a 401 drops the cached token and tries once more with a fresh exchange.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class GoogleFailuresTest {

    /** One attempt plus changeset.catalog.retry.max-retries (3 by default). */
    static final int ATTEMPTS = 4;

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    TokenVault vault;

    SandboxClient sandbox;
    long since;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        vault.invalidate("auth0|alice");
        since = sandbox.callMark();
    }

    McpSchema.CallToolResult readCatalog() {
        try (McpSyncClient client = McpClients.connect(publicUrl, sandbox.token("alice", "changeset:read"))) {
            client.initialize();
            return client.callTool(new McpSchema.CallToolRequest("read_catalog", Map.of("limit", 1)));
        }
    }

    JsonArray calls() {
        return sandbox.callsSince(since);
    }

    List<Integer> statuses() {
        return calls().stream().map(c -> ((JsonObject) c).getInteger("status")).toList();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    void fail(int status, int count) {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", status)
                .put("count", count).put("on", "read"));
    }

    @Test
    void a_passing_503_is_retried_and_the_read_succeeds() {
        fail(503, 2);
        McpSchema.CallToolResult result = readCatalog();
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        assertEquals(List.of(503, 503, 200), statuses());
    }

    @Test
    void lasting_429_is_retried_a_bounded_number_of_times_then_explained() {
        fail(429, 100);
        McpSchema.CallToolResult result = readCatalog();
        assertTrue(result.isError());
        assertEquals("Google Sheets is limiting requests: your Google account's per-minute read quota is used up (HTTP"
                + " 429, still after " + ATTEMPTS + " attempts). Google refills it every minute: try again in a"
                + " minute.", text(result));
        assertEquals(ATTEMPTS, calls().size());
    }

    @Test
    void a_429_without_errors_array_is_still_google_s_quota_and_retried() {
        sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 429)
                .put("count", 2).put("on", "read").put("form", "details"));
        McpSchema.CallToolResult result = readCatalog();
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        assertEquals(List.of(429, 429, 200), statuses());
    }

    @Test
    void a_scope_refusal_is_recognised_in_either_of_google_s_forms() {
        for (String form : List.of("legacy", "details")) {
            sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 403)
                    .put("count", 1).put("on", "read").put("form", form));
            McpSchema.CallToolResult result = readCatalog();
            assertTrue(result.isError());
            assertTrue(text(result).contains("does not grant the scope "
                    + "https://www.googleapis.com/auth/spreadsheets.readonly"), form + ": " + text(result));
        }
    }

    @Test
    void lasting_5xx_is_retried_a_bounded_number_of_times_then_explained() {
        fail(500, 100);
        McpSchema.CallToolResult result = readCatalog();
        assertTrue(result.isError());
        assertEquals("Google Sheets is not answering properly (HTTP 500) after " + ATTEMPTS + " attempts. Try again "
                + "in a few minutes.", text(result));
        assertEquals(ATTEMPTS, calls().size());
    }

    @Test
    void a_revoked_google_token_is_dropped_and_exchanged_once_more() {
        assertFalse(Boolean.TRUE.equals(readCatalog().isError()));
        sandbox.post("/sandbox/google/tokens/revoke", new JsonObject().put("user", "alice"));
        McpSchema.CallToolResult result = readCatalog();
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        JsonArray calls = calls();
        assertEquals(List.of(200, 401, 200), statuses());
        assertEquals(calls.getJsonObject(0).getString("exchangeId"), calls.getJsonObject(1).getString("exchangeId"),
                "the second read used the cached token");
        assertNotEquals(calls.getJsonObject(1).getString("exchangeId"), calls.getJsonObject(2).getString("exchangeId"),
                "after the 401 a fresh exchange");
        assertEquals(2L, sandbox.exchanges("alice"));
    }

    @Test
    void google_refusing_the_fresh_token_too_asks_to_reconnect() {
        fail(401, 2);
        McpSchema.CallToolResult result = readCatalog();
        assertTrue(result.isError());
        assertTrue(text(result).contains("Reconnect Google"), text(result));
        assertEquals(List.of(401, 401), statuses(), "one retry, not more");
    }

    @Test
    void google_saying_the_scope_is_missing_asks_to_grant_it_without_retrying() {
        fail(403, 1);
        McpSchema.CallToolResult result = readCatalog();
        assertTrue(result.isError());
        assertTrue(text(result).contains("does not grant the scope "
                + "https://www.googleapis.com/auth/spreadsheets.readonly"), text(result));
        assertEquals(List.of(403), statuses());
    }

    @Test
    void a_missing_spreadsheet_or_sheet_is_reported_as_the_servers_settings() {
        fail(404, 1);
        McpSchema.CallToolResult result = readCatalog();
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("The catalog spreadsheet 1SbxCommerceChangesetDemoCatalog2026 or one of "
                + "its sheets was not found"), text(result));
        assertEquals(List.of(404), statuses());
    }
}
