package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.TokenVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * 1,000 read_catalog calls by one user over MCP against the 220-product sandbox catalog: how many Token Vault
 * exchanges they cost (counted at the sandbox; the one figure asserted, since it is not a timing) and how many calls
 * a second they run at, beside get_session over the same path as the baseline. Run with
 * {@code ./mvnw verify -Pbench -Dtest=ReadCatalogBench -Dquarkus.http.test-port=18101}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReadCatalogBench {

    static final int CALLS = 1_000;
    static final int WARMUP = 100;

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    TokenVault vault;

    /** Calls a second and latency percentiles of {@code calls} sequential calls on one session. */
    record Run(String what, int calls, double perSecond, double p50Millis, double p95Millis) {

        @Override
        public String toString() {
            return String.format("%-34s %5d calls  %8.1f calls/s  p50 %6.2f ms  p95 %6.2f ms", what, calls,
                    perSecond, p50Millis, p95Millis);
        }
    }

    static Run run(String what, McpSyncClient client, String tool, Map<String, Object> args, int calls) {
        long[] nanos = new long[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
            nanos[i] = System.nanoTime() - t;
            assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new Run(what, calls, calls / seconds, nanos[calls / 2] / 1e6, nanos[(int) (calls * 0.95)] / 1e6);
    }

    @Test
    void a_thousand_reads_cost_one_exchange() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        vault.invalidate("auth0|alice");
        String token = sandbox.token("alice", "changeset:read");
        List<Run> runs = new ArrayList<>();
        try (McpSyncClient client = McpClients.connect(publicUrl, token, Duration.ofSeconds(60))) {
            client.initialize();
            run("warm-up get_session", client, "get_session", Map.of(), WARMUP);
            runs.add(run("baseline get_session", client, "get_session", Map.of(), CALLS));
            long readsBefore = sandbox.callMark();
            runs.add(run("read_catalog (limit 50)", client, "read_catalog", Map.of(), CALLS));
            long exchanges = sandbox.exchanges("alice");
            long sheetReads = sandbox.callMark() - readsBefore;
            runs.add(run("read_catalog (limit 200)", client, "read_catalog", Map.of("limit", 200), CALLS / 4));
            runs.add(run("read_catalog (skus: 2)", client, "read_catalog",
                    Map.of("skus", List.of("APP-1000", "KIT-1012")), CALLS / 4));
            runs.add(concurrent(token, 4, CALLS / 4));
            long exchangesAfterAll = sandbox.exchanges("alice");

            System.out.println("\n==== ReadCatalogBench (220 products, sandbox Sheets, " + Runtime.getRuntime()
                    .availableProcessors() + " cpus) ====");
            runs.forEach(System.out::println);
            System.out.printf("read_catalog/get_session throughput ratio: %.3f%n",
                    runs.get(1).perSecond() / runs.get(0).perSecond());
            System.out.println("Token Vault exchanges for the first " + CALLS + " read_catalog calls: " + exchanges
                    + "; Sheets reads: " + sheetReads);
            System.out.println("Token Vault exchanges after all " + (CALLS + CALLS / 2 + CALLS) + " read_catalog "
                    + "calls: " + exchangesAfterAll);
            System.out.println("==================================================================\n");
            assertEquals(1, exchanges, "one exchange for a thousand reads while the Google token lives");
            assertEquals(CALLS, sheetReads, "every call reads the sheet afresh (no stale catalog)");
            assertEquals(1, exchangesAfterAll);
        }
    }

    /** {@code threads} clients of the same user, each making {@code each} calls at once. */
    private Run concurrent(String token, int threads, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<McpSyncClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                McpSyncClient c = McpClients.connect(publicUrl, token, Duration.ofSeconds(60));
                c.initialize();
                clients.add(c);
            }
            long start = System.nanoTime();
            List<Future<Run>> futures = new ArrayList<>();
            for (McpSyncClient c : clients) {
                futures.add(pool.submit(() -> run("t", c, "read_catalog", Map.of(), each)));
            }
            double p50 = 0;
            double p95 = 0;
            for (Future<Run> f : futures) {
                Run r = f.get();
                p50 = Math.max(p50, r.p50Millis());
                p95 = Math.max(p95, r.p95Millis());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run("read_catalog, " + threads + " sessions at once", threads * each,
                    threads * each / seconds, p50, p95);
        } finally {
            clients.forEach(McpSyncClient::close);
            pool.shutdownNow();
        }
    }
}
