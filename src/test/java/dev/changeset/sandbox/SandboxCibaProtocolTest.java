package dev.changeset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox's CIBA endpoints spoken to raw, as any Auth0 client would: each of Auth0's rules on
 * {@code /bc-authorize} and each CIBA Core answer of the token endpoint, with its exact error code.
 */
class SandboxCibaProtocolTest {

    static Sandbox sandbox;
    static SandboxClient control;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(0);
        control = new SandboxClient(sandbox.url());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        control.post("/sandbox/ciba/reset", new JsonObject());
    }

    Map<String, String> valid() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", SandboxCiba.CLIENT_ID);
        form.put("client_secret", SandboxCiba.CLIENT_SECRET);
        form.put("scope", "openid");
        form.put("binding_message", "Approve CS-7F3K: 2 changes, max T2");
        form.put("login_hint", hint(sandbox.url() + "/", "auth0|alice"));
        form.put("audience", Sandbox.DEFAULT_MCP_RESOURCE);
        form.put("requested_expiry", "120");
        return form;
    }

    static String hint(String iss, String sub) {
        return new JsonObject().put("format", "iss_sub").put("iss", iss).put("sub", sub).encode();
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertRefused(Map<String, String> form, int status, String error, String descriptionPart) throws Exception {
        HttpResponse<String> response = post("/bc-authorize", form);
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(error, body.getString("error"), response.body());
        assertTrue(body.getString("error_description").contains(descriptionPart), response.body());
    }

    @Test
    void a_valid_request_answers_auth_req_id_expires_in_and_interval() throws Exception {
        HttpResponse<String> response = post("/bc-authorize", valid());
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertTrue(body.getString("auth_req_id").length() >= 32);
        assertEquals(120, body.getInteger("expires_in"));
        assertEquals(5, body.getInteger("interval"));
        JsonObject listed = control.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0);
        assertEquals("guardian-push", listed.getString("channel"));
        assertFalse(listed.encode().contains(body.getString("auth_req_id")), "the list must not leak the id");
    }

    @Test
    void each_rule_of_bc_authorize_is_enforced_with_its_error() throws Exception {
        Map<String, String> form = valid();
        form.put("client_secret", "wrong");
        assertRefused(form, 401, "access_denied", "Unauthorized");

        form = valid();
        form.put("scope", "profile changeset:write");
        assertRefused(form, 400, "invalid_request", "openid");

        form = valid();
        form.remove("binding_message");
        assertRefused(form, 400, "invalid_request", "binding_message is required");
        form.put("binding_message", "A".repeat(65));
        assertRefused(form, 400, "invalid_request", "64 characters");
        form.put("binding_message", "Approve <b>CS-1</b>!");
        assertRefused(form, 400, "invalid_request", "binding_message");
        form.put("binding_message", "A".repeat(64));
        assertEquals(200, post("/bc-authorize", form).statusCode(), "64 characters are allowed");

        form = valid();
        form.put("login_hint", hint(sandbox.url(), "auth0|alice"));
        assertRefused(form, 400, "invalid_request", "trailing slash");
        form.put("login_hint", "auth0|alice");
        assertRefused(form, 400, "invalid_request", "iss_sub");
        form.put("login_hint", hint(sandbox.url() + "/", "auth0|nobody"));
        assertRefused(form, 400, "unknown_user_id", "unknown user");

        form = valid();
        form.put("requested_expiry", "0");
        assertRefused(form, 400, "invalid_request", "requested_expiry");
        form.put("requested_expiry", "259201");
        assertRefused(form, 400, "invalid_request", "requested_expiry");

        form = valid();
        form.put("audience", "https://elsewhere.example/api");
        assertRefused(form, 400, "invalid_request", "Service not found");
    }

    @Test
    void above_300_seconds_the_request_goes_to_email_not_the_push() throws Exception {
        Map<String, String> form = valid();
        form.put("requested_expiry", "301");
        assertEquals(200, post("/bc-authorize", form).statusCode());
        JsonObject listed = control.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0);
        assertEquals("email", listed.getString("channel"));
        assertEquals(301, listed.getInteger("requested_expiry"));
    }

    @Test
    void authorization_details_must_be_registered_and_fit_the_guardian_schema() throws Exception {
        JsonObject guardian = new JsonObject().put("type", SandboxCiba.REGISTERED_DETAIL_TYPES.iterator().next())
                .put("instruction", "Approve CS-1")
                .put("properties", new JsonObject().put("op_1", new JsonObject().put("display", true)
                        .put("name", "SKU-1 price").put("display_order", 1).put("value", "1 -> 2")));
        Map<String, String> form = valid();
        form.put("authorization_details", new JsonArray().add(guardian).encode());
        assertEquals(200, post("/bc-authorize", form).statusCode());

        form.put("authorization_details", new JsonArray().add(guardian).add(guardian).encode());
        assertRefused(form, 400, "invalid_request", "exactly one object");
        form.put("authorization_details", new JsonArray().add(new JsonObject().put("type", "money_transfer")).encode());
        assertRefused(form, 400, "invalid_request", "not registered");
        form.put("authorization_details", "{\"type\":\"x\"}");
        assertRefused(form, 400, "invalid_request", "JSON array");
        JsonObject tooLong = guardian.copy();
        tooLong.getJsonObject("properties").getJsonObject("op_1").put("value", "x".repeat(256));
        form.put("authorization_details", new JsonArray().add(tooLong).encode());
        assertRefused(form, 400, "invalid_request", "255");
        form.remove("audience");
        form.put("authorization_details", new JsonArray().add(guardian).encode());
        assertRefused(form, 400, "invalid_request", "audience");
    }

    @Test
    void five_a_minute_per_user_then_too_many_requests_with_retry_after() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post("/bc-authorize", valid()).statusCode());
        }
        HttpResponse<String> sixth = post("/bc-authorize", valid());
        assertEquals(429, sixth.statusCode());
        assertEquals("too_many_requests", new JsonObject(sixth.body()).getString("error"));
        long retryAfter = Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, String.valueOf(retryAfter));
        Map<String, String> dave = valid();
        dave.put("login_hint", hint(sandbox.url() + "/", "auth0|dave"));
        assertEquals(200, post("/bc-authorize", dave).statusCode(), "the limit is per user");
    }

    @Test
    void a_user_without_guardian_enrollment_is_refused_when_the_application_has_no_email_channel() throws Exception {
        control.post("/sandbox/ciba/settings", new JsonObject().put("email_channel", false));
        control.post("/sandbox/ciba/enrollment", new JsonObject().put("user", "alice").put("enrolled", false));
        assertRefused(valid(), 400, "invalid_request", SandboxCiba.NO_ENROLLMENT);
    }

    @Test
    void a_user_without_guardian_enrollment_gets_auth0s_email_and_answers_by_its_link() throws Exception {
        control.post("/sandbox/ciba/enrollment", new JsonObject().put("user", "alice").put("enrolled", false));
        HttpResponse<String> started = post("/bc-authorize", valid());
        assertEquals(200, started.statusCode(), started.body());
        JsonObject request = control.get("/sandbox/ciba/requests?user=alice").getJsonArray("requests")
                .getJsonObject(0);
        assertEquals("email", request.getString("channel"));
        JsonObject email = control.get("/sandbox/ciba/emails?user=alice").getJsonArray("emails").getJsonObject(0);
        assertEquals("alice@example.com", email.getString("to"));
        assertEquals("Action Required", email.getString("subject"));
        assertTrue(email.getString("url").startsWith(sandbox.url() + "/bc-verify?consent=cns_"), email.encode());
        assertTrue(email.getString("text").contains("binding message: " + request.getString("binding_message")),
                email.encode());

        HttpClient http = HttpClient.newHttpClient();
        String page = http.send(HttpRequest.newBuilder(URI.create(email.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains(request.getString("binding_message")) && page.contains("Accept"), page);
        String consent = email.getString("url").substring(email.getString("url").indexOf("consent=") + 8);
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/bc-verify"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("consent=" + consent + "&decision=accept")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accepted.statusCode(), accepted.body());

        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("client_id", SandboxCiba.CLIENT_ID);
        poll.put("client_secret", SandboxCiba.CLIENT_SECRET);
        poll.put("grant_type", SandboxCiba.GRANT_TYPE);
        poll.put("auth_req_id", new JsonObject(started.body()).getString("auth_req_id"));
        JsonObject tokens = new JsonObject(post("/oauth/token", poll).body());
        String payload = tokens.getString("access_token").split("\\.")[1];
        JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("email", claims.getString(SandboxCiba.CHANNEL_CLAIM), claims.encode());
    }

    @Test
    void polling_answers_pending_slow_down_denied_and_single_use_tokens() throws Exception {
        control.post("/sandbox/ciba/settings", new JsonObject().put("interval", 2));
        String id = new JsonObject(post("/bc-authorize", valid()).body()).getString("auth_req_id");
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("client_id", SandboxCiba.CLIENT_ID);
        poll.put("client_secret", SandboxCiba.CLIENT_SECRET);
        poll.put("grant_type", SandboxCiba.GRANT_TYPE);
        poll.put("auth_req_id", id);
        assertEquals("authorization_pending", new JsonObject(post("/oauth/token", poll).body()).getString("error"));
        HttpResponse<String> slow = post("/oauth/token", poll);
        assertEquals("slow_down", new JsonObject(slow.body()).getString("error"));
        assertEquals(7, new JsonObject(slow.body()).getInteger("interval"));
        assertEquals("7", slow.headers().firstValue("Retry-After").orElseThrow());

        String requestId = control.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0)
                .getString("id");
        control.post("/sandbox/ciba/requests/" + requestId + "/approve", new JsonObject());
        HttpResponse<String> approved = post("/oauth/token", poll);
        assertEquals(200, approved.statusCode(), approved.body());
        JsonObject tokens = new JsonObject(approved.body());
        assertNotNull(tokens.getString("access_token"));
        assertNotNull(tokens.getString("id_token"));
        assertEquals("openid", tokens.getString("scope"));
        assertTrue(sandbox.identity().verify(tokens.getString("access_token"), Sandbox.DEFAULT_MCP_RESOURCE)
                .isPresent(), "signed by the tenant, for the requested audience");
        assertEquals("invalid_grant", new JsonObject(post("/oauth/token", poll).body()).getString("error"));

        poll.put("auth_req_id", "not-an-id");
        assertEquals("invalid_grant", new JsonObject(post("/oauth/token", poll).body()).getString("error"));
        poll.put("client_secret", "wrong");
        assertEquals(401, post("/oauth/token", poll).statusCode());
    }

    /** Starts a request, approves it as the person would, and redeems it: the token response. */
    JsonObject approvedTokens(Map<String, String> form) throws Exception {
        HttpResponse<String> started = post("/bc-authorize", form);
        assertEquals(200, started.statusCode(), started.body());
        String requestId = control.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0)
                .getString("id");
        control.post("/sandbox/ciba/requests/" + requestId + "/approve", new JsonObject());
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("client_id", SandboxCiba.CLIENT_ID);
        poll.put("client_secret", SandboxCiba.CLIENT_SECRET);
        poll.put("grant_type", SandboxCiba.GRANT_TYPE);
        poll.put("auth_req_id", new JsonObject(started.body()).getString("auth_req_id"));
        HttpResponse<String> answer = post("/oauth/token", poll);
        assertEquals(200, answer.statusCode(), answer.body());
        return new JsonObject(answer.body());
    }

    static JsonObject claims(String jwt) {
        return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    @Test
    void only_scopes_the_api_defines_and_oidc_scopes_are_granted() throws Exception {
        Map<String, String> form = valid();
        form.put("scope", "openid changeset:signals changeset:read admin:all offline_access profile");
        JsonObject tokens = approvedTokens(form);
        assertEquals("openid changeset:read offline_access profile", tokens.getString("scope"));
        assertEquals("openid changeset:read offline_access profile",
                claims(tokens.getString("access_token")).getString("scope"), "changeset:signals is not defined");
    }

    @Test
    void resource_names_the_audience_when_no_audience_is_sent() throws Exception {
        Map<String, String> form = valid();
        form.remove("audience");
        form.put("resource", Sandbox.DEFAULT_MCP_RESOURCE);
        form.put("scope", "openid changeset:read");
        JsonObject tokens = approvedTokens(form);
        Object audience = claims(tokens.getString("access_token")).getValue("aud");
        assertTrue(audience instanceof JsonArray list && list.contains(Sandbox.DEFAULT_MCP_RESOURCE),
                "the resource is the audience: " + audience);
        assertEquals("openid changeset:read", tokens.getString("scope"), "the API's scope is granted");

        control.post("/sandbox/ciba/reset", new JsonObject());
        form.put("resource", "https://unknown.example/mcp");
        assertRefused(form, 400, "invalid_request", "Service not found: https://unknown.example/mcp");
    }

    @Test
    void hold_keeps_everything_pending_until_release_decides() throws Exception {
        control.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve"));
        control.post("/sandbox/ciba/hold", new JsonObject());
        assertEquals(200, post("/bc-authorize", valid()).statusCode());
        HttpResponse<String> second = post("/bc-authorize", valid());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(2, control.get("/sandbox/ciba/requests?status=pending").getJsonArray("requests").size());
        JsonObject released = control.post("/sandbox/ciba/release", new JsonObject().put("action", "approve"));
        assertEquals(2, released.getInteger("decided"));
        assertEquals(2, control.get("/sandbox/ciba/requests?status=approved").getJsonArray("requests").size());
    }
}
