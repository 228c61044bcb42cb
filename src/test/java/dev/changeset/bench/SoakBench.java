package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The mixed soak: four assistants (alice and dave, each over the official MCP Java SDK client and over raw HTTP)
 * preview, apply and get T1 and T2 price moves for {@code soak.minutes} (10 by default), the T2 ones approved,
 * denied or cancelled by script, while Google Sheets answers 429 or 503 to the next eight reads every
 * {@value #FAULT_EVERY_S} s (up to two whole retry chains, shared by whichever calls come: the injected errors, counted
 * apart). Samples live threads and the heap left by a full GC every {@value #SAMPLE_EVERY_S} s and reports the last
 * minute against the first minute after the warm-up (the baseline). The sandbox runs as its own process, so this JVM holds only the server and the clients.
 * Asserts outcomes only: no unexpected error, the receipt chain intact, every terminal changeset with its receipt.
 * Run with {@code ./mvnw verify -Pbench -Dtest=SoakBench -Dquarkus.http.test-port=18930
 * -Dsurefire.failIfNoSpecifiedTests=false} (add {@code -Dsoak.minutes=2} for a short run).
 */
@QuarkusTest
@WithTestResource(SoakSandbox.class)
class SoakBench {

    static final int SAMPLE_EVERY_S = 10;
    static final int FAULT_EVERY_S = 20;
    static final int FAULT_ANSWERS = 8; // two reads' retry chains: a first attempt and catalog.retry.max-retries (3)
    static final String SCOPE = "openid changeset:read changeset:write";
    static final List<String> TERMINAL = List.of("SEALED", "DENIED", "EXPIRED", "STALE", "FAILED", "CANCELLED");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String database;
    @Inject
    DataSource db;
    @Inject
    InMemorySpanExporter spans;

    @Test
    void ten_minutes_of_mixed_work_leave_threads_heap_and_receipts_as_they_were() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
        long runMillis = (long) (minutes * 60_000);
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        sandbox.post("/sandbox/google/quota", new JsonObject().put("writesPerMinute", 1_000_000));
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("per_user_per_minute", 100_000));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        SoakTally tally = new SoakTally();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService http = Executors.newFixedThreadPool(2, r -> new Thread(r, "soak-http"));
        Story aliceSdk = new Story(publicUrl, sandboxUrl, "alice");
        Story daveSdk = new Story(publicUrl, sandboxUrl, "dave");
        Map<String, SoakWorker.Tools> clients = new TreeMap<>(Map.of(
                "alice-sdk", SoakWorker.sdk(aliceSdk),
                "alice-raw", SoakWorker.raw(new McpWire(publicUrl, sandbox.token("alice", SCOPE), http).open()),
                "dave-sdk", SoakWorker.sdk(daveSdk),
                "dave-raw", SoakWorker.raw(new McpWire(publicUrl, sandbox.token("dave", SCOPE), http).open())));
        List<Thread> workers = new ArrayList<>();
        AtomicInteger row = new AtomicInteger(222);
        clients.forEach((name, tools) -> {
            String t1 = addProduct(sandbox, row.getAndIncrement(), "SOAK-" + name.toUpperCase() + "-T1");
            String t2 = addProduct(sandbox, row.getAndIncrement(), "SOAK-" + name.toUpperCase() + "-T2");
            workers.add(new Thread(new SoakWorker(name, name.substring(0, name.indexOf('-')), tools, sandbox, t1, t2,
                    "soak " + name, tally, running::get), "soak-" + name));
        });

        SoakSamples samples = new SoakSamples(runMillis / 1000.0);
        long start = System.nanoTime();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> new Thread(r, "soak-timer"));
        timers.scheduleWithFixedDelay(() -> {
            spans.reset(); // the tests' in-memory span exporter keeps every span; an exporter would send them away
            samples.add(new SoakSamples.Sample((System.nanoTime() - start) / 1e9, JvmFigures.liveThreads(),
                    JvmFigures.heapLiveAfterGcMiB(), tally.total()));
        }, 0, SAMPLE_EVERY_S, TimeUnit.SECONDS);
        AtomicInteger faults = new AtomicInteger();
        timers.scheduleAtFixedRate(() -> {
            int status = faults.getAndIncrement() % 2 == 0 ? 429 : 503;
            sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("on", "read")
                    .put("status", status).put("count", FAULT_ANSWERS));
            tally.armed(FAULT_ANSWERS);
        }, FAULT_EVERY_S, FAULT_EVERY_S, TimeUnit.SECONDS);
        JvmFigures.peakThreadsAndReset();
        workers.forEach(Thread::start);

        Thread.sleep(runMillis);
        running.set(false);
        timers.shutdown();
        timers.awaitTermination(30, TimeUnit.SECONDS);
        for (Thread worker : workers) {
            worker.join(TimeUnit.MINUTES.toMillis(2)); // a round ends within its calls' waits (at most 30 s each)
            if (worker.isAlive()) {
                tally.unexpected(worker.getName() + " still running two minutes after the stop");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int peak = JvmFigures.peakThreadsAndReset();
        sandbox.delete("/sandbox/google/faults");
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        JsonObject chain = SoakWorker.raw(new McpWire(publicUrl, sandbox.token("alice", SCOPE), http).open())
                .call("verify_audit_log", new JsonObject());
        aliceSdk.close();
        daveSdk.close();
        http.shutdown();
        ProofRecord receipts = new ProofRecord("receipts");
        int[] lost = receiptsLost(receipts);
        Map<String, Integer> states = states();

        SoakSamples.Window first = samples.first();
        SoakSamples.Window last = samples.last();
        boolean threadsFlat = last.threads() <= first.threads() * 1.25 || last.threads() - first.threads() <= 10;
        boolean heapFlat = last.heapMiB() <= first.heapMiB() * 1.25 || last.heapMiB() - first.heapMiB() <= 16;
        List<String> unexpected = tally.unexpectedErrors();

        System.out.printf("%n=== SoakBench: %.1f min on %s, 4 clients (alice, dave x SDK, raw HTTP), one JVM (server"
                + " + clients; the sandbox is its own process) ===%n", seconds / 60, database);
        System.out.printf("%8s %8s %10s %8s%n", "second", "threads", "heap MiB", "calls");
        samples.all().forEach(s -> System.out.printf("%8.0f %8d %10.1f %8d%n", s.seconds(), s.threads(),
                s.heapMiB(), s.calls()));
        System.out.printf("baseline = %.0f-%.0f s (after %.0f s warm-up), last = %.0f-%.0f s%n", first.from(),
                first.to(), samples.warmUp(), last.from(), last.to());
        System.out.printf("live threads   first %6.1f | last %6.1f = %.3fx first | max sampled %d, JVM peak %d -> %s%n",
                first.threads(), last.threads(), last.threads() / first.threads(), samples.maxThreads(), peak,
                threadsFlat ? "flat" : "GROWING");
        System.out.printf("heap live      first %6.1f MiB | last %6.1f MiB = %.3fx first -> %s%n", first.heapMiB(),
                last.heapMiB(), last.heapMiB() / first.heapMiB(), heapFlat ? "flat" : "GROWING");
        System.out.printf("calls          %d in %.0f s = %.2f calls/s | first %.2f/s, last %.2f/s = %.3fx first%n",
                tally.total(), seconds, tally.total() / seconds, first.callsPerSecond(), last.callsPerSecond(),
                last.callsPerSecond() / first.callsPerSecond());
        System.out.println("per tool       " + tally.perTool());
        System.out.printf("errors         unexpected %d | injected %d (from %d Google answers switched to 429/503,"
                + " %d every %d s; the rest absorbed by retries)%n", unexpected.size(), tally.injectedErrors(),
                tally.faultsArmed(), FAULT_ANSWERS, FAULT_EVERY_S);
        System.out.println("changesets     " + states + " | receipts lost " + lost[0] + " of " + lost[1]
                + " terminal changesets");
        System.out.println("audit chain    " + chain.getBoolean("intact") + ", " + chain.getLong("receiptsChecked")
                + " receipts checked");
        System.out.println("load average   before " + loadBefore + " | after " + loadAfter);
        unexpected.stream().limit(20).forEach(e -> System.out.println("UNEXPECTED " + e));

        ProofRecord soak = new ProofRecord("soak");
        soak.add(new ProofRecord.Attempt("no unexpected error", "0 unexpected errors", unexpected.size()
                + " unexpected, " + tally.injectedErrors() + " injected, " + tally.total() + " calls on " + database,
                unexpected.isEmpty()));
        soak.add(new ProofRecord.Attempt("threads flat", "last minute within 1.25x or +10 of the first",
                String.format("first %.1f, last %.1f, max %d", first.threads(), last.threads(), samples.maxThreads()),
                threadsFlat));
        soak.add(new ProofRecord.Attempt("heap flat", "last minute within 1.25x or +16 MiB of the first",
                String.format("first %.1f MiB, last %.1f MiB", first.heapMiB(), last.heapMiB()), heapFlat));
        soak.add(new ProofRecord.Attempt("receipts lost 0", "every terminal changeset has one receipt",
                lost[0] + " lost of " + lost[1], lost[0] == 0 && lost[1] > 0));
        soak.add(new ProofRecord.Attempt("audit chain intact", "verify_audit_log intact", chain.encode().length()
                > 300 ? chain.getBoolean("intact") + ", " + chain.getLong("receiptsChecked") + " receipts"
                        : chain.encode(), chain.getBoolean("intact", false)));
        soak.write();
        receipts.write();

        assertEquals(List.of(), unexpected, "no errors but the injected ones");
        assertTrue(chain.getBoolean("intact", false), chain.encode());
        assertTrue(lost[1] > 0, "the soak ended changesets");
        assertEquals(0, lost[0], "receipts lost");
    }

    /**
     * Every changeset in a terminal state must have exactly one receipt (the table's unique constraint allows no
     * second): one attempt each in {@code receipts}. Waits up to 30 s for the last ones to be sealed.
     * Returns {@code [lost, terminal]}.
     */
    private int[] receiptsLost(ProofRecord record) throws Exception {
        String in = String.join("','", TERMINAL);
        String sql = "SELECT c.code, c.state, COUNT(r.receipt_id) FROM changeset c LEFT JOIN receipt r"
                + " ON r.changeset_id = c.id WHERE c.state IN ('" + in + "') GROUP BY c.code, c.state";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<ProofRecord.Attempt> attempts = new ArrayList<>();
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    int n = r.getInt(3);
                    attempts.add(new ProofRecord.Attempt(r.getString(1) + " " + r.getString(2), "one receipt",
                            n + " receipt(s)", n == 1));
                }
            }
            int lost = (int) attempts.stream().filter(a -> !a.held()).count();
            if (lost == 0 || System.nanoTime() > deadline) {
                attempts.forEach(record::add);
                return new int[] { lost, attempts.size() };
            }
            Thread.sleep(500);
        }
    }

    private Map<String, Integer> states() throws SQLException {
        Map<String, Integer> states = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM changeset GROUP BY state")) {
            while (r.next()) {
                states.put(r.getString(1), r.getInt(2));
            }
        }
        return states;
    }

    /** Adds a product priced 100.00 (cost 40.00) at {@code row} and returns its SKU. */
    private static String addProduct(SandboxClient sandbox, int row, String sku) {
        sandbox.post("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/insert-row", new JsonObject()
                .put("sheet", "Products").put("row", row).put("values", new JsonArray(List.of(sku, "Soak item " + sku,
                        "Bench", "100.00", "40.00", "FALSE", "0", "100", "2025-01-01"))));
        return sku;
    }
}
