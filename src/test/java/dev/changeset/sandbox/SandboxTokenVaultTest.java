package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonObject;

/** The sandbox's Token Vault grant answers exactly as docs/protocols.md section 3 says Auth0 does. */
class SandboxTokenVaultTest {

    static Sandbox running;
    static SandboxClient sandbox;

    @BeforeAll
    static void start() {
        running = Sandbox.start(0);
        sandbox = new SandboxClient(running.url());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        sandbox.post("/sandbox/auth0/reset", new JsonObject());
    }

    private Map<String, String> request(String user) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", SandboxTokenVault.GRANT);
        form.put("subject_token_type", SandboxTokenVault.ACCESS_TOKEN_TYPE);
        form.put("subject_token", sandbox.token(user, "changeset:read"));
        form.put("requested_token_type", SandboxTokenVault.FEDERATED_TOKEN_TYPE);
        form.put("connection", "google-oauth2");
        form.put("client_id", SandboxTokenVault.CUSTOM_API_CLIENT_ID);
        form.put("client_secret", SandboxTokenVault.CUSTOM_API_CLIENT_SECRET);
        return form;
    }

    @Test
    void a_connected_user_gets_an_opaque_google_token_with_the_granted_scopes() {
        JsonObject answer = sandbox.postForm("/oauth/token", request("alice"));
        assertEquals(200, answer.getInteger("_status"), answer.encode());
        assertTrue(answer.getString("access_token").startsWith("ya29.sandbox."));
        assertEquals(3599, answer.getInteger("expires_in"));
        assertEquals("Bearer", answer.getString("token_type"));
        assertEquals(SandboxTokenVault.FEDERATED_TOKEN_TYPE, answer.getString("issued_token_type"));
        assertEquals(DemoUsers.GMAIL_SEND + " " + DemoUsers.SHEETS + " " + DemoUsers.SHEETS_READONLY,
                answer.getString("scope"));
        assertEquals(null, answer.getString("refresh_token"));
        assertEquals(1L, sandbox.get("/sandbox/auth0/stats").getJsonObject("tokenVault")
                .getJsonObject("exchanges").getLong("alice"));
        JsonObject carol = sandbox.postForm("/oauth/token", request("carol"));
        assertEquals(DemoUsers.SHEETS_READONLY, carol.getString("scope"));
    }

    @Test
    void each_refusal_has_auth0s_status_and_code() {
        assertRefused(request("bob"), 401, "federated_connection_refresh_token_not_found");
        assertRefused(request("erin"), 401, "federated_connection_refresh_token_flow_failed");

        Map<String, String> badSecret = request("alice");
        badSecret.put("client_secret", "wrong");
        assertRefused(badSecret, 401, "access_denied");

        Map<String, String> plainClient = request("alice");
        plainClient.put("client_id", SandboxIdentity.ASSISTANT_CLIENT_ID);
        plainClient.put("client_secret", SandboxTokenVault.PLAIN_CLIENT_SECRET);
        assertRefused(plainClient, 403, "unauthorized_client");

        Map<String, String> otherAudience = request("alice");
        otherAudience.put("subject_token", sandbox.token(new JsonObject().put("user", "alice")
                .put("audience", "https://another-api.example")));
        assertRefused(otherAudience, 401, "invalid_grant");

        Map<String, String> expired = request("alice");
        expired.put("subject_token", sandbox.token(new JsonObject().put("user", "alice").put("ttl_seconds", -60)));
        assertRefused(expired, 401, "invalid_grant");

        Map<String, String> withScope = request("alice");
        withScope.put("scope", DemoUsers.SHEETS);
        assertRefused(withScope, 400, "invalid_request");

        Map<String, String> otherConnection = request("alice");
        otherConnection.put("connection", "github");
        assertRefused(otherConnection, 401, "federated_connection_refresh_token_not_found");

        Map<String, String> wrongHint = request("alice");
        wrongHint.put("login_hint", "someone-else@example.com");
        assertRefused(wrongHint, 401, "federated_connection_refresh_token_not_found");

        JsonObject stats = sandbox.get("/sandbox/auth0/stats").getJsonObject("tokenVault");
        assertEquals(9L, stats.getLong("requests"));
        assertEquals(new JsonObject(), stats.getJsonObject("exchanges"));
    }

    @Test
    void connections_can_be_changed_for_a_test() {
        sandbox.post("/sandbox/auth0/connections", new JsonObject().put("user", "bob").put("google", "CONNECTED")
                .put("scopes", new io.vertx.core.json.JsonArray().add(DemoUsers.SHEETS_READONLY)));
        JsonObject answer = sandbox.postForm("/oauth/token", request("bob"));
        assertEquals(200, answer.getInteger("_status"));
        assertEquals(DemoUsers.SHEETS_READONLY, answer.getString("scope"));
    }

    private static void assertRefused(Map<String, String> form, int status, String error) {
        JsonObject answer = sandbox.postForm("/oauth/token", form);
        assertEquals(status, answer.getInteger("_status"), answer.encode());
        assertEquals(error, answer.getString("error"), answer.encode());
        assertTrue(answer.getString("error_description") != null);
        assertEquals(null, answer.getString("access_token"));
    }
}
