package dev.changeset.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The approval gate under load, on one JVM (the server, the sandbox and the client all in it, so every thread
 * counts): 1,000 changesets wait for approval at once, each with an open apply_changeset call, while the sandbox
 * holds every decision; then one release approves them all. Reports live threads and heap while they wait (against
 * the idle JVM), the time from the release to all 1,000 approved and to all 1,000 sealed (against the poll
 * interval), and the delay from one approval at the sandbox to its changeset leaving AWAITING_APPROVAL (against the
 * target: the poll interval plus 100 ms). Asserts only outcomes, never times. Run with
 * {@code ./mvnw verify -Pbench -Dtest=ApprovalGateBench -Dquarkus.http.test-port=18701}.
 */
@QuarkusTest
@TestProfile(ApprovalGateBench.ThousandAtOnce.class)
@WithTestResource(SandboxResource.class)
class ApprovalGateBench {

    /**
     * 1,000 approval requests in about a minute: above Auth0's default tenant limit (500 a minute), which the server
     * counts itself (changeset.approval.tenant-limits) and the sandbox models too; both are raised here, as a tenant
     * with a raised limit would be.
     */
    public static class ThousandAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.approval.tenant-limits.per-minute", "100000");
        }
    }

    static final int CHANGESETS = 1_000;
    static final int WAITING_INTERVAL = 5; // Auth0's usual CIBA interval, seconds
    static final String SCOPE = "openid changeset:read changeset:write";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    DataSource db;

    @Test
    void a_thousand_changesets_wait_for_approval_without_a_thread_each() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        sandbox.post("/sandbox/google/quota", new JsonObject().put("writesPerMinute", 1_000_000));
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("per_user_per_minute", 100_000)
                .put("tenant_per_minute", 100_000).put("interval", WAITING_INTERVAL));
        List<String> skus = addProducts(sandbox, CHANGESETS);
        ExecutorService client = Executors.newFixedThreadPool(2, r -> new Thread(r, "bench-client"));
        ExecutorService callers = Executors.newFixedThreadPool(8, r -> new Thread(r, "bench-caller"));
        McpWire mcp = new McpWire(publicUrl, sandbox.token("alice", SCOPE), client).open();
        String note = "bench " + UUID.randomUUID();

        List<String> ids = inParallel(callers, CHANGESETS, i -> mcp.call("preview_changeset", new JsonObject()
                .put("operations", new JsonArray().add(new JsonObject().put("op", "set_price").put("sku", skus.get(i))
                        .put("price", 120.00))).put("note", note)).getString("changesetId"));
        sandbox.post("/sandbox/ciba/hold", new JsonObject());
        inParallel(callers, CHANGESETS, i -> mcp.call("apply_changeset", new JsonObject()
                .put("changesetId", ids.get(i)).put("waitSeconds", 0)).getString("state"));
        callers.shutdown();
        assertEquals(CHANGESETS, count(note, "AWAITING_APPROVAL"));

        double idleHeap = JvmFigures.heapAfterGcMiB();
        int idleThreads = JvmFigures.liveThreads();
        JvmFigures.peakThreadsAndReset();
        List<CompletableFuture<JsonObject>> waits = new ArrayList<>();
        for (String id : ids) { // 200 a second: clients arrive over five seconds, not in one millisecond
            waits.add(mcp.callAsync("apply_changeset", new JsonObject().put("changesetId", id)
                    .put("waitSeconds", 230)));
            Thread.sleep(5);
        }
        Thread.sleep(3_000);
        int maxWaiting = 0;
        for (int i = 0; i < 50; i++) { // ten seconds of waiting, sampled
            maxWaiting = Math.max(maxWaiting, JvmFigures.liveThreads());
            Thread.sleep(200);
        }
        int peakWhileWaiting = JvmFigures.peakThreadsAndReset();
        double waitingHeap = JvmFigures.heapAfterGcMiB();
        Map<String, Integer> byName = JvmFigures.threadsByName();
        assertEquals(0, waits.stream().filter(CompletableFuture::isDone).count(), "all calls still wait");

        long released = System.nanoTime();
        sandbox.post("/sandbox/ciba/release", new JsonObject().put("action", "approve"));
        long allApproved = 0;
        while (allApproved == 0) {
            if (count(note, "AWAITING_APPROVAL") == 0) {
                allApproved = System.nanoTime();
            }
            Thread.sleep(20);
        }
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);
        long allAnswered = System.nanoTime();
        int peakResolving = JvmFigures.peakThreadsAndReset();
        long sealed = waits.stream().map(CompletableFuture::join).filter(c -> "SEALED".equals(c.getString("state")))
                .count();
        assertEquals(CHANGESETS, sealed, "every changeset ran once approved");

        double[] delays = approvalDelays(sandbox, mcp, skus.subList(0, 20), 1);
        double[] delays5 = approvalDelays(sandbox, mcp, skus.subList(20, 26), WAITING_INTERVAL);
        client.shutdown();

        double toApproved = (allApproved - released) / 1e9;
        double toAnswered = (allAnswered - released) / 1e9;
        System.out.printf("%n=== ApprovalGateBench: %d changesets waiting at once on one JVM (server + sandbox +"
                + " client) ===%n", CHANGESETS);
        System.out.printf("live threads    idle %4d | waiting max %4d (peak %4d) = %.2fx idle | resolving peak %4d%n",
                idleThreads, maxWaiting, peakWhileWaiting, maxWaiting / (double) idleThreads, peakResolving);
        System.out.printf("heap after GC   idle %7.1f MiB | waiting %7.1f MiB = +%.1f KiB per waiting changeset%n",
                idleHeap, waitingHeap, (waitingHeap - idleHeap) * 1024 / CHANGESETS);
        System.out.printf("release -> all %d approved %6.2f s = %.2fx the poll interval (%d s)%n", CHANGESETS,
                toApproved, toApproved / WAITING_INTERVAL, WAITING_INTERVAL);
        System.out.printf("release -> all %d sealed and answered %6.2f s = %.2fx the poll interval%n", CHANGESETS,
                toAnswered, toAnswered / WAITING_INTERVAL);
        report("approval -> APPROVED, interval 1 s", delays, 1);
        report("approval -> APPROVED, interval " + WAITING_INTERVAL + " s", delays5, WAITING_INTERVAL);
        System.out.println("threads while waiting, by name: " + byName);
    }

    /**
     * One approval per SKU (each priced 120.00 by then: 100.00 is a T2 cut), one at a time, each at a random moment
     * of the poll cycle: the seconds from the approval at the sandbox until the changeset left AWAITING_APPROVAL.
     */
    private double[] approvalDelays(SandboxClient sandbox, McpWire mcp, List<String> skus, int interval)
            throws Exception {
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", interval));
        double[] delays = new double[skus.size()];
        for (int i = 0; i < skus.size(); i++) {
            String id = mcp.call("preview_changeset", new JsonObject().put("operations", new JsonArray().add(
                    new JsonObject().put("op", "set_price").put("sku", skus.get(i)).put("price", 100.00))))
                    .getString("changesetId");
            assertEquals("AWAITING_APPROVAL", mcp.call("apply_changeset", new JsonObject().put("changesetId", id)
                    .put("waitSeconds", 0)).getString("state"));
            JsonArray pending = sandbox.get("/sandbox/ciba/requests?user=alice&status=pending")
                    .getJsonArray("requests");
            assertEquals(1, pending.size(), pending.encode());
            Thread.sleep(ThreadLocalRandom.current().nextLong(interval * 1000L));
            long before = System.nanoTime();
            sandbox.post("/sandbox/ciba/requests/" + pending.getJsonObject(0).getString("id") + "/approve",
                    new JsonObject());
            long approved = (before + System.nanoTime()) / 2;
            while ("AWAITING_APPROVAL".equals(state(id))) {
                Thread.sleep(2);
            }
            delays[i] = (System.nanoTime() - approved) / 1e9;
            while (!"SEALED".equals(state(id))) {
                Thread.sleep(20);
            }
        }
        return delays;
    }

    private static void report(String what, double[] delays, int interval) {
        double[] sorted = delays.clone();
        Arrays.sort(sorted);
        double max = sorted[sorted.length - 1];
        System.out.printf("%-38s n=%2d  p50 %5.3f s  p95 %5.3f s  max %5.3f s = %.3fx the target (%d s + 100 ms)%n",
                what, sorted.length, sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1], max,
                max / (interval + 0.1), interval);
    }

    /** Adds {@code count} products priced 100.00 below the seed and returns their SKUs. */
    private static List<String> addProducts(SandboxClient sandbox, int count) {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sku = String.format("BENCH-%04d", i);
            sandbox.post("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/insert-row", new JsonObject()
                    .put("sheet", "Products").put("row", 222 + i).put("values", new JsonArray(List.of(sku,
                            "Bench item " + i, "Bench", "100.00", "40.00", "FALSE", "0", "100", "2025-01-01"))));
            skus.add(sku);
        }
        return skus;
    }

    private static <T> List<T> inParallel(ExecutorService pool, int count, IntFunction<T> task) throws Exception {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(CompletableFuture.supplyAsync(() -> task.apply(n), pool));
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            results.add(f.get(5, TimeUnit.MINUTES));
        }
        return Collections.unmodifiableList(results);
    }

    private int count(String note, String state) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM changeset WHERE note = ? AND state = ?")) {
            s.setString(1, note);
            s.setString(2, state);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private String state(String id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT state FROM changeset WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
