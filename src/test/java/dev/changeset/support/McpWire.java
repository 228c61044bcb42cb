package dev.changeset.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.builder.ResponseBuilder;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The tests' one raw MCP client: Streamable HTTP to {@code <publicUrl>/mcp} with the JDK's {@link HttpClient}, for
 * what an SDK client would never send or never show (any body, Content-Type and Accept, a foreign session id, every
 * status and header). One user's token (or none); the {@code Mcp-Session-Id} the server hands out is echoed on every
 * later request. An answer that became an event stream is read to its JSON-RPC response ({@link #message}). The
 * official MCP Java SDK ({@link McpClients}, {@link Story}) stays the independent client for everything else.
 */
public final class McpWire {

    public static final String JSON = "application/json";
    public static final String ACCEPT = "application/json, text/event-stream";
    public static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""";
    public static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    /**
     * One answer: HTTP status, content type, the JSON-RPC message (the response event when streamed; null when the
     * body holds none), the raw body, the response headers, and the id of the tools/call it answers (else null).
     */
    public record Reply(int status, String contentType, JsonObject json, String body, HttpHeaders headers,
            Long requestId) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The answer as a RestAssured response, for its assertions on status, headers and the JSON body. */
        public ValidatableResponse then() {
            List<Header> all = new ArrayList<>();
            headers.map().forEach((name, values) -> values.forEach(value -> all.add(new Header(name, value))));
            return new ResponseBuilder().setStatusCode(status).setHeaders(new Headers(all)).setContentType(contentType)
                    .setBody(body).build().then();
        }

        /** The instance that answered, when a proxy names it ({@code X-Changeset-Upstream}), else "?". */
        public String upstream() {
            return headers.firstValue("X-Changeset-Upstream").orElse("?");
        }

        public boolean isToolError() {
            return json != null && json.getJsonObject("result") != null
                    && Boolean.TRUE.equals(json.getJsonObject("result").getBoolean("isError"));
        }

        /** The structured content of a successful tool result; anything else fails, quoting the answer. */
        public JsonObject structured() {
            JsonObject result = json == null ? null : json.getJsonObject("result");
            if (status != 200 || result == null || isToolError()) {
                throw new IllegalStateException("tool call failed: " + brief());
            }
            return result.getJsonObject("structuredContent");
        }

        public String toolText() {
            JsonObject result = json == null ? null : json.getJsonObject("result");
            if (result == null || result.getJsonArray("content") == null) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            result.getJsonArray("content").forEach(c -> text.append(((JsonObject) c).getString("text", "")));
            return text.toString();
        }

        public Integer rpcErrorCode() {
            return json == null || json.getJsonObject("error") == null ? null
                    : json.getJsonObject("error").getInteger("code");
        }

        public String rpcErrorMessage() {
            return json == null || json.getJsonObject("error") == null ? ""
                    : json.getJsonObject("error").getString("message", "");
        }

        public String brief() {
            String text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return status + " " + text.replaceAll("[^\\x20-\\x7E]", "?");
        }
    }

    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private volatile String session;
    private volatile String upstream = "?";

    /** A client for this user's bearer token (null sends no Authorization header); requests time out after 60 s. */
    public McpWire(String publicUrl, String token) {
        this(publicUrl, token, SHARED, Duration.ofSeconds(60));
    }

    /**
     * For benchmarks: HTTP/1.1 on the caller's executor, so that a thousand open tool calls cost the measuring JVM
     * no thread each; no request timeout (a call may wait minutes for an approval).
     */
    public McpWire(String publicUrl, String token, Executor executor) {
        this(publicUrl, token, HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), null);
    }

    private McpWire(String publicUrl, String token, HttpClient http, Duration timeout) {
        this.http = http;
        this.endpoint = URI.create(publicUrl + "/mcp");
        this.token = token;
        this.timeout = timeout;
    }

    /** Initializes a session the way every client must before calling tools; fails unless the server agreed. */
    public McpWire open() {
        Reply init = initialize();
        if (init.status() != 200 || session == null) {
            throw new IllegalStateException("initialize failed: " + init.brief());
        }
        upstream = init.upstream();
        Reply initialized = post(INITIALIZED);
        if (initialized.status() != 202) {
            throw new IllegalStateException("notifications/initialized failed: " + initialized.brief());
        }
        return this;
    }

    /** The {@code initialize} request alone, as it came back (a session id in it is kept). */
    public Reply initialize() {
        return post(INITIALIZE);
    }

    /** The session id the server handed out (or the one set by {@link #useSession}). */
    public String session() {
        return session;
    }

    /** Sends this session id from now on: another user's, or one that never existed. */
    public McpWire useSession(String id) {
        this.session = id;
        return this;
    }

    /** The instance that answered {@code initialize}, when a proxy names it. */
    public String upstream() {
        return upstream;
    }

    /** Sends this header on every later request (e.g. {@code Origin}). */
    public McpWire header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Reply post(String body) {
        return post(JSON, ACCEPT, body);
    }

    /** A POST with these headers (null leaves the header out) and this exact body. */
    public Reply post(String contentType, String accept, String body) {
        return send("POST", contentType, accept, body);
    }

    public Reply send(String method, String contentType, String accept, String body) {
        return send(request(method, contentType, accept, body, timeout), null);
    }

    /** A POST of this JSON-RPC body without waiting: for a call to be cancelled while it waits. */
    public CompletableFuture<Reply> postAsync(String body, Duration within) {
        return http.sendAsync(request("POST", JSON, ACCEPT, body, within), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> reply(response, null));
    }

    /** A tools/call with these arguments (any JSON value, passed as written). */
    public Reply tool(String name, String argumentsJson) {
        return tool(name, argumentsJson, timeout);
    }

    public Reply tool(String name, JsonObject arguments) {
        return tool(name, arguments.encode(), timeout);
    }

    /** A tools/call that may take this long (a wait for an approval). */
    public Reply tool(String name, JsonObject arguments, Duration within) {
        return tool(name, arguments.encode(), within);
    }

    private Reply tool(String name, String argumentsJson, Duration within) {
        long id = ids.incrementAndGet();
        return send(request("POST", JSON, ACCEPT, toolCall(id, name, argumentsJson), within), id);
    }

    /** Calls a tool that must succeed and returns its structured content. */
    public JsonObject call(String name, JsonObject arguments) {
        return tool(name, arguments).structured();
    }

    /** Calls a tool without waiting; completes with its structured content (or fails as {@link #call} does). */
    public CompletableFuture<JsonObject> callAsync(String name, JsonObject arguments) {
        long id = ids.incrementAndGet();
        return http.sendAsync(request("POST", JSON, ACCEPT, toolCall(id, name, arguments.encode()), timeout),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> reply(response, id).structured());
    }

    /** Opens the session's GET event stream; the future completes when the server ends it. */
    public CompletableFuture<HttpResponse<Void>> openEventStream() {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Accept", "text/event-stream").GET();
        headers(request);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A tools/call message with this id and these arguments (any JSON value, passed as written). */
    public static String toolCall(long id, String tool, String argumentsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + Json.encode(tool) + ",\"arguments\":" + argumentsJson + "}}";
    }

    /**
     * The JSON-RPC message of an answer: the JSON body, or from an event stream the last event holding a response
     * ({@code result} or {@code error}; progress notifications come before it), else its last JSON event; null when
     * there is none or it is not a JSON object.
     */
    public static JsonObject message(String contentType, String body) {
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            JsonObject response = null;
            JsonObject last = null;
            for (String data : events(body)) {
                JsonObject event = object(data);
                if (event != null) {
                    last = event;
                    if (event.containsKey("result") || event.containsKey("error")) {
                        response = event;
                    }
                }
            }
            return response != null ? response : last;
        }
        return object(body);
    }

    /** The data of each event of a {@code text/event-stream} body (its {@code data:} lines joined by newlines). */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                    data = null;
                }
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }

    private static JsonObject object(String json) {
        try {
            return json == null || json.isBlank() ? null : new JsonObject(json.strip());
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private HttpRequest request(String method, String contentType, String accept, String body, Duration within) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (within != null) {
            request.timeout(within);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        headers(request);
        return request.build();
    }

    private void headers(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        extraHeaders.forEach(request::header);
    }

    private Reply send(HttpRequest request, Long requestId) {
        try {
            return reply(http.send(request, HttpResponse.BodyHandlers.ofString()), requestId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply reply(HttpResponse<String> response, Long requestId) {
        response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> session = id);
        String type = response.headers().firstValue("Content-Type").orElse("");
        return new Reply(response.statusCode(), type, message(type, response.body()), response.body(),
                response.headers(), requestId);
    }
}
