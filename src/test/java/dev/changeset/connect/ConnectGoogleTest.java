package dev.changeset.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.Browser;
import dev.changeset.support.McpClients;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.vault.TokenVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Connect your Google account" over real HTTP: the official MCP Java SDK client, declaring URL-mode elicitation,
 * calls a tool as bob (never connected) or erin (grant revoked) and gets JSON-RPC error -32042 with a connect link of
 * this server; a client without that capability gets today's text. The link is single-use; opening it sends the
 * browser to Auth0's sign-in with PKCE, then (as that user, nobody else) to Auth0's Connected Accounts and Google's
 * consent, after which the same call works. A person drives each page as a browser does.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConnectGoogleTest {

    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    @Inject
    TokenVault vault;

    SandboxClient sandbox;

    /** The sandbox's connections as at start, and no Google token of an earlier test's connection cached here. */
    @BeforeEach
    void reset() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.reset();
        vault.invalidate("auth0|bob");
        vault.invalidate("auth0|erin");
    }

    McpSyncClient client(String user, boolean urlElicitation) {
        var spec = McpClients.builder(publicUrl, sandbox.token(user, "openid changeset:read changeset:write"),
                Duration.ofSeconds(30));
        if (urlElicitation) {
            // a client that can show a link: it declines any elicitation/create (this server sends none)
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation(false, true).build())
                    .urlElicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE,
                            null));
        }
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> elicitationOf(String user) {
        try (McpSyncClient client = client(user, true)) {
            McpError error = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("read_catalog", Map.of("limit", 1))));
            assertEquals(-32042, error.getJsonRpcError().code(), error.toString());
            Map<String, Object> data = (Map<String, Object>) error.getJsonRpcError().data();
            List<Map<String, Object>> elicitations = (List<Map<String, Object>>) data.get("elicitations");
            assertEquals(1, elicitations.size());
            Map<String, Object> elicitation = elicitations.get(0);
            assertEquals("url", elicitation.get("mode"));
            assertNotNull(elicitation.get("elicitationId"));
            assertTrue(((String) elicitation.get("url")).startsWith(publicUrl + "/connect/google?link="),
                    elicitation.toString());
            return elicitation;
        }
    }

    @Test
    void bob_without_google_gets_a_connect_link_as_a_url_elicitation() {
        Map<String, Object> elicitation = elicitationOf("bob");
        assertTrue(((String) elicitation.get("message")).startsWith("Connect your Google account"),
                elicitation.toString());
    }

    @Test
    void erin_whose_grant_was_revoked_gets_a_reconnect_link() {
        Map<String, Object> elicitation = elicitationOf("erin");
        assertTrue(((String) elicitation.get("message")).startsWith("Reconnect your Google account"),
                elicitation.toString());
    }

    @Test
    void a_client_without_url_elicitation_keeps_todays_text() {
        try (McpSyncClient client = client("bob", false)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("read_catalog",
                    Map.of("limit", 1)));
            assertTrue(result.isError());
            String text = ((McpSchema.TextContent) result.content().get(0)).text();
            assertTrue(text.startsWith("Your Google account is not connected to this server yet. Connect it "), text);
        }
    }

    @Test
    void a_connected_user_is_not_asked_to_connect() {
        try (McpSyncClient client = client("alice", true)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("read_catalog",
                    Map.of("limit", 1)));
            assertFalse(Boolean.TRUE.equals(result.isError()));
        }
    }

    @Test
    void the_link_sends_the_browser_to_auth0_sign_in_with_pkce_once_and_only_once() {
        String url = (String) elicitationOf("bob").get("url");
        Browser browser = new Browser();
        HttpResponse<String> open = browser.get(url);
        assertEquals(303, open.statusCode(), open.body());
        URI authorize = Browser.location(open);
        assertEquals(sandboxUrl + "/authorize", authorize.getScheme() + "://" + authorize.getAuthority()
                + authorize.getPath());
        assertEquals("code", Browser.query(authorize, "response_type"));
        assertEquals("sandbox-connect-page", Browser.query(authorize, "client_id"));
        assertEquals("S256", Browser.query(authorize, "code_challenge_method"));
        assertNotNull(Browser.query(authorize, "code_challenge"));
        assertNotNull(Browser.query(authorize, "state"));
        assertEquals(sandboxUrl + "/me/", Browser.query(authorize, "audience"));
        assertEquals("openid create:me:connected_accounts", Browser.query(authorize, "scope"));
        assertEquals(publicUrl + "/connect/google/signed-in", Browser.query(authorize, "redirect_uri"));
        assertTrue(open.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));

        assertEquals(410, new Browser().get(url).statusCode(), "single use");
        assertEquals(410, new Browser().get(publicUrl + "/connect/google?link=made-up").statusCode());
        assertEquals(400, new Browser().get(publicUrl + "/connect/google/signed-in?code=x&state=y").statusCode(),
                "a sign-in answer for no flow of this browser");
    }

    /** A person with the link in a browser: Auth0's sign-in as {@code who}; returns the answer to the sign-in. */
    HttpResponse<String> signIn(Browser browser, String link, String who) {
        URI authorize = Browser.location(browser.get(link));
        URI login = Browser.location(browser.get(authorize.toString()));
        assertEquals("/u/login", login.getPath());
        assertEquals(200, browser.get(login.toString()).statusCode());
        URI signedIn = Browser.location(browser.postForm(login, "/u/login", Map.of(
                "state", List.of(Browser.query(login, "state")), "user", List.of(who))));
        assertEquals(publicUrl + "/connect/google/signed-in", signedIn.getScheme() + "://" + signedIn.getAuthority()
                + signedIn.getPath());
        return browser.get(signedIn.toString());
    }

    /** The person at Google's consent: allows every scope asked, or cancels; returns where Google sends them. */
    static URI atGoogle(Browser browser, URI google, boolean allow) {
        return Browser.location(browser.postForm(google, "/o/oauth2/v2/auth/decision", Map.of(
                "state", List.of(Browser.query(google, "state")), "decision", List.of(allow ? "allow" : "deny"),
                "scope", List.of(Browser.query(google, "scope").split(" ")))));
    }

    @Test
    void bob_connects_through_the_page_and_the_same_call_works() {
        String link = (String) elicitationOf("bob").get("url");
        Browser browser = new Browser();
        HttpResponse<String> signedIn = signIn(browser, link, "bob");
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        URI connect = Browser.location(signedIn);
        assertEquals(sandboxUrl + "/connected-accounts/connect", connect.getScheme() + "://"
                + connect.getAuthority() + connect.getPath());
        URI google = Browser.location(browser.get(connect.toString()));
        assertEquals("/o/oauth2/v2/auth", google.getPath());
        URI callback = atGoogle(browser, google, true);
        URI back = Browser.location(browser.get(callback.toString()));
        assertEquals(publicUrl + "/connect/google/connected", back.getScheme() + "://" + back.getAuthority()
                + back.getPath());
        HttpResponse<String> done = browser.get(back.toString());
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("Google is connected"), done.body());

        try (McpSyncClient client = client("bob", true)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("read_catalog",
                    Map.of("limit", 1)));
            assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
        }
    }

    @Test
    void erin_reconnects_and_her_next_call_works() {
        String link = (String) elicitationOf("erin").get("url");
        Browser browser = new Browser();
        URI google = Browser.location(browser.get(Browser.location(signIn(browser, link, "erin")).toString()));
        URI callback = atGoogle(browser, google, true);
        assertEquals(200, browser.get(Browser.location(browser.get(callback.toString())).toString()).statusCode());
        try (McpSyncClient client = client("erin", false)) {
            assertFalse(Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest("read_catalog",
                    Map.of("limit", 1))).isError()));
        }
    }

    @Test
    void the_page_refuses_anyone_but_the_user_the_link_was_made_for() {
        String link = (String) elicitationOf("bob").get("url");
        HttpResponse<String> alice = signIn(new Browser(), link, "alice");
        assertEquals(403, alice.statusCode());
        assertTrue(alice.body().contains("You signed in as someone else"), alice.body());
        elicitationOf("bob"); // nothing was connected: bob is still asked to connect
    }

    @Test
    void declining_at_google_connects_nothing() {
        String link = (String) elicitationOf("bob").get("url");
        Browser browser = new Browser();
        URI google = Browser.location(browser.get(Browser.location(signIn(browser, link, "bob")).toString()));
        URI callback = atGoogle(browser, google, false);
        HttpResponse<String> back = browser.get(Browser.location(browser.get(callback.toString())).toString());
        assertEquals(400, back.statusCode());
        assertTrue(back.body().contains("Google was not connected"), back.body());
        elicitationOf("bob");
    }
}
