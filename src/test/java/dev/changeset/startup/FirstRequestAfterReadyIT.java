package dev.changeset.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxProcess;

/**
 * Ready means ready: the packaged application (production profile, PostgreSQL) is polled every 20 ms, and the very
 * first MCP request after /q/health/ready first answers 200 must succeed: the bearer token verified by quarkus-oidc
 * (its keys fetched), the database migrated (get_session reads nothing of it, read_catalog goes through Token Vault
 * and Sheets, preview_changeset through the policy and the changeset store). Whatever start-up cuts are made, this
 * keeps them honest.
 */
@RequiresPostgres
class FirstRequestAfterReadyIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_first_requests_after_ready_succeed() throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start("first-request")) {
            ProdOnSandbox.Settings db = ProdOnSandbox.testDatabase();
            Map<String, String> environment = new LinkedHashMap<>(db.environment());
            try (PackagedApp app = ProdOnSandbox.start("first-request", sandbox.url(), db.properties(), environment)) {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (get(app.managementUrl() + "/q/health/ready").statusCode() != 200) {
                    assertTrue(Instant.now().isBefore(deadline), "not ready within 3 minutes: see " + app.log());
                    Thread.sleep(20);
                }
                String token = new SandboxClient(sandbox.url()).token("alice", "changeset:read");
                HttpResponse<String> init = post(app.url(), token, null, """
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
                        "capabilities":{},"clientInfo":{"name":"first-request","version":"1"}}}""");
                assertEquals(200, init.statusCode(), init.body());
                String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
                assertNotNull(session, "initialize answered without a session id");
                post(app.url(), token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                for (String call : new String[] {
                        "{\"name\":\"get_session\",\"arguments\":{}}",
                        "{\"name\":\"read_catalog\",\"arguments\":{\"skus\":[\"APP-1000\"]}}",
                        "{\"name\":\"preview_changeset\",\"arguments\":{\"operations\":[{\"op\":\"set_price\","
                                + "\"sku\":\"APP-1000\",\"price\":66.99}]}}" }) {
                    HttpResponse<String> answer = post(app.url(), token, session,
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":" + call + "}");
                    assertEquals(200, answer.statusCode(), call + ": " + answer.body());
                    assertTrue(answer.body().contains("\"result\""), call + ": " + answer.body());
                    assertFalse(answer.body().contains("\"isError\":true"), call + ": " + answer.body());
                }
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return new NotYet(url);
        }
    }

    private HttpResponse<String> post(String base, String token, String session, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** No answer yet (the port is not open): status 0. */
    private record NotYet(String url) implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public HttpRequest request() { return HttpRequest.newBuilder(URI.create(url)).build(); }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return URI.create(url); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
