package dev.changeset.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Talks to the sandbox over HTTP, as any client of Auth0 or Google would: tokens, switches, counters. */
public final class SandboxClient {

    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    public SandboxClient(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** A token for a demo user with these MCP scopes, valid for an hour. */
    public String token(String user, String scope) {
        return token(new JsonObject().put("user", user).put("scope", scope));
    }

    /** A token from a full request ({@code user}, {@code scope}, {@code ttl_seconds}, {@code audience}, ...). */
    public String token(JsonObject request) {
        return post("/sandbox/tokens", request).getString("access_token");
    }

    public JsonObject get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET().build());
    }

    public JsonObject post(String path, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    public JsonObject post(String path, Map<String, Object> body) {
        return post(path, new JsonObject(body));
    }

    /** Puts the sandbox's Google (sheets, faults, call log, quota) and Auth0 Token Vault back as at start. */
    public void reset() {
        post("/sandbox/google/reset", new JsonObject());
        post("/sandbox/auth0/reset", new JsonObject());
        ExecutedChangeLog.forget(); // the sheet is back at its seed: the server's record of changes to it goes too
    }

    /** Token Vault exchanges the sandbox made for a demo user since the last reset. */
    public long exchanges(String user) {
        return get("/sandbox/auth0/stats").getJsonObject("tokenVault").getJsonObject("exchanges").getLong(user, 0L);
    }

    /** A mark in the Sheets call log: {@link #callsSince(long)} returns the calls after it. */
    public long callMark() {
        return get("/sandbox/google/calls").getLong("next");
    }

    public JsonArray callsSince(long mark) {
        return get("/sandbox/google/calls?since=" + mark).getJsonArray("calls");
    }

    /** Posts a form and returns the status and JSON body, whatever the status (for OAuth endpoints). */
    public JsonObject postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return withStatus(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts JSON and returns the status ({@code _status}) and JSON body, whatever the status. */
    public JsonObject postForStatus(String path, JsonObject body) {
        return withStatus(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    /** Posts JSON with a bearer token and returns the status and JSON body, whatever the status. */
    public JsonObject postJson(String path, String bearer, JsonObject body) {
        return withStatus(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }

    private JsonObject withStatus(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonObject json = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
            return json.put("_status", response.statusCode());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonObject delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE().build());
    }

    private JsonObject send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
