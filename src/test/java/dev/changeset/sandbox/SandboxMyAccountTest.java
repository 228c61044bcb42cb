package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.Browser;
import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox's My Account API (Connected Accounts) and Google consent, checked against Auth0's and Google's documents:
 * connect answers 201 with auth_session, connect_uri and a ticket; the ticket leads to Google's consent and back
 * through Auth0 to redirect_uri with a single-use connect_code and the client's state; complete needs the same user,
 * session, redirect_uri and PKCE verifier, answers 201, and Token Vault then holds the grant.
 */
class SandboxMyAccountTest {

    static final String REDIRECT = "https://app.example/connect/done";

    static Sandbox running;
    static SandboxClient sandbox;
    final Browser browser = new Browser();

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

    String myAccountToken(String user, String scope) {
        return sandbox.token(new JsonObject().put("user", user).put("scope", scope)
                .put("audience", running.url() + "/me/"));
    }

    JsonObject post(String path, String token, JsonObject body) {
        return sandbox.postJson(path, token, body);
    }

    static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    JsonObject start(String token, String verifier) throws Exception {
        JsonObject started = post("/me/v1/connected-accounts/connect", token, new JsonObject()
                .put("connection", "google-oauth2").put("redirect_uri", REDIRECT).put("state", "client-state-1")
                .put("scopes", new JsonArray().add("openid").add("profile").add(DemoUsers.SHEETS_READONLY)
                        .add(DemoUsers.SHEETS).add(DemoUsers.GMAIL_SEND))
                .put("code_challenge", challenge(verifier)).put("code_challenge_method", "S256"));
        assertEquals(201, started.getInteger("_status"), started.encode());
        return started;
    }

    /** The person at Google: allows {@code scopes} (or cancels); returns where Auth0 sends the browser back. */
    URI consent(JsonObject started, List<String> scopes, boolean allow) {
        URI base = URI.create(running.url() + "/");
        HttpResponse<String> toGoogle = browser.get(base, started.getString("connect_uri") + "?ticket="
                + started.getJsonObject("connect_params").getString("ticket"));
        assertEquals(302, toGoogle.statusCode());
        URI google = Browser.location(toGoogle);
        assertEquals("/o/oauth2/v2/auth", google.getPath());
        assertEquals("offline", Browser.query(google, "access_type"));
        assertEquals("code", Browser.query(google, "response_type"));
        HttpResponse<String> page = browser.get(base, google.toString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(DemoUsers.GMAIL_SEND) && page.body().contains("bob@example.com"),
                page.body());
        Map<String, List<String>> form = new HashMap<>();
        form.put("state", List.of(Browser.query(google, "state")));
        form.put("scope", scopes);
        form.put("decision", List.of(allow ? "allow" : "deny"));
        URI auth0Callback = Browser.location(browser.postForm(base, "/o/oauth2/v2/auth/decision", form));
        assertEquals("/login/callback", auth0Callback.getPath());
        return Browser.location(browser.get(base, auth0Callback.toString()));
    }

