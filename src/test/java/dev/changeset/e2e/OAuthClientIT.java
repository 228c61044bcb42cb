package dev.changeset.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.HttpsDocumentHost;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxLogin;
import dev.changeset.support.SandboxProcess;
import dev.changeset.support.TypeScriptClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real MCP client runs the whole OAuth flow against the packaged application (production profile) whose
 * authorization server is the sandbox tenant (another process): the official TypeScript SDK's
 * {@code StreamableHTTPClientTransport} with an {@code OAuthClientProvider} ({@code src/e2e/ts/oauth.mjs}) meets the
 * 401, discovers the authorization server from the RFC 9728 metadata, registers (Dynamic Client Registration, or its
 * Client ID Metadata Document once the tenant imported it), sends the person to {@code /authorize} with PKCE S256
 * and {@code resource}, gets the code back from the headless person (login page, consent page), exchanges it and
 * calls tools. No token is minted by the test and no header is pasted. Then the refusals, over HTTP with the client
 * the SDK registered: another resource, no or plain PKCE, a code used twice, another redirect URI.
 *
 * <p>
 * The application listens on a port fixed before it starts, so that its public URL (and so its advertised resource
 * and audience) is the URL the client uses: {@code http://localhost:<port>/mcp}, the API the sandbox serves.
 */
class OAuthClientIT {

    private static final String CIMD_HOST = "mcp-client.example";
    private static final String CALLBACK = "http://127.0.0.1:9/callback";

    private static SandboxProcess sandboxProcess;
    private static SandboxClient sandbox;
    private static PackagedApp app;
    private static String origin;
    private static String mcp;
    private static HttpsDocumentHost publisher;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TypeScriptClient.nodeAvailable(),
                "node and npm are not installed here, so the TypeScript SDK client cannot run");
        int port = PackagedApp.freePort();
        origin = "http://localhost:" + port;
        mcp = origin + "/mcp";
        sandboxProcess = SandboxProcess.start("oauth-client", List.of(mcp));
        sandbox = new SandboxClient(sandboxProcess.url());
        ProdOnSandbox.Settings settings = ProdOnSandbox.settings(sandboxProcess.url());
        Map<String, String> properties = new HashMap<>(settings.properties());
        Map<String, String> environment = new HashMap<>(settings.environment());
        environment.put("CHANGESET_PUBLIC_URL", "http://localhost:" + port);
        if (ProdOnSandbox.testDatabaseConfigured()) {
            properties.putAll(ProdOnSandbox.testDatabase().properties());
            environment.putAll(ProdOnSandbox.testDatabase().environment());
        } else {
            properties.put("quarkus.flyway.migrate-at-start", "false"); // get_session and read_catalog need none
        }
        app = PackagedApp.start("oauth-client", port, properties, environment);
        publisher = new HttpsDocumentHost(CIMD_HOST);
        sandbox.post("/sandbox/network/hosts", new JsonObject(publisher.sandboxHostEntry()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (app != null) {
            app.close();
        }
        if (sandboxProcess != null) {
            sandboxProcess.close();
        }
    }

    private static TypeScriptClient.Result flow(String user, String cimdUrl) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MCP_URL", mcp);
        env.put("LOGIN_USER", user);
        env.put("CALLBACK", CALLBACK);
        if (cimdUrl != null) {
            env.put("CIMD_URL", cimdUrl);
        }
        return TypeScriptClient.run("oauth.mjs", "flow", env, Duration.ofMinutes(2));
    }

    @Test
    void the_sdk_discovers_registers_authorizes_with_pkce_and_resource_and_calls_tools() throws Exception {
        TypeScriptClient.Result run = flow("carol", null);
        assertTrue(run.ok(), run.output());
        JsonObject facts = run.result().getJsonObject("facts");

        // the order of what the SDK did, each answered as it should be
        List<String> seen = facts.getJsonArray("requests").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("method") + " " + r.getString("url") + " " + r.getInteger("status")).toList();
        String s = sandboxProcess.url();
        assertEquals(List.of("POST " + mcp + " 401",
                "GET " + app.url() + "/.well-known/oauth-protected-resource/mcp 200",
                "GET " + s + "/.well-known/oauth-authorization-server 200",
                "POST " + s + "/oidc/register 201",
                // finishAuth() discovers again (the provider keeps no discovery state), then exchanges the code
                "GET " + app.url() + "/.well-known/oauth-protected-resource/mcp 200",
                "GET " + s + "/.well-known/oauth-authorization-server 200",
                "POST " + s + "/oauth/token 200",
                "POST " + mcp + " 200"), seen.subList(0, 8), String.join("\n", seen));

        String clientId = facts.getJsonArray("registrations").getJsonObject(0).getString("client_id");
        assertTrue(clientId.startsWith("tpc_"), "a DCR client is a third-party application: " + clientId);
        JsonObject authorize = facts.getJsonObject("authorizeParams");
        assertEquals(clientId, authorize.getString("client_id"));
        assertEquals("S256", authorize.getString("code_challenge_method"));
        assertEquals(43, authorize.getString("code_challenge").length());
        assertEquals(mcp, authorize.getString("resource"), "the RFC 8707 resource is the advertised one");
        assertEquals(CALLBACK, authorize.getString("redirect_uri"));
        assertTrue(authorize.getString("scope").contains("changeset:read"), authorize.encode());
        assertTrue(facts.getString("consentPage").contains("Changeset OAuth IT (TypeScript SDK)"),
                "the person was shown the client's name");
        assertTrue(facts.getString("callbackLocation").contains("iss=" + URLEncoder.encode(s + "/",
                StandardCharsets.UTF_8)), facts.getString("callbackLocation"));

        JsonObject claims = facts.getJsonObject("accessTokenClaims");
        assertEquals(mcp, claims.getString("aud"), "resource became the audience");
        assertEquals("auth0|carol", claims.getString("sub"));
        assertEquals(clientId, claims.getString("azp"));
        assertTrue(facts.getJsonArray("tools").contains("apply_changeset"), facts.encode());

        refusals(clientId, facts);
    }

    /** What the tenant and the server refuse, shown over HTTP with the client the SDK registered. */
    private void refusals(String clientId, JsonObject facts) throws Exception {
        JsonObject authorize = facts.getJsonObject("authorizeParams");
        SandboxLogin browser = new SandboxLogin();

        // a code is good once: the SDK redeemed it, a second exchange is refused
        JsonObject reused = sandbox.postForm("/oauth/token", Map.of("grant_type", "authorization_code", "client_id",
                clientId, "code", facts.getString("code"), "code_verifier", facts.getString("verifier"),
                "redirect_uri", CALLBACK));
        assertEquals(403, reused.getInteger("_status"), reused.encode());
        assertEquals("invalid_grant", reused.getString("error"));
        assertEquals("Invalid authorization code", reused.getString("error_description"));
        assertFalse(reused.containsKey("access_token"));

        // a resource the tenant has no API for: Auth0's "Service not found", on a page (third-party application)
        SandboxLogin.Outcome unknown = browser.logIn(authorizeUrl(authorize, Map.of("resource",
                "http://localhost:1/mcp")), "carol", true);
        assertEquals(403, unknown.status(), unknown.page());
        assertNull(unknown.location(), "no redirect to the client on an error (open_redirect_protection)");
        assertEquals("access_denied", unknown.pageError().orElseThrow());
        assertTrue(unknown.page().contains("Service not found: http://localhost:1/mcp"), unknown.page());

        // a resource the tenant knows but this server is not: the tenant issues the token, the server refuses it
        String other = "https://other-mcp.example/mcp";
        sandbox.post("/sandbox/apis", new JsonObject().put("identifier", other));
        Map<String, String> pkce = freshPkce();
        SandboxLogin.Outcome elsewhere = browser.logIn(authorizeUrl(authorize, Map.of("resource", other,
                "code_challenge", pkce.get("challenge"))), "carol", true);
        String otherCode = elsewhere.redirectParams().get("code");
        JsonObject otherTokens = sandbox.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", otherCode, "code_verifier", pkce.get("verifier"), "redirect_uri",
                CALLBACK));
        assertEquals(200, otherTokens.getInteger("_status"), otherTokens.encode());
        String otherToken = otherTokens.getString("access_token");
        assertEquals(other, claims(otherToken).getString("aud"));
        McpWire.Reply refused = new McpWire(origin, otherToken).initialize();
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("resource_metadata="),
                refused.headers().map().toString());

        // no PKCE, and PKCE "plain": refused on a page before anyone logs in
        Map<String, String> noPkce = new HashMap<>();
        noPkce.put("code_challenge", null);
        noPkce.put("code_challenge_method", null);
        HttpResponse<String> missing = get(authorizeUrl(authorize, noPkce));
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("Missing required parameter: code_challenge"), missing.body());
        assertTrue(missing.headers().firstValue("Location").isEmpty());
        HttpResponse<String> plain = get(authorizeUrl(authorize, Map.of("code_challenge_method", "plain")));
        assertEquals(400, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("only S256 is supported"), plain.body());

        // another redirect URI: at /authorize a page, never a redirect to it; at the token endpoint invalid_grant
        HttpResponse<String> mismatch = get(authorizeUrl(authorize, Map.of("redirect_uri",
                "http://127.0.0.1:9/elsewhere")));
        assertEquals(400, mismatch.statusCode(), mismatch.body());
        assertTrue(mismatch.body().contains("Callback URL mismatch"), mismatch.body());
        assertTrue(mismatch.headers().firstValue("Location").isEmpty());
        Map<String, String> again = freshPkce();
        String code = browser.logIn(authorizeUrl(authorize, Map.of("code_challenge", again.get("challenge"))),
                "carol", true).redirectParams().get("code");
        JsonObject wrongRedirect = sandbox.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", code, "code_verifier", again.get("verifier"), "redirect_uri",
                "http://127.0.0.1:9/elsewhere"));
        assertEquals(403, wrongRedirect.getInteger("_status"), wrongRedirect.encode());
        assertEquals("invalid_grant", wrongRedirect.getString("error"));
        assertFalse(wrongRedirect.containsKey("access_token"));
    }

    @Test
    void a_client_with_a_metadata_document_url_signs_in_once_the_tenant_imported_it() throws Exception {
        String url = publisher.url("/oauth/changeset-it.json");
        publisher.put("/oauth/changeset-it.json", HttpsDocumentHost.Answer.json(new JsonObject()
                .put("client_id", url).put("client_name", "Changeset CIMD client (TypeScript SDK)")
                .put("application_type", "native").put("grant_types", List.of("authorization_code", "refresh_token",
                        "implicit"))
                .put("redirect_uris", List.of(CALLBACK)).put("token_endpoint_auth_method", "none")
                .put("response_types", List.of("code")).put("software_id", "changeset-it").encode()));

        // not imported yet: the SDK uses the URL as client_id (the tenant advertises CIMD), and Auth0 does not know it
        TypeScriptClient.Result before = flow("alice", url);
        assertFalse(before.ok(), before.output());
        assertTrue(before.output().contains("Unknown client: " + url), before.output());
        assertTrue(before.output().contains("Import from URL"), before.output());

        JsonObject preview = sandbox.postForStatus("/sandbox/clients/cimd/preview",
                new JsonObject().put("external_client_id", url));
        assertEquals(200, preview.getInteger("_status"), preview.encode());
        assertTrue(preview.getJsonObject("validation").getBoolean("valid"), preview.encode());
        assertEquals(new JsonArray(List.of("Property not supported: 'software_id'", "Grant type not supported:"
                + " 'implicit'")), preview.getJsonObject("validation").getJsonArray("warnings"), preview.encode());
        assertEquals(new JsonArray(List.of("authorization_code", "refresh_token")),
                preview.getJsonObject("mapped_fields").getJsonArray("grant_types"));
        JsonObject registered = sandbox.postForStatus("/sandbox/clients/cimd/register",
                new JsonObject().put("external_client_id", url));
        assertEquals(201, registered.getInteger("_status"), registered.encode());
        assertTrue(registered.getString("client_id").startsWith("tpc_"), registered.encode());
        assertEquals(409, sandbox.postForStatus("/sandbox/clients/cimd/register",
                new JsonObject().put("external_client_id", url)).getInteger("_status"), "registered once");

        TypeScriptClient.Result run = flow("alice", url);
        assertTrue(run.ok(), run.output());
        JsonObject facts = run.result().getJsonObject("facts");
        List<String> seen = facts.getJsonArray("requests").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("method") + " " + r.getString("url")).toList();
        assertFalse(seen.contains("POST " + sandboxProcess.url() + "/oidc/register"), String.join("\n", seen));
        assertEquals(url, facts.getJsonObject("authorizeParams").getString("client_id"));
        assertEquals("S256", facts.getJsonObject("authorizeParams").getString("code_challenge_method"));
        assertEquals(mcp, facts.getJsonObject("authorizeParams").getString("resource"));
        assertTrue(facts.getString("consentPage").contains("Changeset CIMD client (TypeScript SDK)"));
        JsonObject claims = facts.getJsonObject("accessTokenClaims");
        assertEquals(url, claims.getString("azp"), "tokens carry the CIMD URL as the client");
        assertEquals(mcp, claims.getString("aud"));
        assertEquals("auth0|alice", claims.getString("sub"));
    }

    @Test
    void the_tenant_refuses_documents_auth0_refuses() throws Exception {
        String base = "/refused/";
        Map<String, JsonObject> documents = new LinkedHashMap<>();
        JsonObject good = new JsonObject().put("client_name", "x").put("grant_types", List.of("authorization_code"))
                .put("redirect_uris", List.of("https://mcp-client.example/cb")).put("token_endpoint_auth_method",
                        "none");
        documents.put("other-client-id", good.copy().put("client_id", "https://mcp-client.example/other.json"));
        documents.put("secret", good.copy().put("token_endpoint_auth_method", "client_secret_post"));
        documents.put("http-callback", good.copy().put("redirect_uris", List.of("http://mcp-client.example/cb")));
        documents.put("inline-jwks", good.copy().put("jwks", new JsonObject().put("keys", new JsonArray())));
        Map<String, String> expected = Map.of("other-client-id", "client_id must be exactly the document's URL",
                "secret", "shared-secret methods such as client_secret_post are not allowed",
                "http-callback", "redirect_uris must be https URIs",
                "inline-jwks", "an inline jwks is not supported");
        for (Map.Entry<String, JsonObject> doc : documents.entrySet()) {
            String url = publisher.url(base + doc.getKey() + ".json");
            JsonObject body = doc.getValue().copy();
            body.getMap().putIfAbsent("client_id", url);
            publisher.put(base + doc.getKey() + ".json", HttpsDocumentHost.Answer.json(body.encode()));
            assertRefused(url, expected.get(doc.getKey()));
        }
        publisher.put(base + "moved.json", new HttpsDocumentHost.Answer(302, Map.of("Location",
                publisher.url("/oauth/changeset-it.json")), ""));
        assertRefused(publisher.url(base + "moved.json"), "redirects are not followed");
        String big = publisher.url(base + "big.json");
        publisher.put(base + "big.json", HttpsDocumentHost.Answer.json(good.copy().put("client_id", big)
                .put("description", "d").put("padding", "x".repeat(6000)).encode()));
        assertRefused(big, "larger than 5 KB");
        assertRefused("http://mcp-client.example/client.json", "must use the https scheme");
        assertRefused("https://localhost/client.json", "may not name localhost");
        assertRefused("https://mcp-client.example/client.json?v=1", "may not contain a query");
        assertRefused("https://mcp-client.example/", "must have a path beyond /");
        assertRefused("https://mcp-client.example/a/../client.json", ". or .. segments");
        assertRefused(publisher.url(base + "absent.json"), "answered HTTP 404");
    }

    private static void assertRefused(String url, String reason) {
        JsonObject answer = sandbox.postForStatus("/sandbox/clients/cimd/register",
                new JsonObject().put("external_client_id", url));
        assertEquals(400, answer.getInteger("_status"), url + ": " + answer.encode());
        assertEquals("invalid_client_metadata", answer.getString("errorCode"), answer.encode());
        assertTrue(answer.getString("message").contains(reason), url + ": " + answer.encode());
        HttpResponse<String> page;
        try {
            page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url()
                    + "/authorize?response_type=code&client_id=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                    + "&redirect_uri=" + URLEncoder.encode("https://mcp-client.example/cb", StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertTrue(page.body().contains("Unknown client"), "nothing was registered for " + url);
    }

    private static String authorizeUrl(JsonObject params, Map<String, String> overrides) {
        Map<String, String> q = new LinkedHashMap<>();
        params.forEach(e -> q.put(e.getKey(), String.valueOf(e.getValue())));
        q.putAll(overrides);
        return sandbox.url() + "/authorize?" + q.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> freshPkce() throws Exception {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return Map.of("verifier", verifier, "challenge", challenge);
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
