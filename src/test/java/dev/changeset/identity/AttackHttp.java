package dev.changeset.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.changeset.support.McpWire;
import io.vertx.core.json.JsonObject;

/** Raw HTTP to a separate process: MCP requests to the application, form posts to a sandbox. */
final class AttackHttp {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    AttackHttp(String base) {
        this.base = base;
    }

    /** {@code initialize} to {@code /mcp<query>} with exactly these extra headers. */
    HttpResponse<String> initialize(Map<String, String> headers, String query) throws IOException,
            InterruptedException {
        return post("/mcp" + query, headers, McpWire.INITIALIZE);
    }

    /** Opens an initialized session with this token and returns its id. */
    String openSession(String token) throws IOException, InterruptedException {
        HttpResponse<String> init = initialize(Map.of("Authorization", "Bearer " + token), "");
        String session = init.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IllegalStateException("no session: " + init.statusCode() + " " + init.body()));
        post("/mcp", Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", session),
                McpWire.INITIALIZED);
        return session;
    }

    HttpResponse<String> call(String token, String session, String tool) throws IOException, InterruptedException {
        return post("/mcp", Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", session),
                McpWire.toolCall(2, tool, "{}"));
    }

    /** A form POST to {@code base + path}; the answer's JSON body, with its status under {@code "_status"}. */
    JsonObject form(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
        return json.put("_status", response.statusCode());
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", McpWire.JSON).header("Accept", McpWire.ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
