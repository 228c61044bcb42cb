package dev.changeset.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.changeset.sandbox.Sandbox;
import dev.changeset.support.McpWire;
import dev.changeset.support.McpWire.Reply;
import dev.changeset.support.NginxProxy;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.PostgresProfile;
import dev.changeset.support.PrometheusText;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Several replicas on one machine: three instances of the packaged application (production profile, pointed at the
 * sandbox in this JVM) share one PostgreSQL database behind Debian's nginx, which routes as the Ingress does (hash
 * of the Authorization header). A mixed load of 500 tool calls meets no unknown session; then an approval started
 * through one instance, which is stopped (SIGTERM) while the call waits, completes and executes through another,
 * exactly once. Skipped, saying why, without nginx or PostgreSQL.
 */
@RequiresPostgres
class SeveralReplicasIT {

    private static final int SESSIONS = 24;
    private static final int CALLS = 500;
    private static final String SCOPE = "openid changeset:read changeset:write";

    @Test
    void three_instances_share_the_load_and_an_approval_survives_its_instance() throws Exception {
        Assumptions.assumeTrue(NginxProxy.binary().isPresent(),
                "nginx is not installed (apt-get install nginx; .ci/run does): the several-replicas test needs it");
        List<PackagedApp> apps = new ArrayList<>();
        int proxyPort = PackagedApp.freePort();
        // the tenant's API is the replicas' MCP resource: their public URL (the proxy) plus /mcp
        try (Sandbox sandbox = Sandbox.start(0, List.of("http://localhost:" + proxyPort + "/mcp"))) {
            SandboxClient sbx = new SandboxClient(sandbox.url());
            Story.resetSandbox(sbx);
            startInstances(sandbox.url(), "http://localhost:" + proxyPort, apps);
            try (NginxProxy proxy = NginxProxy.start("replicas", proxyPort, apps.stream().map(PackagedApp::port)
                    .toList())) {
                mixedLoadMeetsNoUnknownSession(proxy, sbx, apps);
                anApprovalOutlivesTheInstanceThatStartedIt(proxy, sbx, apps);
            }
        } finally {
            for (PackagedApp app : apps) {
                app.close();
            }
        }
    }

