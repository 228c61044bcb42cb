package dev.changeset.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.JsonObject;

/**
 * One MCP session over plain Streamable HTTP with {@link HttpClient}, for tests that go through a proxy and need
 * every status and header: {@code initialize}, then {@code tools/call}s that echo {@code Mcp-Session-Id}. An answer
 * that became an event stream (progress while waiting) is read to its last {@code data:} event. It opens no GET
 * stream.
 */
public final class McpHttpSession {

    /** One tools/call as it came back: HTTP status, the instance that served it, and the JSON-RPC message. */
    public record Answer(int status, String upstream, JsonObject message) {

        public boolean isToolError() {
            return message != null && message.getJsonObject("result") != null
                    && message.getJsonObject("result").getBoolean("isError", false);
        }

        public JsonObject structured() {
            return message.getJsonObject("result").getJsonObject("structuredContent");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;
    private final String token;
    private final String sessionId;
    private final String upstream;
    private final AtomicLong ids = new AtomicLong(1);

    private McpHttpSession(String url, String token, String sessionId, String upstream) {
        this.url = url;
        this.token = token;
        this.sessionId = sessionId;
        this.upstream = upstream;
    }

    /** Initializes a session at {@code baseUrl + "/mcp"}; fails unless the server answered 200 with an id. */
    public static McpHttpSession open(String baseUrl, String token) throws IOException, InterruptedException {
        HttpResponse<String> init = send(baseUrl + "/mcp", token, null, RawMcp.INITIALIZE, Duration.ofSeconds(60));
        String id = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (init.statusCode() != 200 || id == null) {
            throw new IllegalStateException("initialize answered " + init.statusCode() + ": " + init.body());
        }
        HttpResponse<String> initialized = send(baseUrl + "/mcp", token, id,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Duration.ofSeconds(30));
        if (initialized.statusCode() != 202) {
            throw new IllegalStateException("notifications/initialized answered " + initialized.statusCode());
        }
        return new McpHttpSession(baseUrl + "/mcp", token, id, init.headers().firstValue("X-Changeset-Upstream")
                .orElse("?"));
    }

    public String id() {
        return sessionId;
    }

    /** The instance that answered {@code initialize} (from the proxy's header). */
    public String upstream() {
        return upstream;
    }

    public Answer call(String tool, JsonObject arguments, Duration timeout) throws IOException, InterruptedException {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", "tools/call").put("params", new JsonObject().put("name", tool)
                        .put("arguments", arguments));
        HttpResponse<String> response = send(url, token, sessionId, request.encode(), timeout);
        String via = response.headers().firstValue("X-Changeset-Upstream").orElse("?");
        if (response.statusCode() != 200) {
            return new Answer(response.statusCode(), via, null);
        }
        boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        return new Answer(200, via, new JsonObject(stream ? lastEvent(response.body()) : response.body()));
    }

    /** Opens the session's GET event stream; the future completes when the server ends it. */
    public java.util.concurrent.CompletableFuture<HttpResponse<Void>> openEventStream() {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", sessionId).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The last {@code data:} of an event stream: the result comes after any progress notifications. */
    static String lastEvent(String body) {
        String last = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                String data = line.substring(5).trim();
                if (data.contains("\"result\"") || data.contains("\"error\"")) {
                    last = data;
                }
            }
        }
        if (last == null) {
            throw new IllegalStateException("no result in the event stream: " + body);
        }
        return last;
    }

    private static HttpResponse<String> send(String url, String token, String session, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
