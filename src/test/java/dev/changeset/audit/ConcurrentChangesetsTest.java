package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** 50 changesets applied at once over MCP, by five assistants: 50 receipts in one linear chain that verifies. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConcurrentChangesetsTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    void fifty_concurrent_changesets_make_one_linear_chain() throws Exception {
        Story.resetSandbox(new SandboxClient(sandboxUrl));
        List<Story> assistants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assistants.add(new Story(publicUrl, sandboxUrl, "alice"));
        }
        Story first = assistants.get(0);
        long before = receipts(first);
        JsonArray products = first.ok("read_catalog", Map.of("limit", 200)).getJsonArray("products");
        List<String[]> moves = new ArrayList<>();
        for (int i = 0; i < products.size() && moves.size() < 50; i++) {
            JsonObject p = products.getJsonObject(i);
            if (p.getValue("price") != null && p.getValue("cost") != null) {
                moves.add(new String[] { p.getString("sku"), new BigDecimal(p.getValue("price").toString())
                        .multiply(new BigDecimal("1.03")).setScale(2, RoundingMode.HALF_UP).toPlainString() });
            }
        }
        assertEquals(50, moves.size());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonObject>> applied = new ArrayList<>();
            for (int i = 0; i < moves.size(); i++) {
                Story assistant = assistants.get(i % assistants.size());
                String[] move = moves.get(i);
                applied.add(pool.submit(() -> {
                    JsonObject preview = assistant.preview(Story.setPrice(move[0], move[1]));
                    return assistant.apply(preview.getString("changesetId"), 30);
                }));
            }
            Set<String> receiptIds = new HashSet<>();
            for (Future<JsonObject> f : applied) {
                JsonObject result = f.get();
                assertEquals("SEALED", result.getString("state"), result.encode());
                receiptIds.add(result.getString("receiptId"));
            }
            assertEquals(50, receiptIds.size());
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 50, receipts(first));
        JsonObject report = first.ok("verify_audit_log", Map.of());
        assertTrue(report.getBoolean("intact"), report.encode());
        assistants.forEach(Story::close);
    }

    private static long receipts(Story story) {
        return story.ok("verify_audit_log", Map.of()).getLong("receiptsChecked");
    }
}
