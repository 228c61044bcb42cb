package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** {@code describe_policy} over MCP: the rules as the rule base holds them, and the thresholds in force. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class DescribePolicyTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    @SuppressWarnings("unchecked")
    void a_read_only_client_learns_the_rules_and_thresholds() {
        String token = new SandboxClient(sandboxUrl).token("alice", "changeset:read");
        try (McpSyncClient client = McpClients.connect(publicUrl, token)) {
            client.initialize();
            McpSchema.Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals("describe_policy"))
                    .findFirst().orElseThrow();
            assertTrue(tool.annotations().readOnlyHint());
            assertFalse(tool.annotations().destructiveHint());
            assertTrue(tool.outputSchema() != null && tool.outputSchema().containsKey("properties"));

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("describe_policy",
                    Map.of()));
            assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
            Map<String, Object> policy = (Map<String, Object>) result.structuredContent();

            List<Map<String, Object>> rules = (List<Map<String, Object>>) policy.get("rules");
            assertEquals(List.of("read", "notify-own-address", "write-floor", "notify-other-address", "price-drift",
                    "price-move", "promotion-change", "stock-drift", "stock-move", "stock-zeroed", "price-below-cost",
                    "price-deep-cut", "price-drift-deep-cut", "bulk-escalation", "user-state-escalation"),
                    rules.stream().map(r -> r.get("name")).toList());
            Map<String, Object> move = rules.stream().filter(r -> r.get("name").equals("price-move")).findFirst()
                    .orElseThrow();
            assertEquals("T2", move.get("tier"));
            assertTrue(((String) move.get("description")).contains("over 10%"), move.toString());
            Map<String, Object> drift = rules.stream().filter(r -> r.get("name").equals("price-drift-deep-cut"))
                    .findFirst().orElseThrow();
            assertEquals("T3", drift.get("tier"));
            assertTrue(((String) drift.get("description")).contains("more than 30% below where it stood before the"
                    + " first change this server made to it in the last 24 hours"), drift.toString());
            Map<String, Object> bulk = rules.stream().filter(r -> r.get("name").equals("bulk-escalation"))
                    .findFirst().orElseThrow();
            assertEquals("+1", bulk.get("tier"));
            assertTrue(((String) bulk.get("description")).contains("more than 20 writes"), bulk.toString());

            Map<String, Object> thresholds = (Map<String, Object>) policy.get("thresholds");
            assertEquals(10, ((Number) thresholds.get("priceMovePercent")).intValue());
            assertEquals(30, ((Number) thresholds.get("priceCutPercent")).intValue());
            assertEquals(50, ((Number) thresholds.get("stockMovePercent")).intValue());
            assertEquals(20, thresholds.get("bulkWrites"));
            assertEquals(0.7, ((Number) thresholds.get("stress")).doubleValue());
            assertEquals(60, thresholds.get("sessionMinutes"));
            assertEquals(300, thresholds.get("signalTtlSeconds"));
            assertEquals(86400, thresholds.get("driftWindowSeconds"));

            List<Map<String, Object>> tiers = (List<Map<String, Object>>) policy.get("tiers");
            assertEquals(List.of("T0", "T1", "T2", "T3"), tiers.stream().map(t -> t.get("tier")).toList());
            Map<String, Object> you = (Map<String, Object>) policy.get("yourState");
            assertEquals(true, you.get("signalsEnabled"));
            assertEquals(0, you.get("sessionMinutes"));

            String text = ((McpSchema.TextContent) result.content().get(0)).text();
            assertTrue(text.contains("price move over 10% is T2"), text);
        }
    }

    @Test
    void it_needs_no_write_scope_but_some_mcp_scope() {
        String readOnly = new SandboxClient(sandboxUrl).token("carol", "changeset:read");
        new McpWire(publicUrl, readOnly).open().tool("describe_policy", new JsonObject()).then().statusCode(200);
    }
}
