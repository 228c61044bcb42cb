package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxLogin;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox tenant's authorization code flow over HTTP, as a browser and an OAuth client drive it: the login and
 * consent pages, the redirect back with {@code code}, {@code state} and {@code iss}, the code redeemed once with
 * its PKCE verifier, and the token's audience taken from {@code resource}.
 */
class SandboxAuthorizationCodeTest {

    private static Sandbox running;
    private static SandboxClient sandbox;
    private final SandboxLogin browser = new SandboxLogin();

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
    void a_registered_client_gets_a_code_for_the_person_who_consented_and_a_token_for_the_resource() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        assertTrue(client.clientId().startsWith("tpc_"), client.registration.encode());
        assertNull(client.registration.getString("client_secret"), "a public client gets no secret");

        SandboxLogin.Outcome outcome = browser.logIn(client.authorizeUrl(Map.of()), "carol", true);
        assertEquals(302, outcome.status(), outcome.page());
        assertTrue(outcome.location().startsWith(OAuthClientFixture.CALLBACK + "?"), outcome.location());
        Map<String, String> back = outcome.redirectParams();
        assertEquals("st-123", back.get("state"));
        assertEquals(running.url() + "/", back.get("iss"), "Include Issuer in Authorization Responses is on");
        assertTrue(outcome.consentPage().contains("Test MCP client"), outcome.consentPage());
        assertTrue(outcome.consentPage().contains("data-scope=\"changeset:write\""), outcome.consentPage());
        assertTrue(outcome.consentPage().contains("http://127.0.0.1:9"), "the callback's origin is shown");

