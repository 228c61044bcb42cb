package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.pipeline.BulkWithoutApproval;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What reading one SKU, previewing 1 and 100 operations and applying 1 cost at 220, 10,000 and 50,000 products, over
 * MCP against the sandbox (seeded with {@code POST /sandbox/google/reset {"products": n}}): ms per call (median),
 * Sheets calls and cells fetched per call (the sandbox's call log), and the ratio 50k/220. Beside it, in the same
 * run, the baseline: a text-filtered read_catalog, which still reads the whole sheet (what every read did before
 * the SKU index). Also the Sheets reads an assistant session of 50 calls uses, against Google's 60 per user per
 * minute. Nothing is asserted about time. Run with
 * {@code ./mvnw -Pbench test -Dtest=CatalogScaleBench -Dquarkus.http.test-port=18161}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(BulkWithoutApproval.class)
class CatalogScaleBench {

    static final int[] SIZES = { 220, 10_000, 50_000 };
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    record Figure(double millis, double sheetsCalls, double cells) {
    }

    @Test
    void cost_per_call_at_220_10k_and_50k_products() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Map<String, Map<Integer, Figure>> table = new LinkedHashMap<>();
        Map<Integer, Double> sessionReads = new LinkedHashMap<>();
        for (int size : SIZES) {
            Story.resetSandbox(sandbox);
            sandbox.post("/sandbox/google/reset", new JsonObject().put("products", size));
            try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
                alice.ok("read_catalog", Map.of("skus", List.of("APP-1000"))); // warm up, index built
                List<String> skus = size <= 220 ? seedSkus(alice) : spread(size, 100);
                put(table, "read_catalog, one SKU", size, measure(sandbox,
                        () -> alice.ok("read_catalog", Map.of("skus", List.of(skus.get(50))))));
                put(table, "baseline: read_catalog text query (whole sheet)", size, measure(sandbox,
                        () -> alice.ok("read_catalog", Map.of("query", "zz-no-match"))));
                put(table, "preview_changeset, 1 operation", size, measure(sandbox,
                        () -> alice.preview(stock(skus.get(10)))));
                put(table, "preview_changeset, 100 operations", size, measure(sandbox,
                        () -> alice.ok("preview_changeset", Map.of("operations", skus.stream()
                                .map(CatalogScaleBench::stock).toList()))));
                List<Double> ms = new ArrayList<>();
                List<Double> calls = new ArrayList<>();
                List<Double> cells = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    JsonObject preview = alice.preview(stock(skus.get(20 + r)));
                    long mark = sandbox.callMark();
                    long t = System.nanoTime();
                    JsonObject applied = alice.apply(preview.getString("changesetId"), 30);
                    ms.add((System.nanoTime() - t) / 1e6);
                    assertEquals("SEALED", applied.getString("state"), applied.encode());
                    JsonArray log = sandbox.callsSince(mark);
                    calls.add((double) log.size());
                    cells.add(log.stream().mapToDouble(c -> ((JsonObject) c).getInteger("cells")).sum());
                }
                put(table, "apply_changeset, 1 operation", size, new Figure(median(ms), median(calls),
                        median(cells)));
                // an assistant session: 20 SKU reads, 10 page reads, 10 previews, 10 applies
                long mark = sandbox.callMark();
                for (int i = 0; i < 10; i++) {
                    alice.ok("read_catalog", Map.of("skus", List.of(skus.get(i))));
                    alice.ok("read_catalog", Map.of("skus", List.of(skus.get(i + 30))));
                    alice.ok("read_catalog", Map.of("offset", i * 50, "limit", 50));
                    JsonObject p = alice.preview(stock(skus.get(40 + i)));
                    alice.apply(p.getString("changesetId"), 30);
                }
                sessionReads.put(size, (double) sandbox.callsSince(mark).stream()
                        .filter(c -> ((JsonObject) c).getString("method").startsWith("values.b")
                                || ((JsonObject) c).getString("method").equals("values.get"))
                        .filter(c -> !((JsonObject) c).getString("method").equals("values.batchUpdate")).count());
            }
        }
        Story.resetSandbox(sandbox);
        System.out.println("\n==== CatalogScaleBench (sandbox Sheets on loopback, " + Runtime.getRuntime()
                .availableProcessors() + " cpus, load average " + String.format("%.1f", java.lang.management
                        .ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + "; medians of "
                + ROUNDS + ") ====");
        System.out.println("| call | ms @220 | ms @10k | ms @50k | ratio 50k/220 | Sheets calls @220/10k/50k "
                + "| cells fetched @220/10k/50k |");
        System.out.println("|---|---|---|---|---|---|---|");
        table.forEach((what, bySize) -> {
            Figure a = bySize.get(220);
            Figure b = bySize.get(10_000);
            Figure c = bySize.get(50_000);
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.2fx | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f |%n", what,
                    a.millis(), b.millis(), c.millis(), c.millis() / a.millis(), a.sheetsCalls(), b.sheetsCalls(),
                    c.sheetsCalls(), a.cells(), b.cells(), c.cells());
        });
        sessionReads.forEach((size, reads) -> System.out.printf("assistant session of 50 calls at %d products: "
                + "%.0f Sheets reads (Google allows 60 per user per minute)%n", size, reads));
        System.out.println("==========================================================================\n");
    }

    /** One more unit in stock: T1, no approval. */
    static Map<String, Object> stock(String sku) {
        return Map.of("op", "adjust_inventory", "sku", sku, "delta", 1);
    }

    /** {@code n} generated SKUs spread evenly over the catalog after the seed's 220. */
    private static List<String> spread(int size, int n) {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            skus.add(String.format("GEN-%06d", 221 + (int) ((long) i * (size - 221) / n)));
        }
        return skus;
    }

    /** 100 of the seed's SKUs whose stock cell reads (the broken rows left out), spread over its 220. */
    private static List<String> seedSkus(Story alice) {
        List<String> all = alice.ok("read_catalog", Map.of("limit", 200)).getJsonArray("products").stream()
                .map(JsonObject.class::cast).filter(p -> p.getValue("inventory") != null)
                .map(p -> p.getString("sku")).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(all.get(i * all.size() / 100));
        }
        return out;
    }

    private static void put(Map<String, Map<Integer, Figure>> table, String what, int size, Figure f) {
        table.computeIfAbsent(what, k -> new LinkedHashMap<>()).put(size, f);
    }

    private Figure measure(SandboxClient sandbox, Supplier<JsonObject> call) {
        call.get(); // warm
        List<Double> ms = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        List<Double> cells = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            long mark = sandbox.callMark();
            long t = System.nanoTime();
            call.get();
            ms.add((System.nanoTime() - t) / 1e6);
            JsonArray log = sandbox.callsSince(mark);
            calls.add((double) log.size());
            cells.add(log.stream().mapToDouble(c -> ((JsonObject) c).getInteger("cells")).sum());
        }
        return new Figure(median(ms), median(calls), median(cells));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
