package dev.changeset.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.TokenVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** MCP client -> read_catalog / read_launch_schedule -> sandbox Token Vault -> sandbox Sheets, over HTTP. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReadCatalogTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    TokenVault vault;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        List.of("alice", "bob", "carol", "erin").forEach(u -> vault.invalidate("auth0|" + u));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    McpSchema.CallToolResult call(String user, String tool, Map<String, Object> args) {
        try (McpSyncClient client = McpClients.connect(publicUrl, sandbox.token(user, "changeset:read"))) {
            client.initialize();
            return client.callTool(new McpSchema.CallToolRequest(tool, args));
        }
    }

    long exchanges(String user) {
        return sandbox.exchanges(user);
    }

    @Test
    @SuppressWarnings("unchecked")
    void alice_reads_the_catalog_through_token_vault_and_the_sheet() {
        long since = sandbox.callMark();
        McpSchema.CallToolResult result = call("alice", "read_catalog", Map.of("limit", 200));
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        Map<String, Object> page = structured(result);
        assertEquals(220, page.get("totalProducts"));
        assertEquals(200, ((List<?>) page.get("products")).size());
        assertEquals(200, page.get("nextOffset"));

        // the first product is what the sheet holds in row 2, cell by cell
        JsonArray row2 = sandbox.get("/sandbox/google/spreadsheets/1SbxCommerceChangesetDemoCatalog2026/snapshot"
                + "?sheet=Products").getJsonArray("rows").getJsonArray(1);
        Map<String, Object> first = (Map<String, Object>) ((List<?>) page.get("products")).get(0);
        assertEquals(2, first.get("row"));
        assertEquals(row2.getJsonObject(0).getString("string"), first.get("sku"));
        assertEquals(row2.getJsonObject(1).getString("string"), first.get("name"));
        assertEquals(0, new BigDecimal(row2.getJsonObject(3).getString("number"))
                .compareTo(new BigDecimal(first.get("price").toString())));
        assertEquals(row2.getJsonObject(5).getBoolean("bool"), first.get("promotionActive"));
        assertEquals(row2.getJsonObject(8).getString("string"), first.get("launchDate"));
        assertEquals(Map.of("sku", "Products!A2", "name", "Products!B2", "price", "Products!D2", "cost",
                "Products!E2", "promotionActive", "Products!F2", "promotionPercent", "Products!G2", "inventory",
                "Products!H2", "launchDate", "Products!I2"), first.get("cells"));

        // one exchange; the page's rows read in one batchGet (with the header and the SKU index's check), by alice
        // with that exchange's token, after building the SKU index when this process had none yet
        assertEquals(1, exchanges("alice"));
        JsonArray calls = sandbox.callsSince(since);
        assertTrue(calls.size() == 1 || calls.size() == 3, calls.encode());
        JsonObject read = calls.getJsonObject(calls.size() - 1);
        assertEquals("values.batchGet", read.getString("method"));
        assertEquals(new JsonArray().add("Products!1:1").add("Products!A221:A222").add("Products!A2:I201"),
                read.getJsonArray("ranges"));
        assertEquals("auth0|alice", read.getString("user"));
        assertTrue(text(result).startsWith("Read 220 products from 'Products'"), text(result));
    }

    @Test
    @SuppressWarnings("unchecked")
    void unparseable_cells_come_back_as_row_problems() {
        // a page reports the problems of its rows: the two pages of 200 hold the catalog's six
        McpSchema.CallToolResult result = call("alice", "read_catalog", Map.of("limit", 200));
        List<Map<String, Object>> problems = new java.util.ArrayList<>(
                (List<Map<String, Object>>) structured(result).get("problems"));
        problems.addAll((List<Map<String, Object>>) structured(call("alice", "read_catalog", Map.of("limit", 200,
                "offset", 200))).get("problems"));
        assertEquals(6, problems.size(), problems.toString());
        Map<String, Object> currency = problem(problems, 33, "price");
        assertEquals("$1,299.00", currency.get("found"));
        assertEquals("Products!D33", currency.get("cell"));
        assertTrue(currency.get("problem").toString().contains("1299.00"), currency.toString());
        assertEquals("n/a", problem(problems, 79, "cost").get("found"));
        assertNull(problem(problems, 122, "inventory").get("found"));
        assertEquals("=ROUND(E57*1.8,2)", problem(problems, 57, "price").get("found"));
        assertEquals("yes", problem(problems, 162, "promotionActive").get("found"));
        assertEquals("TBD", problem(problems, 192, "launchDate").get("found"));
        assertTrue(text(result).contains("row 33 APP-1222 price (Products!D33) '$1,299.00'"), text(result));

        McpSchema.CallToolResult one = call("alice", "read_catalog", Map.of("skus", List.of("app-1222", "NOPE-1")));
        Map<String, Object> page = structured(one);
        List<Map<String, Object>> products = (List<Map<String, Object>>) page.get("products");
        assertEquals(1, products.size());
        assertNull(products.get(0).get("price"), "the unparseable price is null, not guessed");
        assertEquals(List.of("NOPE-1"), page.get("unknownSkus"));
        assertEquals(1, ((List<?>) page.get("problems")).size());
    }

    private static Map<String, Object> problem(List<Map<String, Object>> problems, int row, String field) {
        return problems.stream().filter(p -> p.get("row").equals(row) && field.equals(p.get("field"))).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for row " + row + " " + field + " in " + problems));
    }

    @Test
    @SuppressWarnings("unchecked")
    void text_filter_and_paging() {
        Map<String, Object> first = structured(call("alice", "read_catalog",
                Map.of("query", "MERINO", "limit", 2)));
        int matched = (int) first.get("matched");
        assertTrue(matched > 2, first.toString());
        List<Map<String, Object>> products = (List<Map<String, Object>>) first.get("products");
        assertEquals(2, products.size());
        products.forEach(p -> assertTrue(p.get("name").toString().toLowerCase().contains("merino")));
        Map<String, Object> second = structured(call("alice", "read_catalog",
                Map.of("query", "merino", "limit", 2, "offset", first.get("nextOffset"))));
        assertFalse(((List<?>) second.get("products")).contains(products.get(0)));
        McpSchema.CallToolResult bad = call("alice", "read_catalog", Map.of("limit", 500));
        assertTrue(bad.isError());
        assertEquals("limit must be between 1 and 200", text(bad));
    }

    @Test
    void bob_is_told_to_connect_google() {
        McpSchema.CallToolResult result = call("bob", "read_catalog", Map.of());
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("Your Google account is not connected"), text(result));
        assertTrue(text(result).contains("Connected Accounts"), text(result));
        assertFalse(text(result).contains("federated_connection"), "no raw Auth0 answer: " + text(result));
    }

    @Test
    void erin_is_told_to_reconnect_google() {
        McpSchema.CallToolResult result = call("erin", "read_catalog", Map.of());
        assertTrue(result.isError());
        assertTrue(text(result).contains("Reconnect Google"), text(result));
        assertFalse(text(result).contains("federated_connection"), text(result));
    }

    @Test
    void carol_with_read_only_google_can_read() {
        McpSchema.CallToolResult result = call("carol", "read_catalog", Map.of("skus", List.of("APP-1000")));
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        assertEquals(1, ((List<?>) structured(result).get("products")).size());
        assertEquals(1, exchanges("carol"));
    }

    @Test
    void a_token_for_another_audience_never_reaches_token_vault() {
        long before = sandbox.get("/sandbox/auth0/stats").getJsonObject("tokenVault").getLong("requests");
        String other = sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("audience", "https://another-api.example"));
        new McpWire(publicUrl, other).initialize().then().statusCode(401);
        String good = sandbox.token("alice", "changeset:read");
        String session = new McpWire(publicUrl, good).open().session();
        new McpWire(publicUrl, other).useSession(session).tool("read_catalog", new JsonObject()).then().statusCode(401);
        assertEquals(before, sandbox.get("/sandbox/auth0/stats").getJsonObject("tokenVault").getLong("requests"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_launch_schedule_in_a_date_range() {
        McpSchema.CallToolResult result = call("carol", "read_launch_schedule",
                Map.of("from", "2026-03-01", "to", "2026-05-31"));
        assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        Map<String, Object> page = structured(result);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.get("entries");
        assertFalse(entries.isEmpty());
        entries.forEach(e -> {
            String date = e.get("date").toString();
            assertTrue(date.compareTo("2026-03-01") >= 0 && date.compareTo("2026-05-31") <= 0, date);
        });
        assertEquals(48, page.get("totalEntries"));
        List<Map<String, Object>> problems = (List<Map<String, Object>>) page.get("problems");
        assertEquals(1, problems.size());
        assertEquals("Q3?", problems.get(0).get("found"));
        assertEquals("'Launch Schedule'!A22", problems.get(0).get("cell"));
        McpSchema.CallToolResult backwards = call("carol", "read_launch_schedule",
                Map.of("from", "2026-05-01", "to", "2026-04-01"));
        assertTrue(backwards.isError());
        assertTrue(text(call("carol", "read_launch_schedule", Map.of("from", "March"))).contains("YYYY-MM-DD"));
    }

    @Test
    void the_tools_are_listed_read_only_with_every_argument_described() {
        try (McpSyncClient client = McpClients.connect(publicUrl, sandbox.token("carol", "changeset:read"))) {
            client.initialize();
            for (String name : List.of("read_catalog", "read_launch_schedule")) {
                McpSchema.Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals(name))
                        .findFirst().orElseThrow();
                assertTrue(tool.annotations().readOnlyHint(), name);
                assertFalse(tool.annotations().destructiveHint(), name);
                assertNotNull(tool.outputSchema(), name);
                Map<?, ?> properties = (Map<?, ?>) tool.inputSchema().get("properties");
                assertFalse(properties.isEmpty(), name);
                properties.forEach((arg, schema) -> {
                    Object description = ((Map<?, ?>) schema).get("description");
                    assertTrue(description != null && !description.toString().isBlank(), name + "." + arg);
                });
                Object required = tool.inputSchema().get("required");
                assertTrue(required == null || ((List<?>) required).isEmpty(), name + ": every argument is optional");
            }
        }
    }
}
