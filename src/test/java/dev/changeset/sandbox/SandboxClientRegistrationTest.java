package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Dynamic Client Registration ({@code POST /oidc/register}) over HTTP: which callback URLs a client may register
 * (MCP 2025-11-25, "Communication Security": localhost or https) and RFC 7591's error for the others.
 */
class SandboxClientRegistrationTest {

    private static Sandbox running;
    private static SandboxClient sandbox;

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
    void a_callback_that_is_neither_https_nor_on_localhost_is_refused_and_registers_nothing() {
        // Four requests here and one below: the tenant admits five registrations a second.
        for (String uri : List.of("javascript:alert(1)", "http://evil.example/cb", "cursor://anysphere.cursor-mcp/cb",
                "https:relative")) {
            JsonObject answer = register(List.of("https://app.example/callback", uri));
            assertEquals(400, answer.getInteger("_status"), uri + ": " + answer.encode());
            assertEquals("invalid_redirect_uri", answer.getString("error"), uri);
            assertFalse(answer.containsKey("client_id"), uri + ": no client was registered");
        }
    }

    @Test
    void https_and_http_on_the_loopback_interface_are_accepted() {
        List<String> uris = List.of("https://app.example/callback", "http://localhost:3118/callback",
                "http://127.0.0.1:9/callback", "http://[::1]:8000/cb");
        JsonObject answer = register(uris);
        assertEquals(201, answer.getInteger("_status"), answer.encode());
        assertEquals(new JsonArray(uris), answer.getJsonArray("redirect_uris"));
    }

    private static JsonObject register(List<String> uris) {
        return sandbox.postForStatus("/oidc/register", new JsonObject().put("client_name", "Registration test")
                .put("redirect_uris", uris).put("token_endpoint_auth_method", "none"));
    }
}