    @Test
    void bob_connects_google_and_token_vault_then_holds_the_scopes_he_allowed() throws Exception {
        String token = myAccountToken("bob", "create:me:connected_accounts");
        JsonObject started = start(token, "verifier-0123456789-0123456789-0123456789");
        assertNotNull(started.getString("auth_session"));
        assertEquals(300, started.getInteger("expires_in"));
        assertEquals(running.url() + "/connected-accounts/connect", started.getString("connect_uri"));

        URI back = consent(started, List.of("openid", "profile", DemoUsers.SHEETS_READONLY, DemoUsers.SHEETS), true);
        assertTrue(back.toString().startsWith(REDIRECT + "?"), back.toString());
        assertEquals("client-state-1", Browser.query(back, "state"));
        String code = Browser.query(back, "connect_code");

        JsonObject body = new JsonObject().put("auth_session", started.getString("auth_session"))
                .put("connect_code", code).put("redirect_uri", REDIRECT);
        assertEquals(400, post("/me/v1/connected-accounts/complete", token, body.copy()
                .put("code_verifier", "another-verifier")).getInteger("_status"), "a wrong PKCE verifier");
        // a refused complete used the code up, as a single-use code is: start again
        started = start(token, "verifier-0123456789-0123456789-0123456789");
        back = consent(started, List.of("openid", "profile", DemoUsers.SHEETS_READONLY, DemoUsers.SHEETS), true);
        body = new JsonObject().put("auth_session", started.getString("auth_session"))
                .put("connect_code", Browser.query(back, "connect_code")).put("redirect_uri", REDIRECT)
                .put("code_verifier", "verifier-0123456789-0123456789-0123456789");
        assertEquals(400, post("/me/v1/connected-accounts/complete", myAccountToken("alice",
                "create:me:connected_accounts"), body).getInteger("_status"), "another user's token");
        started = start(token, "verifier-0123456789-0123456789-0123456789");
        back = consent(started, List.of("openid", "profile", DemoUsers.SHEETS_READONLY, DemoUsers.SHEETS), true);
        body = new JsonObject().put("auth_session", started.getString("auth_session"))
                .put("connect_code", Browser.query(back, "connect_code")).put("redirect_uri", REDIRECT)
                .put("code_verifier", "verifier-0123456789-0123456789-0123456789");
        JsonObject completed = post("/me/v1/connected-accounts/complete", token, body);
        assertEquals(201, completed.getInteger("_status"), completed.encode());
        assertEquals("google-oauth2", completed.getString("connection"));
        assertEquals("offline", completed.getString("access_type"));
        assertEquals(List.of("openid", "profile", DemoUsers.SHEETS_READONLY, DemoUsers.SHEETS),
                completed.getJsonArray("scopes").getList());
        assertEquals(400, post("/me/v1/connected-accounts/complete", token, body).getInteger("_status"),
                "the connect_code is single-use");

        Map<String, String> exchange = new HashMap<>();
        exchange.put("grant_type", SandboxTokenVault.GRANT);
        exchange.put("subject_token_type", SandboxTokenVault.ACCESS_TOKEN_TYPE);
        exchange.put("subject_token", sandbox.token("bob", "changeset:read"));
        exchange.put("requested_token_type", SandboxTokenVault.FEDERATED_TOKEN_TYPE);
        exchange.put("connection", "google-oauth2");
        exchange.put("client_id", SandboxTokenVault.CUSTOM_API_CLIENT_ID);
        exchange.put("client_secret", SandboxTokenVault.CUSTOM_API_CLIENT_SECRET);
        JsonObject google = sandbox.postForm("/oauth/token", exchange);
        assertEquals(200, google.getInteger("_status"), google.encode());
        assertTrue(google.getString("scope").contains(DemoUsers.SHEETS) && !google.getString("scope")
                .contains(DemoUsers.GMAIL_SEND), "the scopes bob allowed, and only those: " + google.encode());
    }

    @Test
    void cancelling_at_google_returns_access_denied_and_connects_nothing() throws Exception {
        JsonObject started = start(myAccountToken("bob", "create:me:connected_accounts"), "verifier-abc-0123456789");
        URI back = consent(started, List.of(), false);
        assertEquals("access_denied", Browser.query(back, "error"));
        assertEquals("client-state-1", Browser.query(back, "state"));
        assertEquals(null, Browser.query(back, "connect_code"));
    }

    @Test
    void connect_needs_a_my_account_token_with_the_connect_scope() {
        JsonObject body = new JsonObject().put("connection", "google-oauth2").put("redirect_uri", REDIRECT);
        JsonObject noScope = post("/me/v1/connected-accounts/connect", myAccountToken("bob", "read:me:factors"),
                body);
        assertEquals(403, noScope.getInteger("_status"));
        assertEquals("Forbidden", noScope.getString("title"));
        assertEquals(401, post("/me/v1/connected-accounts/connect", sandbox.token("bob", "changeset:read"), body)
                .getInteger("_status"), "a token for another audience");
        assertEquals(404, post("/me/v1/connected-accounts/connect", myAccountToken("bob",
                "create:me:connected_accounts"), body.copy().put("connection", "github")).getInteger("_status"));
    }
}
