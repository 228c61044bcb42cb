package dev.changeset.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Raw Streamable HTTP to {@code /mcp} for one user's session, for the calls an SDK client would never send: any
 * body, any Content-Type and Accept. Every request carries the bearer token and the session id.
 */
final class McpWire {

    static final String JSON = "application/json";
    static final String ACCEPT = "application/json, text/event-stream";

    /** One answer: HTTP status, content type, the JSON-RPC message (the last SSE event when streamed), raw text. */
    record Reply(int status, String contentType, JsonObject json, String body) {

        boolean isToolError() {
            return json != null && json.getJsonObject("result") != null
                    && Boolean.TRUE.equals(json.getJsonObject("result").getBoolean("isError"));
        }

        String toolText() {
            JsonObject result = json == null ? null : json.getJsonObject("result");
            if (result == null || result.getJsonArray("content") == null) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            result.getJsonArray("content").forEach(c -> text.append(((JsonObject) c).getString("text", "")));
            return text.toString();
        }

        Integer rpcErrorCode() {
            return json == null || json.getJsonObject("error") == null ? null
                    : json.getJsonObject("error").getInteger("code");
        }

        String rpcErrorMessage() {
            return json == null || json.getJsonObject("error") == null ? ""
                    : json.getJsonObject("error").getString("message", "");
        }

        String brief() {
            String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return status + " " + text.replaceAll("[^\\x20-\\x7E]", "?");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String token;
    private final AtomicLong ids = new AtomicLong(100);
    private String session;

    McpWire(String publicUrl, String token) {
        this.endpoint = URI.create(publicUrl + "/mcp");
        this.token = token;
    }

    /** Initializes a session the way every client must before calling tools. */
    McpWire open() {
        Reply init = post(JSON, ACCEPT, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"bad-input-corpus","version":"1"}}}""");
        if (init.status() != 200 || session == null) {
            throw new IllegalStateException("initialize failed: " + init.brief());
        }
        post(JSON, ACCEPT, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return this;
    }

    Reply post(String body) {
        return post(JSON, ACCEPT, body);
    }

    /** A POST with these headers (null leaves the header out) and this exact body. */
    Reply post(String contentType, String accept, String body) {
        return send("POST", contentType, accept, body);
    }

    Reply send(String method, String contentType, String accept, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> session = id);
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Reply(response.statusCode(), type, parse(type, response.body()), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A tools/call with these arguments (any JSON value, passed as written). */
    Reply tool(String name, String argumentsJson) {
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"" + name + "\",\"arguments\":" + argumentsJson + "}}");
    }

    Reply tool(String name, JsonObject arguments) {
        return tool(name, arguments.encode());
    }

    private static JsonObject parse(String contentType, String body) {
        String json = body;
        if (contentType.startsWith("text/event-stream")) {
            json = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    json = line.substring(5).trim(); // the result is the last event
                }
            }
        }
        try {
            return json == null || json.isBlank() ? null : new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
