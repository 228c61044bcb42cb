package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A changeset of 200 price changes is still three Sheets calls: one guard read, one write, one read-back. The reads
 * name windows, not 400 single cells, so their URLs stay short (the sandbox, like Google, refuses very long ones).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(BulkWithoutApproval.class)
class LargeChangesetTest {

    static final int SIZE = 200;

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    void two_hundred_changes_are_one_check_one_write_one_read_back() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            List<Map<String, Object>> ops = new ArrayList<>();
            for (int offset = 0; offset < 400 && ops.size() < SIZE; offset += 200) {
                alice.ok("read_catalog", Map.of("limit", 200, "offset", offset)).getJsonArray("products").stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> p.getValue("price") != null && p.getValue("cost") != null)
                        .limit(SIZE - ops.size())
                        .forEach(p -> ops.add(Story.setPrice(p.getString("sku"), new BigDecimal(String.valueOf(
                                p.getValue("price"))).multiply(new BigDecimal("1.01"))
                                .setScale(2, RoundingMode.HALF_UP).toPlainString())));
            }
            assertEquals(SIZE, ops.size());
            JsonObject preview = alice.ok("preview_changeset", Map.of("operations", ops));
            assertEquals("T1", preview.getString("maxTier"));
            long mark = sandbox.callMark();

            JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
            assertEquals("SEALED", applied.getString("state"), applied.getString("detail"));
            SheetCalls calls = SheetCalls.since(sandbox, mark);
            assertEquals(List.of(SheetCalls.GET, SheetCalls.WRITE, SheetCalls.GET), calls.methods());
            // bands of consecutive rows (split only where a product was left out), within one short URL
            assertTrue(calls.all().get(0).getJsonArray("ranges").size() <= 6, calls.toString());
            assertEquals(SIZE, calls.of(SheetCalls.WRITE).get(0).getJsonArray("ranges").size(),
                    "the write names every cell and nothing else");
            assertTrue(applied.getJsonArray("operations").stream().map(JsonObject.class::cast)
                    .allMatch(op -> Boolean.TRUE.equals(op.getBoolean("verified"))));
        }
    }
}
