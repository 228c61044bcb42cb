package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox tenant's token, revocation and CIBA endpoints as an OAuth client meets them over HTTP when it sends
 * something wrong: malformed bodies, unknown or missing grant types, client authentication done badly (RFC 6749
 * sections 2.3 and 5.2).
 */
class SandboxTokenEndpointTest {

    private static Sandbox running;
    private static SandboxClient sandbox;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        running = Sandbox.start(0);
        sandbox = new SandboxClient(running.url());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void a_malformed_json_body_is_answered_400_invalid_request_on_every_endpoint_that_reads_one() {
        for (String path : List.of("/oauth/token", "/bc-authorize", "/oauth/revoke", "/sandbox/tokens")) {
            for (String body : List.of("{", "not json", "[1, 2]")) {
                Answer answer = post(path, "application/json", body, Map.of());
                assertEquals(400, answer.status(), path + " " + body + ": " + answer.body());
                assertEquals("invalid_request", answer.json().getString("error"), path + " " + body);
            }
        }
    }

    /** A raw answer: status, headers and body as sent. */
    record Answer(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        JsonObject json() {
            return new JsonObject(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static Answer post(String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(running.url() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
