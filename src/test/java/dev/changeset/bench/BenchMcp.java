package dev.changeset.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.JsonObject;

/**
 * A lean raw MCP client for benchmarks: the JDK's HttpClient on a caller-given executor, so that a thousand open
 * tool calls cost the measuring JVM no thread each (the SDK client would add its own schedulers).
 */
final class BenchMcp {

    private final HttpClient http;
    private final String url;
    private final String token;
    private final String session;
    private final AtomicLong ids = new AtomicLong(10);

    BenchMcp(String publicUrl, String token, ExecutorService executor) {
        this.http = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1).build();
        this.url = publicUrl + "/mcp";
        this.token = token;
        JsonObject init = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize")
                .put("params", new JsonObject().put("protocolVersion", "2025-11-25").put("capabilities",
                        new JsonObject()).put("clientInfo", new JsonObject().put("name", "bench").put("version", "1")));
        HttpResponse<String> answer = send(request(null, init));
        this.session = answer.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IllegalStateException("no session: " + answer.body()));
        send(request(session, new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized")));
    }

    /** Calls a tool and waits for its structured content. */
    JsonObject call(String tool, JsonObject arguments) {
        return structured(send(request(session, message(tool, arguments))).body());
    }

    /** Calls a tool without waiting; completes with its structured content. */
    CompletableFuture<JsonObject> callAsync(String tool, JsonObject arguments) {
        return http.sendAsync(request(session, message(tool, arguments)), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> structured(r.body()));
    }

    private JsonObject message(String tool, JsonObject arguments) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", "tools/call")
                .put("params", new JsonObject().put("name", tool).put("arguments", arguments));
    }

    /** The result's structured content, from a JSON answer or the last event of an SSE stream. */
    static JsonObject structured(String body) {
        String json = body.trim();
        if (!json.startsWith("{")) {
            json = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:") && line.contains("\"result\"")) {
                    json = line.substring(5).trim();
                }
            }
            if (json == null) {
                throw new IllegalStateException("no result in: " + body);
            }
        }
        JsonObject result = new JsonObject(json).getJsonObject("result");
        if (result == null || Boolean.TRUE.equals(result.getBoolean("isError"))) {
            throw new IllegalStateException("tool call failed: " + body);
        }
        return result.getJsonObject("structuredContent");
    }

    private HttpRequest request(String session, JsonObject message) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.encode()));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
