package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    private static final String FORM = "application/x-www-form-urlencoded";

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

    @Test
    void a_failed_http_basic_authentication_is_answered_401_with_www_authenticate_basic() {
        OAuthClientFixture app = OAuthClientFixture.firstParty(sandbox);
        Answer answer = post("/oauth/token", FORM, "grant_type=authorization_code&code=x",
                Map.of("Authorization", basic(app.clientId(), "not-the-secret")));
        assertEquals(401, answer.status(), answer.body());
        assertEquals("invalid_client", answer.json().getString("error"));
        String challenge = answer.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Basic "), "RFC 6749 s5.2: "
                + answer.response().headers().map());

        Answer inBody = post("/oauth/token", FORM, "grant_type=authorization_code&code=x&client_id=" + app.clientId()
                + "&client_secret=not-the-secret", Map.of());
        assertEquals(401, inBody.status(), inBody.body());
        assertNull(inBody.header("WWW-Authenticate"), "no Basic was tried");
    }

    @Test
    void http_basic_together_with_a_client_secret_in_the_body_is_two_methods_and_refused() {
        OAuthClientFixture app = OAuthClientFixture.firstParty(sandbox);
        String secret = app.registration.getString("client_secret");
        Answer answer = post("/oauth/token", FORM, "grant_type=authorization_code&code=x&client_secret=" + secret,
                Map.of("Authorization", basic(app.clientId(), secret)));
        assertEquals(400, answer.status(), answer.body());
        assertEquals("invalid_request", answer.json().getString("error"));

        Answer one = post("/oauth/token", FORM, "grant_type=authorization_code&code=x",
                Map.of("Authorization", basic(app.clientId(), secret)));
        assertEquals("invalid_grant", one.json().getString("error"), "authenticated, then the code is unknown: "
                + one.body());
    }

    @Test
    void a_public_client_that_presents_a_secret_fails_client_authentication() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        Answer basic = post("/oauth/token", FORM, "grant_type=authorization_code&code=x",
                Map.of("Authorization", basic(client.clientId(), "made-up")));
        assertEquals(401, basic.status(), basic.body());
        assertEquals("invalid_client", basic.json().getString("error"));
        Answer inBody = post("/oauth/token", FORM, "grant_type=authorization_code&code=x&client_id="
                + client.clientId() + "&client_secret=made-up", Map.of());
        assertEquals(401, inBody.status(), inBody.body());

        Answer byId = post("/oauth/token", FORM, "grant_type=authorization_code&code=x&client_id="
                + client.clientId(), Map.of());
        assertEquals("invalid_grant", byId.json().getString("error"), "by its id alone it authenticates: "
                + byId.body());
    }

    @Test
    void grant_type_errors_are_rfc_6749s_missing_unsupported_and_unauthorized_client() {
        Answer unknown = post("/oauth/token", FORM, "grant_type=urn:example:made-up&client_id=x", Map.of());
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals("unsupported_grant_type", unknown.json().getString("error"));

        Answer missing = post("/oauth/token", FORM, "client_id=x&code=y", Map.of());
        assertEquals(400, missing.status(), missing.body());
        assertEquals("invalid_request", missing.json().getString("error"));
        assertEquals("Missing required parameter: grant_type", missing.json().getString("error_description"));

        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        Answer credentials = post("/oauth/token", FORM, "grant_type=client_credentials&client_id=" + client.clientId()
                + "&audience=" + Sandbox.DEFAULT_MCP_RESOURCE, Map.of());
        assertEquals(403, credentials.status(), credentials.body());
        assertEquals("unauthorized_client", credentials.json().getString("error"));
        assertNull(credentials.json().getString("access_token"));
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
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