        JsonObject tokens = client.redeem(back.get("code"));
        assertEquals(200, tokens.getInteger("_status"), tokens.encode());
        assertEquals("changeset:read changeset:write offline_access", tokens.getString("scope"));
        assertEquals("Bearer", tokens.getString("token_type"));
        assertTrue(tokens.containsKey("refresh_token"), "offline_access was granted");
        assertFalse(tokens.containsKey("id_token"), "third-party applications get no ID token");
        JsonObject claims = OAuthClientFixture.claims(tokens.getString("access_token"));
        assertEquals(Sandbox.DEFAULT_MCP_RESOURCE, claims.getString("aud"), "the resource became the audience");
        assertEquals("auth0|carol", claims.getString("sub"));
        assertEquals(client.clientId(), claims.getString("azp"));
        assertEquals(running.url() + "/", claims.getString("iss"));
        assertTrue(running.identity().verify(tokens.getString("access_token"), Sandbox.DEFAULT_MCP_RESOURCE)
                .isPresent(), "signed by the tenant's key");
    }

    @Test
    void a_code_is_good_once_and_a_wrong_verifier_or_callback_burns_it() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        String code = browser.logIn(client.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        assertEquals(200, client.redeem(code).getInteger("_status"));
        JsonObject again = client.redeem(code);
        assertEquals(403, again.getInteger("_status"));
        assertEquals("invalid_grant", again.getString("error"));
        assertEquals("Invalid authorization code", again.getString("error_description"));
        assertFalse(again.containsKey("access_token"));

        String second = browser.logIn(client.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        JsonObject wrongVerifier = client.redeem(second, OAuthClientFixture.verifier(), OAuthClientFixture.CALLBACK);
        assertEquals(403, wrongVerifier.getInteger("_status"));
        assertEquals("Failed to verify code verifier", wrongVerifier.getString("error_description"));
        assertEquals("Invalid authorization code", client.redeem(second).getString("error_description"),
                "the code was consumed by the failed attempt");

        String third = browser.logIn(client.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        JsonObject wrongCallback = client.redeem(third, client.verifier, "http://127.0.0.1:9/elsewhere");
        assertEquals("invalid_grant", wrongCallback.getString("error"), wrongCallback.encode());
        assertFalse(wrongCallback.containsKey("access_token"));
    }

    @Test
    void replaying_a_redeemed_code_revokes_the_refresh_tokens_issued_from_it() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        String code = browser.logIn(client.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        JsonObject first = client.redeem(code);
        assertEquals(200, first.getInteger("_status"), first.encode());
        JsonObject rotated = client.refresh(first.getString("refresh_token"), Map.of());
        assertEquals(200, rotated.getInteger("_status"), "the family works before the replay: " + rotated.encode());

        JsonObject replay = client.redeem(code);
        assertEquals(403, replay.getInteger("_status"));
        assertEquals("invalid_grant", replay.getString("error"));
        JsonObject after = client.refresh(rotated.getString("refresh_token"), Map.of());
        assertEquals(403, after.getInteger("_status"), "RFC 6749 s4.1.2: the replay revoked the family: "
                + after.encode());
        assertEquals("invalid_grant", after.getString("error"));

        String other = browser.logIn(client.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        JsonObject unrelated = client.redeem(other);
        assertEquals(200, client.refresh(unrelated.getString("refresh_token"), Map.of()).getInteger("_status"),
                "another code's tokens stay");
    }

    @Test
    void another_client_cannot_redeem_the_code() {
        OAuthClientFixture owner = OAuthClientFixture.registered(sandbox);
        OAuthClientFixture thief = OAuthClientFixture.registered(sandbox);
        String code = browser.logIn(owner.authorizeUrl(Map.of()), "alice", true).redirectParams().get("code");
        JsonObject stolen = thief.redeem(code, owner.verifier, OAuthClientFixture.CALLBACK);
        assertEquals("invalid_grant", stolen.getString("error"), stolen.encode());
        assertEquals(403, owner.redeem(code).getInteger("_status"), "presented once, by anyone, it is gone");
    }

    @Test
    void a_first_party_application_skips_consent_must_authenticate_and_gets_an_id_token() {
        OAuthClientFixture app = OAuthClientFixture.firstParty(sandbox);
        assertTrue(app.registration.getString("client_secret").length() >= 32);
        SandboxLogin.Outcome outcome = browser.logIn(app.authorizeUrl(Map.of("scope", "openid email changeset:read",
                "nonce", "n-42")), "dave", true);
        assertEquals("", outcome.consentPage(), "no consent page for a first-party application");
        String code = outcome.redirectParams().get("code");

        JsonObject noSecret = sandbox.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
                "client_id", app.clientId(), "code", code, "code_verifier", app.verifier, "redirect_uri",
                OAuthClientFixture.CALLBACK));
        assertEquals(401, noSecret.getInteger("_status"));
        assertEquals("invalid_client", noSecret.getString("error"));

        String next = browser.logIn(app.authorizeUrl(Map.of("scope", "openid email changeset:read", "nonce", "n-43")),
                "dave", true).redirectParams().get("code");
        JsonObject tokens = app.redeem(next);
        assertEquals(200, tokens.getInteger("_status"), tokens.encode());
        JsonObject id = OAuthClientFixture.claims(tokens.getString("id_token"));
        assertEquals("auth0|dave", id.getString("sub"));
        assertEquals(app.clientId(), id.getString("aud"));
        assertEquals("n-43", id.getString("nonce"));
        JsonObject access = OAuthClientFixture.claims(tokens.getString("access_token"));
        assertEquals(List.of(Sandbox.DEFAULT_MCP_RESOURCE, running.url() + "/userinfo"),
                access.getJsonArray("aud").getList(), "openid adds the userinfo audience");
    }

    @Test
    void declining_consent_gives_a_third_party_application_an_error_page_and_no_code() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        SandboxLogin.Outcome outcome = browser.logIn(client.authorizeUrl(Map.of()), "alice", false);
        assertEquals(403, outcome.status());
        assertNull(outcome.location(), "open_redirect_protection: no redirect to the application");
        assertEquals("access_denied", outcome.pageError().orElseThrow());
    }

    @Test
    void a_third_party_application_may_send_only_the_documented_authorize_parameters() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        for (String unsupported : List.of("foo", "claims", "screen_hint")) {
            SandboxLogin.Outcome refused = browser.logIn(client.authorizeUrl(Map.of(unsupported, "x")), "alice", true);
            assertEquals(400, refused.status(), unsupported + ": " + refused.page());
            assertEquals("invalid_request", refused.pageError().orElseThrow(), unsupported);
            assertTrue(refused.page().contains("Parameter " + unsupported + " is not supported"), refused.page());
            assertNull(refused.location(), "no redirect to a third-party application");
        }
        SandboxLogin.Outcome custom = browser.logIn(client.authorizeUrl(Map.of("ext-campaign", "x", "prompt",
                "login")), "alice", true);
        assertEquals(302, custom.status(), custom.page());
        assertTrue(custom.redirectParams().containsKey("code"), "ext-* and prompt are allowed: " + custom.location());

        OAuthClientFixture firstParty = OAuthClientFixture.firstParty(sandbox);
        assertTrue(browser.logIn(firstParty.authorizeUrl(Map.of("foo", "x")), "alice", true).redirectParams()
                .containsKey("code"), "the rule is for third-party applications");
    }

    @Test
    void the_advertised_userinfo_endpoint_answers_for_tokens_granted_openid() throws Exception {
        String endpoint = sandbox.get("/.well-known/openid-configuration").getString("userinfo_endpoint");
        OAuthClientFixture app = OAuthClientFixture.firstParty(sandbox);
        String jwt = app.redeem(browser.logIn(app.authorizeUrl(Map.of("scope", "openid profile email changeset:read")),
                "dave", true).redirectParams().get("code")).getString("access_token");
        JsonObject dave = userInfo(endpoint, jwt);
        assertEquals(200, dave.getInteger("_status"), dave.encode());
        assertEquals("auth0|dave", dave.getString("sub"));
        assertEquals(true, dave.getBoolean("email_verified"));
        assertTrue(dave.getString("email").startsWith("dave@"), dave.encode());

        Map<String, String> noApi = new java.util.HashMap<>(Map.of("scope", "openid"));
        noApi.put("resource", null);
        String opaque = app.redeem(browser.logIn(app.authorizeUrl(noApi), "erin", true).redirectParams().get("code"))
                .getString("access_token");
        JsonObject erin = userInfo(endpoint, opaque);
        assertEquals(200, erin.getInteger("_status"), erin.encode());
        assertEquals("auth0|erin", erin.getString("sub"));
        assertNull(erin.getString("email"), "email was not granted");

        OAuthClientFixture thirdParty = OAuthClientFixture.registered(sandbox);
        String withoutOpenid = thirdParty.redeem(browser.logIn(thirdParty.authorizeUrl(Map.of()), "alice", true)
                .redirectParams().get("code")).getString("access_token");
        JsonObject refused = userInfo(endpoint, withoutOpenid);
        assertEquals(401, refused.getInteger("_status"), refused.encode());
        assertEquals("invalid_token", refused.getString("error"));
        assertEquals(401, userInfo(endpoint, "made-up").getInteger("_status"));
    }

    @Test
    void a_request_naming_no_api_gets_an_opaque_token_since_the_tenant_has_no_default_audience() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        Map<String, String> noApi = new java.util.HashMap<>();
        noApi.put("resource", null);
        JsonObject tokens = client.redeem(browser.logIn(client.authorizeUrl(noApi), "alice", true).redirectParams()
                .get("code"));
        assertEquals(200, tokens.getInteger("_status"), tokens.encode());
        String token = tokens.getString("access_token");
        assertFalse(token.contains("."), "opaque, not a JWT: " + token);
        assertTrue(running.identity().verify(token, running.identity().servedAudiences()).isEmpty(),
                "good for no API");
    }

    @Test
    void an_upper_case_scheme_and_host_in_resource_name_the_same_api_but_the_path_stays_case_sensitive() {
        OAuthClientFixture client = OAuthClientFixture.registered(sandbox);
        JsonObject tokens = client.redeem(browser.logIn(client.authorizeUrl(Map.of("resource",
                "HTTP://LocalHost:8080/mcp")), "alice", true).redirectParams().get("code"));
        assertEquals(200, tokens.getInteger("_status"), tokens.encode());
        assertEquals(Sandbox.DEFAULT_MCP_RESOURCE, OAuthClientFixture.claims(tokens.getString("access_token"))
                .getString("aud"), "the API's identifier as registered");

        SandboxLogin.Outcome path = browser.logIn(client.authorizeUrl(Map.of("resource", "http://localhost:8080/MCP")),
                "alice", true);
        assertEquals("access_denied", path.pageError().orElseThrow(), path.page());
        assertTrue(path.page().contains("Service not found"), path.page());
    }

    private static JsonObject userInfo(String endpoint, String token) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint))
                        .header("Authorization", "Bearer " + token).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonObject body = answer.body().isBlank() ? new JsonObject() : new JsonObject(answer.body());
        return body.put("_status", answer.statusCode());
    }

    @Test
    void a_first_party_application_gets_its_errors_on_its_callback() {
        OAuthClientFixture app = OAuthClientFixture.firstParty(sandbox);
        SandboxLogin.Outcome outcome = browser.logIn(app.authorizeUrl(Map.of("resource", "https://unknown.example/mcp")),
                "alice", true);
        assertEquals(302, outcome.status());
        Map<String, String> back = outcome.redirectParams();
        assertEquals("access_denied", back.get("error"));
        assertEquals("Service not found: https://unknown.example/mcp", back.get("error_description"));
        assertEquals("st-123", back.get("state"));
        assertNull(back.get("code"));
    }
}
