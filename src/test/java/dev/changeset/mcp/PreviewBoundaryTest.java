package dev.changeset.mcp;

import static dev.changeset.policy.PolicyBoundaryCases.BELOW;
import static dev.changeset.policy.PolicyBoundaryCases.BULK;
import static dev.changeset.policy.PolicyBoundaryCases.CUT;
import static dev.changeset.policy.PolicyBoundaryCases.MOVE;
import static dev.changeset.policy.PolicyBoundaryCases.PROMO;
import static dev.changeset.policy.PolicyBoundaryCases.STOCK;
import static dev.changeset.policy.PolicyBoundaryCases.USER;
import static dev.changeset.policy.PolicyBoundaryCases.WRITE;
import static dev.changeset.policy.PolicyBoundaryCases.ZEROED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.changeset.identity.McpSessions;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The policy's boundaries through {@code preview_changeset} over MCP: the sandbox sheet is set to the numbers at the
 * boundary, the assistant previews, and the answer names the tier and the rules that fired.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class PreviewBoundaryTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    McpSessions sessions;

    Story alice;
    String aliceToken;

    @BeforeEach
    void setUp() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        alice = new Story(publicUrl, sandboxUrl, "alice");
        // the person's sidecar holds the signals' own scope; the assistant's token cannot touch them
        aliceToken = sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:signals")
                .put("client_id", "sandbox-signals-sidecar"));
        signal("PUT", "/user-state/switch", new JsonObject().put("enabled", true));
        signal("DELETE", "/user-state/signal", null);
    }

    @AfterEach
    void tearDown() {
        // signals live in the application's memory: leave none behind for the next test class
        signal("DELETE", "/user-state/signal", null);
        signal("PUT", "/user-state/switch", new JsonObject().put("enabled", true));
        alice.close();
    }

    /** APP-1000 is row 2: D price, E cost, F promotion active, G promotion percent, H inventory. */
    void row2(String range, Object... values) {
        alice.sandbox.post("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/values", new JsonObject()
                .put("range", "Products!" + range).put("values", new JsonArray().add(new JsonArray(List.of(values))))
                .put("valueInputOption", "RAW"));
    }

    JsonObject decided(JsonObject preview, int index) {
        return preview.getJsonArray("operations").getJsonObject(index);
    }

    void expect(JsonObject op, String tier, String... rules) {
        assertEquals(tier, op.getString("tier"), op.encode());
        assertEquals(List.of(rules), op.getJsonArray("rulesFired").getList(), op.encode());
    }

    @ParameterizedTest(name = "price {0} (cost {1}) -> {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "100.00|50|110.00|T1|" + WRITE,
            "100.00|50|110.01|T2|" + WRITE + "," + MOVE,
            "100.00|50|90.00|T1|" + WRITE,
            "100.00|50|89.99|T2|" + WRITE + "," + MOVE,
            "64.00|60.00|60.00|T1|" + WRITE,
            "64.00|60.00|59.99|T3|" + WRITE + "," + BELOW,
            "100.00|40|70.00|T2|" + WRITE + "," + MOVE,
            "100.00|40|69.99|T3|" + WRITE + "," + MOVE + "," + CUT })
    void price_boundaries(String price, String cost, String proposed, String tier, String rules) {
        row2("D2:E2", new BigDecimal(price), new BigDecimal(cost));
        expect(decided(alice.preview(Story.setPrice("APP-1000", proposed)), 0), tier, rules.split(","));
    }

    @ParameterizedTest(name = "stock {0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "10|0|T2|" + WRITE + "," + ZEROED + "," + STOCK,
            "10|15|T1|" + WRITE,
            "100|151|T2|" + WRITE + "," + STOCK,
            "10|5|T1|" + WRITE,
            "100|49|T2|" + WRITE + "," + STOCK })
    void stock_boundaries(int stock, int target, String tier, String rules) {
        row2("H2", stock);
        JsonObject preview = alice.preview(Map.of("op", "set_inventory", "sku", "APP-1000", "quantity", target));
        expect(decided(preview, 0), tier, rules.split(","));
    }

    @Test
    void a_promotion_change_is_t2() {
        expect(decided(alice.preview(Map.of("op", "set_promotion", "sku", "APP-1000", "active", true, "percent",
                15)), 0), "T2", WRITE, PROMO);
    }

    @Test
    void twenty_writes_are_not_bulk_and_twenty_one_are() {
        assertEquals("T1", decided(alice.preview(smallMoves(20)), 7).getString("tier"));
        expect(decided(alice.preview(smallMoves(21)), 7), "T2", WRITE, BULK);
    }

    @Test
    void stress_above_0_7_raises_a_write_and_0_7_does_not() {
        signal("POST", "/user-state/signal", new JsonObject().put("stress", 0.7).put("state", "stressed"));
        expect(decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0), "T1", WRITE);
        signal("POST", "/user-state/signal", new JsonObject().put("stress", 0.71).put("state", "stressed"));
        JsonObject op = decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0);
        expect(op, "T2", WRITE, USER);
        assertEquals(1, op.getJsonArray("escalations").size(), op.encode());
    }

    @Test
    void signals_off_or_expired_change_nothing() throws InterruptedException {
        signal("POST", "/user-state/signal", new JsonObject().put("stress", 0.95).put("state", "rushed"));
        alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 100)); // switching off takes the person's tap on the phone
        signal("PUT", "/user-state/switch", new JsonObject().put("enabled", false));
        Instant end = Instant.now().plusSeconds(20);
        while (!signal("GET", "/user-state", null).contains("\"signalsEnabled\":false")
                && Instant.now().isBefore(end)) {
            Thread.sleep(100);
        }
        expect(decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0), "T1", WRITE);
        signal("PUT", "/user-state/switch", new JsonObject().put("enabled", true));
        signal("POST", "/user-state/signal", new JsonObject().put("stress", 0.95).put("state", "rushed")
                .put("ttlSeconds", 1));
        Thread.sleep(1500);
        expect(decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0), "T1", WRITE);
    }

    @Test
    void a_session_over_60_minutes_raises_a_write_and_60_does_not() {
        String session = alice.ok("get_session", Map.of()).getString("sessionId");
        sessions.started(session, "auth0|alice", Instant.now().minus(Duration.ofMinutes(60)).plusSeconds(20));
        expect(decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0), "T1", WRITE);
        sessions.started(session, "auth0|alice", Instant.now().minus(Duration.ofMinutes(61)).minusSeconds(5));
        expect(decided(alice.preview(Story.setPrice("APP-1000", "67.99")), 0), "T2", WRITE, USER);
    }

    /** +5% on the first {@code n} products whose price and cost read cleanly. */
    @SuppressWarnings("unchecked")
    Map<String, Object>[] smallMoves(int n) {
        JsonArray products = alice.ok("read_catalog", Map.of("limit", 200)).getJsonArray("products");
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < products.size() && ops.size() < n; i++) {
            JsonObject p = products.getJsonObject(i);
            if (p.getValue("price") == null || p.getValue("cost") == null) {
                continue;
            }
            BigDecimal price = new BigDecimal(p.getValue("price").toString());
            ops.add(Story.setPrice(p.getString("sku"), price.multiply(new BigDecimal("1.05"))
                    .setScale(2, RoundingMode.HALF_UP).toPlainString()));
        }
        return ops.toArray(Map[]::new);
    }

    String signal(String method, String path, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publicUrl + path))
                .header("Authorization", "Bearer " + aliceToken).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
