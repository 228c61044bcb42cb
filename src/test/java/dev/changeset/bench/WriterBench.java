package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * The Writer's cost per changeset of 1, 10, 100 and 500 price changes, over MCP against the sandbox:
 * <ul>
 * <li>Sheets API calls per apply, counted at the sandbox (the target is 3 whatever the size: check, write, read
 * back; asserted, since it is a count, not a timing);</li>
 * <li>the server's own time per changeset: the MCP round trip of preview_changeset and of apply_changeset, minus
 * the time the sandbox spent handling the Sheets calls made meanwhile (its call log's {@code handlingMillis}).
 * What is left is this server (MCP, policy, guard, write, read-back, receipt with its canonical JSON and hash,
 * database) plus the loopback HTTP hops. The baseline beside it is get_session over the same MCP path.</li>
 * </ul>
 * Run with {@code ./mvnw -Pbench test -Dtest=WriterBench -Dquarkus.http.test-port=18801}. The bulk rule is lifted
 * in this profile so that no changeset waits for a phone approval: an approval is idle time, not server time.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(BulkWithoutApproval.class)
class WriterBench {

    static final int[] SIZES = { 1, 10, 100, 500 };
    static final int SEED_PRODUCTS = 220;
    static final int EXTRA_PRODUCTS = 300;
    static final int WARMUP_ROUNDS = 2;
    static final int ROUNDS = 7;

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    /** The 500 products with the prices the sheet holds now. */
    List<JsonObject> products;
    int moves;

    /** One changeset's figures. */
    record Sample(int sheetsCalls, double previewMillis, double applyMillis, double sandboxMillis) {
        double serverMillis() {
            return previewMillis + applyMillis - sandboxMillis;
        }
    }

    /** Per size: medians over the rounds. */
    record Row(int operations, int reps, double sheetsCallsPerApply, double previewMillis, double applyMillis,
            double sandboxMillis, double serverMillis) {
        static Row of(int operations, List<Sample> s) {
            return new Row(operations, s.size(), median(s.stream().mapToDouble(Sample::sheetsCalls).toArray()),
                    median(s.stream().mapToDouble(Sample::previewMillis).toArray()),
                    median(s.stream().mapToDouble(Sample::applyMillis).toArray()),
                    median(s.stream().mapToDouble(Sample::sandboxMillis).toArray()),
                    median(s.stream().mapToDouble(Sample::serverMillis).toArray()));
        }

        @Override
        public String toString() {
            return String.format("%6d %5d %14.1f %12.1f %12.1f %13.1f %12.1f %10.2f", operations, reps,
                    sheetsCallsPerApply, previewMillis, applyMillis, sandboxMillis, serverMillis,
                    serverMillis / operations);
        }
    }

    @Test
    void sheets_calls_and_server_time_per_changeset() {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            products = prepare(sandbox, alice);
            Map<Integer, List<Sample>> samples = new LinkedHashMap<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                // round-robin, so that the machine's load falls on every size and on the baseline alike
                for (int i = 0; i < 20; i++) {
                    double millis = getSession(alice);
                    if (round >= 0) {
                        baseline.add(millis);
                    }
                }
                for (int size : SIZES) {
                    Sample sample = measure(alice, sandbox, size);
                    if (round >= 0) {
                        samples.computeIfAbsent(size, k -> new ArrayList<>()).add(sample);
                    }
                }
            }
            double base = median(baseline.stream().mapToDouble(Double::doubleValue).toArray());
            List<Row> rows = samples.entrySet().stream().map(e -> Row.of(e.getKey(), e.getValue())).toList();
            System.out.println("\n==== WriterBench (sandbox Sheets on loopback, " + Runtime.getRuntime()
                    .availableProcessors() + " cpus, load average " + loadAverage() + "; medians of " + ROUNDS
                    + " rounds) ====");
            System.out.printf("baseline get_session MCP round trip: %.2f ms%n", base);
            System.out.println("   ops  reps  sheets/apply  preview ms    apply ms   sandbox ms   server ms  ms/op");
            rows.forEach(System.out::println);
            rows.forEach(r -> System.out.printf("%d ops: server time %.1f x get_session, %.2f x the 1-op changeset%n",
                    r.operations(), r.serverMillis() / base, r.serverMillis() / rows.get(0).serverMillis()));
            System.out.println("server ms = preview ms + apply ms - sandbox ms (Sheets handling during both)");
            System.out.println("=========================================================================\n");
        }
    }

    /**
     * 300 more products (BEN-0001...) after the seed's 220, then the first 500 whose price and cost are plain
     * numbers (the seed's formula price and broken costs are refused at preview), so 500 operations touch 500 rows.
     * No write limit.
     */
    private static List<JsonObject> prepare(SandboxClient sandbox, Story alice) {
        JsonArray extra = new JsonArray();
        for (int i = 1; i <= EXTRA_PRODUCTS; i++) {
            extra.add(new JsonArray().add(String.format("BEN-%04d", i)).add("Bench Item " + i).add("Bench")
                    .add("50.00").add("20.00").add("FALSE").add("0").add("100").add("2026-01-01"));
        }
        int first = SEED_PRODUCTS + 2;
        sandbox.post("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/values", new JsonObject()
                .put("range", "Products!A" + first + ":I" + (first + EXTRA_PRODUCTS - 1)).put("values", extra));
        sandbox.post("/sandbox/google/quota", new JsonObject().put("writesPerMinute", 1_000_000));
        List<JsonObject> all = new ArrayList<>();
        for (int offset = 0; offset < SEED_PRODUCTS + EXTRA_PRODUCTS; offset += 200) {
            alice.ok("read_catalog", Map.of("limit", 200, "offset", offset)).getJsonArray("products").stream()
                    .map(JsonObject.class::cast).filter(p -> p.getValue("price") != null && p.getValue("cost") != null).forEach(all::add);
        }
        assertEquals(true, all.size() >= 500, "500 products to change, found " + all.size());
        return all.subList(0, 500);
    }

    private static double getSession(Story alice) {
        long start = System.nanoTime();
        alice.ok("get_session", Map.of());
        return (System.nanoTime() - start) / 1e6;
    }

    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    /** One changeset of {@code size} price moves of about 1 %, up and down in turn (all T1), previewed and applied. */
    private Sample measure(Story alice, SandboxClient sandbox, int size) {
        boolean up = moves++ % 2 == 0;
        List<Map<String, Object>> ops = new ArrayList<>();
        for (JsonObject p : products.subList(0, size)) {
            BigDecimal now = new BigDecimal(String.valueOf(p.getValue("price")));
            BigDecimal next = up ? now.multiply(new BigDecimal("1.01")).setScale(2, RoundingMode.HALF_UP)
                    : now.divide(new BigDecimal("1.01"), 2, RoundingMode.HALF_UP);
            ops.add(Map.of("op", "set_price", "sku", p.getString("sku"), "price", next));
        }
        long mark = sandbox.callMark();
        long t0 = System.nanoTime();
        JsonObject previewed = alice.ok("preview_changeset", Map.of("operations", ops));
        long t1 = System.nanoTime();
        long applyMark = sandbox.callMark();
        JsonObject applied = alice.apply(previewed.getString("changesetId"), 60);
        long t2 = System.nanoTime();
        assertEquals("SEALED", applied.getString("state"), applied.getString("detail"));
        JsonArray byApply = sandbox.callsSince(applyMark);
        assertEquals(3, byApply.size(), "check, write, read back: " + byApply.encode());
        double sandboxMillis = sandbox.callsSince(mark).stream().map(JsonObject.class::cast)
                .mapToDouble(c -> c.getDouble("handlingMillis")).sum();
        products = refreshed(previewed, size);
        return new Sample(byApply.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, sandboxMillis);
    }

    /** The products with their new prices, so the next repetition moves from there. */
    private List<JsonObject> refreshed(JsonObject previewed, int size) {
        List<JsonObject> out = new ArrayList<>(products);
        JsonArray ops = previewed.getJsonArray("operations");
        for (int i = 0; i < size; i++) {
            Object after = ops.getJsonObject(i).getJsonArray("changes").getJsonObject(0).getValue("after");
            out.set(i, out.get(i).copy().put("price", after));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
