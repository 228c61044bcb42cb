package dev.changeset.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.PrometheusText;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What an operator scrapes from {@code /q/metrics} (on the management interface, as Prometheus does) after
 * changesets went through the pipeline over MCP: tool calls by tool and outcome, tiers, approvals with their latency
 * histogram, Token Vault exchanges and cache hits, Google calls by API method and status (checked against the
 * sandbox's own log of the calls it answered), receipts.
 * Every figure is a difference between a scrape before and one after, so earlier tests in the JVM do not matter.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class OperatorMetricsTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    /** The management interface (its root path, /q/): Prometheus scrapes there. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_changeset_through_the_pipeline_shows_in_every_series() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        Story.resetSandbox(sandbox);
        PrometheusText before = scrape();
        long googleMark = sandbox.callMark();

        try (Story alice = new Story(publicUrl, sandboxUrl, "alice"); Story bob = new Story(publicUrl, sandboxUrl,
                "bob")) {
            // a Google 401 drops alice's cached Google token: the next call exchanges again (an exchange, surely)
            sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 401)
                    .put("count", 1).put("on", "read"));
            alice.product("APP-1000");
            // a 429 is retried (two Google answers, one tool call)
            sandbox.post("/sandbox/google/faults", new JsonObject().put("kind", "error").put("status", 429)
                    .put("count", 1).put("on", "read"));
            alice.product("APP-1000");
            String unknown = alice.error("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("NO-SUCH-SKU", "1.00"))));
            assertFalse(unknown.isBlank());

            JsonObject t1 = alice.preview(Story.setPrice("APP-1000", "68.99"));
            assertEquals("T1", t1.getString("maxTier"));
            assertEquals("SEALED", alice.apply(t1.getString("changesetId"), 20).getString("state"));

            sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                    .put("after_ms", 1200));
            JsonObject t2 = alice.preview(Story.setPrice("APP-1000", "80.00"));
            assertEquals("T2", t2.getString("maxTier"));
            assertEquals("SEALED", alice.apply(t2.getString("changesetId"), 30).getString("state"));

            assertTrue(Story.text(bob.call("read_catalog", Map.of())).contains("not connected"));
            assertEquals(2, alice.outbox(2, Duration.ofSeconds(15)).size(), "both receipts mailed");
        }
        PrometheusText after = awaitScrape(p -> delta(before, p, "changeset_google_calls_total",
                Map.of("method", "gmail.messages.send", "status", "200")) >= 2);

        // tool calls by tool and outcome (ours), and the extension's timer per tool
        assertEquals(2, delta(before, after, "changeset_tool_calls_total",
                Map.of("tool", "preview_changeset", "outcome", "ok")));
        assertEquals(1, delta(before, after, "changeset_tool_calls_total",
                Map.of("tool", "preview_changeset", "outcome", "error")));
        assertEquals(2, delta(before, after, "changeset_tool_calls_total",
                Map.of("tool", "apply_changeset", "outcome", "ok")));
        assertEquals(1, delta(before, after, "changeset_tool_calls_total",
                Map.of("tool", "read_catalog", "outcome", "error")), "bob's refusal is a tool error");
        assertEquals(2, delta(before, after, "mcp_server_requests_tools_call_seconds_count",
                Map.of("tool_name", "apply_changeset")));

        // tiers decided: one operation each
        assertEquals(1, delta(before, after, "changeset_policy_decisions_total", Map.of("tier", "T1")));
        assertEquals(1, delta(before, after, "changeset_policy_decisions_total", Map.of("tier", "T2")));
        assertEquals(1, delta(before, after, "changeset_policy_changesets_total", Map.of("tier", "T2")));

        // approvals by outcome, with a latency histogram: the scripted tap came after about 1.2 s
        assertEquals(1, delta(before, after, "changeset_approvals_seconds_count", Map.of("outcome", "approved")));
        assertEquals(1, delta(before, after, "changeset_approvals_seconds_bucket",
                Map.of("outcome", "approved", "le", "5.0")));
        assertTrue(delta(before, after, "changeset_approvals_seconds_sum", Map.of("outcome", "approved")) >= 1.0);

        // Token Vault: a refused exchange for bob, at least one fresh exchange after the 401, cache hits
        assertEquals(1, delta(before, after, "changeset_vault_exchanges_total", Map.of("outcome", "connect_google")));
        assertTrue(delta(before, after, "changeset_vault_exchanges_total", Map.of("outcome", "ok")) >= 1);
        assertTrue(delta(before, after, "cache_gets_total", Map.of("cache", "token-vault", "result", "hit")) >= 5);

        // Google calls by API method and status: exactly what the sandbox says it answered
        Map<String, Integer> answered = new TreeMap<>();
        JsonArray calls = sandbox.callsSince(googleMark);
        for (int i = 0; i < calls.size(); i++) {
            JsonObject call = calls.getJsonObject(i);
            answered.merge("sheets." + call.getString("method") + " " + call.getInteger("status"), 1, Integer::sum);
        }
        assertTrue(answered.containsKey("sheets.values.batchUpdate 200") && answered.keySet().stream()
                .anyMatch(k -> k.endsWith(" 429")) && answered.keySet().stream().anyMatch(k -> k.endsWith(" 401")),
                answered.toString());
        String seen = after.samples().stream().filter(s -> s.name().equals("changeset_google_calls_total"))
                .map(s -> s.labels() + "=" + (s.value() - before.sum(s.name(), s.labels()))).toList().toString();
        answered.forEach((key, count) -> assertEquals(count, (int) delta(before, after, "changeset_google_calls_total",
                Map.of("method", key.split(" ")[0], "status", key.split(" ")[1])), key + " in " + seen));

        // receipts appended
        assertEquals(2, delta(before, after, "changeset_receipts_appended_total", Map.of("outcome", "SEALED")));

        // no token, user id or e-mail address in any series
        String text = scrapeText();
        for (String secretish : new String[] { "ya29.", "eyJ", "auth0|", "@example.com", "Bearer" }) {
            assertFalse(text.contains(secretish), "/q/metrics contains " + secretish);
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private PrometheusText awaitScrape(java.util.function.Predicate<PrometheusText> ready) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PrometheusText p = scrape();
        while (!ready.test(p) && System.nanoTime() < end) {
            Thread.sleep(100);
            p = scrape();
        }
        return p;
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(scrapeText());
    }

    private String scrapeText() throws Exception {
        URI metrics = management.toURI().resolve("/q/metrics");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), metrics + " without a token");
        return response.body();
    }
}