    private void mixedLoadMeetsNoUnknownSession(NginxProxy proxy, SandboxClient sbx, List<PackagedApp> apps)
            throws Exception {
        List<McpWire> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new McpWire(proxy.url(), sbx.token(i % 2 == 0 ? "alice" : "dave", SCOPE)).open());
        }
        JsonArray products = sessions.get(0).tool("read_catalog", new JsonObject().put("limit", SESSIONS + 1),
                Duration.ofSeconds(60)).structured().getJsonArray("products");
        AtomicInteger calls = new AtomicInteger(1); // that read
        Map<String, Integer> byTool = new ConcurrentHashMap<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            McpWire session = sessions.get(s);
            JsonObject product = products.getJsonObject(s);
            int share = CALLS / SESSIONS + (s < CALLS % SESSIONS ? 1 : 0);
            runs.add(pool.submit(() -> {
                Load load = new Load(session, product.getString("sku"), new BigDecimal(product.getValue("price")
                        .toString()));
                for (int k = 0; k < share; k++) {
                    String problem = load.next(k, byTool);
                    calls.incrementAndGet();
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("several replicas: %d tool calls %s, sessions per instance %s%n", calls.get(), byTool,
                perInstance(sessions));

        assertEquals(List.of(), problems, "every call answered 200 without error");
        assertEquals(CALLS + 1, calls.get());
        assertTrue(perInstance(sessions).size() >= 2, "sessions spread over instances: " + perInstance(sessions));
        assertEquals(0, proxy.accessLines().stream().filter(l -> l.contains("\" 404 ")).count(),
                "no unknown session at the proxy");
        double served = 0;
        for (PackagedApp app : apps) {
            assertFalse(Files.readString(app.log()).toLowerCase().contains("session not found"), app.log().toString());
            served += scrape(app).sum("changeset_tool_calls_total", Map.of("outcome", "ok"));
        }
        assertEquals(CALLS + 1, (int) served, "the instances counted every call as answered");
    }

    /** One session's share of the load: reads, previews of small (T1) price moves on its own SKU, applies. */
    private static final class Load {
        private final McpWire session;
        private final String sku;
        private final BigDecimal original;
        private BigDecimal current;
        private String previewed;

        Load(McpWire session, String sku, BigDecimal price) {
            this.session = session;
            this.sku = sku;
            this.original = price;
            this.current = price;
        }

        String next(int k, Map<String, Integer> byTool) throws Exception {
            int kind = k % 10;
            String tool = kind < 4 ? "get_session" : kind < 7 ? "read_catalog" : kind < 9 || previewed == null
                    ? "preview_changeset" : "apply_changeset";
            JsonObject args = switch (tool) {
                case "get_session" -> new JsonObject();
                case "read_catalog" -> new JsonObject().put("skus", new JsonArray().add(sku));
                case "preview_changeset" -> new JsonObject().put("operations", new JsonArray().add(new JsonObject()
                        .put("op", "set_price").put("sku", sku).put("price", target())));
                default -> new JsonObject().put("changesetId", previewed).put("waitSeconds", 20);
            };
            Reply answer = session.tool(tool, args, Duration.ofSeconds(90));
            byTool.merge(tool, 1, Integer::sum);
            if (answer.status() != 200 || answer.json().containsKey("error") || answer.isToolError()) {
                return tool + " via " + answer.upstream() + ": " + answer.status() + " " + answer.json();
            }
            if (tool.equals("preview_changeset")) {
                previewed = answer.structured().getString("changesetId");
            } else if (tool.equals("apply_changeset")) {
                String state = answer.structured().getString("state");
                previewed = null;
                if (!state.equals("SEALED")) {
                    return "apply of " + sku + " ended " + state + ": " + answer.structured().getString("detail");
                }
                current = target();
            }
            return null;
        }

        /** Alternates between the original price and 1% above it: always a T1 move. */
        private BigDecimal target() {
            return current.compareTo(original) == 0 ? original.multiply(new BigDecimal("1.01"))
                    .setScale(2, RoundingMode.HALF_UP) : original;
        }
    }

    private void anApprovalOutlivesTheInstanceThatStartedIt(NginxProxy proxy, SandboxClient sbx,
            List<PackagedApp> apps) throws Exception {
        McpWire alice = new McpWire(proxy.url(), sbx.token("alice", SCOPE)).open();
        JsonObject preview = alice.tool("preview_changeset", new JsonObject().put("operations", new JsonArray()
                .add(new JsonObject().put("op", "set_price").put("sku", "APP-1000").put("price", 80.00))),
                Duration.ofSeconds(60)).structured();
        assertEquals("T2", preview.getString("maxTier"), preview.encode());
        String id = preview.getString("changesetId");

        CompletableFuture<HttpResponse<Void>> stream = alice.openEventStream();
        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(() -> alice.tool("apply_changeset",
                new JsonObject().put("changesetId", id).put("waitSeconds", 120), Duration.ofSeconds(180)));
        JsonObject push = await(() -> sbx.get("/sandbox/ciba/requests?user=alice&status=pending")
                .getJsonArray("requests").stream().map(JsonObject.class::cast).findFirst().orElse(null),
                Duration.ofSeconds(30), "the push was not sent");
        PackagedApp first = apps.stream().filter(a -> alice.upstream().endsWith(":" + a.port())).findFirst()
                .orElseThrow(() -> new AssertionError("no instance behind " + alice.upstream()));
        List<PackagedApp> others = apps.stream().filter(a -> a != first).toList();
        Map<PackagedApp, PrometheusText> before = new HashMap<>();
        for (PackagedApp other : others) {
            before.put(other, scrape(other));
        }

        Thread.sleep(1000); // the GET stream is open, the call waits (up to 120 s)
        assertFalse(stream.isDone() || waiting.isDone());
        Instant stopAt = Instant.now();
        first.terminate(); // SIGTERM, as Kubernetes sends it
        Reply answered = waiting.get(60, TimeUnit.SECONDS);
        long answeredMs = Duration.between(stopAt, Instant.now()).toMillis();
        assertEquals(200, answered.status(), "the call in flight ended normally: " + answered);
        assertEquals("AWAITING_APPROVAL", answered.structured().getString("state"), answered.json().encode());
        stream.get(30, TimeUnit.SECONDS); // the event stream was ended, not left to hold the shutdown up
        assertTrue(first.awaitExit(Duration.ofSeconds(60)), "the stopped instance exited");
        long exitedMs = Duration.between(stopAt, Instant.now()).toMillis();
        System.out.printf("several replicas: after SIGTERM the waiting call answered in %d ms and the instance behind"
                + " %s exited in %d ms (shutdown timeout 315 s)%n", answeredMs, alice.upstream(), exitedMs);
        assertTrue(exitedMs < 30_000, "the instance did not sit out its waits and streams: " + exitedMs + " ms");

        long mark = sbx.callMark();
        sbx.post("/sandbox/ciba/requests/" + push.getString("id") + "/approve", new JsonObject());
        McpWire later = new McpWire(proxy.url(), sbx.token("alice", SCOPE)).open();
        JsonObject sealed = await(() -> {
            JsonObject c = later.tool("get_changeset", new JsonObject().put("changesetId", id),
                    Duration.ofSeconds(30)).structured();
            return c.getString("state").equals("SEALED") ? c : null;
        }, Duration.ofSeconds(120), "the approved changeset was not sealed by the other instances");
        assertEquals("SEALED", sealed.getString("state"));

        long writes = sbx.callsSince(mark).stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("method").equals("values.batchUpdate")).count();
        assertEquals(1, writes, "executed exactly once");
        double approvals = 0;
        double receipts = 0;
        for (PackagedApp other : others) {
            PrometheusText now = scrape(other);
            approvals += now.sum("changeset_approvals_seconds_count", Map.of("outcome", "approved"))
                    - before.get(other).sum("changeset_approvals_seconds_count", Map.of("outcome", "approved"));
            receipts += now.sum("changeset_receipts_appended_total", Map.of("outcome", "SEALED"))
                    - before.get(other).sum("changeset_receipts_appended_total", Map.of("outcome", "SEALED"));
        }
        assertEquals(1, (int) approvals, "one decision, by one of the remaining instances");
        assertEquals(1, (int) receipts, "one receipt, by one of the remaining instances");
    }

    private static void startInstances(String sandboxUrl, String publicUrl, List<PackagedApp> apps)
            throws Exception {
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("CHANGESET_PUBLIC_URL", publicUrl),
                Map.entry("%prod.changeset.identity.issuer", sandboxUrl + "/"),
                Map.entry("changeset.vault.client-id", "sandbox-custom-api-client"),
                Map.entry("changeset.vault.client-secret", "sandbox-custom-api-client-secret"),
                Map.entry("changeset.approval.client-id", "sandbox-ciba-client"),
                Map.entry("changeset.approval.client-secret", "sandbox-ciba-secret"),
                Map.entry("changeset.approval.second-approvers", "auth0|dave"),
                Map.entry("changeset.catalog.sheets-root-url", sandboxUrl),
                Map.entry("changeset.catalog.spreadsheet-id", Story.SPREADSHEET),
                Map.entry("changeset.notify.gmail-root-url", sandboxUrl + "/"),
                Map.entry("changeset.mcp.progress-every", "5S"),
                // the mixed load previews as alice far more than one person holds open (max-open-previews, 20)
                Map.entry("changeset.pipeline.max-open-previews", "100000"),
                Map.entry("CHANGESET_DB_URL", System.getenv(PostgresProfile.URL_ENV)),
                Map.entry("CHANGESET_DB_USER", System.getenv(PostgresProfile.USER_ENV)),
                Map.entry("CHANGESET_DB_PASSWORD", System.getenv(PostgresProfile.PASSWORD_ENV))));
        Map<String, String> first = new HashMap<>(config);
        first.put("quarkus.flyway.clean-at-start", "true"); // the first one starts from an empty schema
        first.put("quarkus.flyway.clean-disabled", "false");
        apps.add(PackagedApp.start("replica-1", first, Duration.ofMinutes(4)));
        ExecutorService starting = Executors.newFixedThreadPool(2);
        List<Future<PackagedApp>> more = List.of(
                starting.submit(() -> PackagedApp.start("replica-2", config, Duration.ofMinutes(4))),
                starting.submit(() -> PackagedApp.start("replica-3", config, Duration.ofMinutes(4))));
        for (Future<PackagedApp> app : more) {
            apps.add(app.get(5, TimeUnit.MINUTES));
        }
        starting.shutdown();
        for (PackagedApp app : apps) {
            await(() -> get(app.managementUrl() + "/q/health/ready").statusCode() == 200 ? true : null,
                    Duration.ofMinutes(2), app.url() + " did not become ready");
        }
    }

    private static Map<String, Integer> perInstance(List<McpWire> sessions) {
        Map<String, Integer> count = new java.util.TreeMap<>();
        sessions.forEach(s -> count.merge(s.upstream(), 1, Integer::sum));
        return count;
    }

    private static PrometheusText scrape(PackagedApp app) throws Exception {
        HttpResponse<String> metrics = get(app.managementUrl() + "/q/metrics");
        assertEquals(200, metrics.statusCode());
        return PrometheusText.parse(metrics.body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    /** Polls until {@code probe} gives a value; every wait has a deadline. */
    private static <T> T await(Probe<T> probe, Duration within, String failure) throws Exception {
        Instant end = Instant.now().plus(within);
        Exception last = null;
        while (Instant.now().isBefore(end)) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(failure + (last == null ? "" : ": " + last), last);
    }
}
