package dev.changeset.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.McpWire.Reply;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

/** Every way a bearer token can be wrong, each refused with its exact status and challenge. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class BearerTokenRefusalTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    String metadataUrl;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        metadataUrl = publicUrl + "/.well-known/oauth-protected-resource/mcp";
    }

    @Test
    void no_token_is_401_with_the_resource_metadata_url() {
        new McpWire(publicUrl, null).initialize().then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer scope=\"changeset:read\", resource_metadata=\"" + metadataUrl + "\""));
    }

    @Test
    void an_expired_token_is_401() {
        assertInvalid(sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("ttl_seconds", -120)));
    }

    @Test
    void a_token_for_another_audience_is_401() {
        assertInvalid(sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("audience", "https://another-api.example")));
    }

    @Test
    void a_token_from_another_issuer_is_401() {
        assertInvalid(sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("issuer", "https://evil.example/")));
    }

    @Test
    void a_token_with_a_bad_signature_is_401() throws Exception {
        String good = sandbox.token("alice", "changeset:read");
        JsonWebKey forger = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payloadOf(good));
        jws.setKey(((org.jose4j.jwk.RsaJsonWebKey) forger).getPrivateKey());
        jws.setKeyIdHeaderValue(kidOf(good));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        assertInvalid(jws.getCompactSerialization());
    }

    @Test
    void an_unsigned_alg_none_token_is_401() {
        String good = sandbox.token("alice", "changeset:read");
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kidOf(good) + "\"}");
        assertInvalid(header + "." + b64(payloadOf(good)) + ".");
    }

    @Test
    void an_hs256_token_keyed_with_the_public_key_is_401() throws Exception {
        String good = sandbox.token("alice", "changeset:read");
        JsonWebKeySet jwks = new JsonWebKeySet(sandbox.get("/.well-known/jwks.json").encode());
        PublicKey publicKey = (PublicKey) jwks.getJsonWebKeys().get(0).getKey();
        byte[] secret = KeyFactory.getInstance("RSA").getKeySpec(publicKey, X509EncodedKeySpec.class).getEncoded();
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kidOf(good) + "\"}") + "."
                + b64(payloadOf(good));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        assertInvalid(signingInput + "." + signature);
    }

    @Test
    void a_read_only_token_calling_a_write_tool_is_403_insufficient_scope_naming_the_scope() {
        String token = sandbox.token("alice", "changeset:read");
        Reply reply = new McpWire(publicUrl, token).open().tool("apply_changeset",
                new JsonObject().put("changesetId", "x"));
        reply.then().statusCode(403)
                .header("WWW-Authenticate", equalTo("Bearer error=\"insufficient_scope\", scope=\"changeset:read changeset:write\", "
                        + "resource_metadata=\"" + metadataUrl + "\", error_description=\"this request needs scope "
                        + "changeset:write\""))
                .body("error.message", containsString("changeset:write"))
                .body("id", equalTo(reply.requestId().intValue()));
    }

    @Test
    void a_token_with_neither_mcp_scope_cannot_even_initialize() {
        new McpWire(publicUrl, sandbox.token("alice", "openid profile")).initialize().then().statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
    }

    @Test
    void the_same_read_only_token_may_call_a_read_tool() {
        String token = sandbox.token("alice", "changeset:read");
        new McpWire(publicUrl, token).open().tool("get_session", new JsonObject()).then().statusCode(200)
                .body(containsString("auth0|alice"));
    }

    @Test
    void an_unknown_session_id_is_404() {
        String token = sandbox.token("alice", "changeset:read");
        new McpWire(publicUrl, token).useSession("bm8tc3VjaC1zZXNzaW9u").tool("get_session", new JsonObject()).then()
                .statusCode(404);
    }

    @Test
    void a_session_opened_by_one_user_is_unknown_to_another() {
        String alice = sandbox.token("alice", "changeset:read");
        String session = new McpWire(publicUrl, alice).open().session();
        String carol = sandbox.token("carol", "changeset:read");
        new McpWire(publicUrl, carol).useSession(session).tool("get_session", new JsonObject()).then().statusCode(404);
        new McpWire(publicUrl, alice).useSession(session).tool("get_session", new JsonObject()).then().statusCode(200);
    }

    @Test
    void a_non_local_origin_is_refused() {
        new McpWire(publicUrl, sandbox.token("alice", "changeset:read")).header("Origin", "https://evil.example")
                .initialize().then().statusCode(403);
    }

    @Test
    void a_non_local_host_is_refused() {
        // the JDK's HttpClient will not send another Host: RestAssured does
        given().contentType(McpWire.JSON).accept(McpWire.ACCEPT).auth().oauth2(sandbox.token("alice", "changeset:read"))
                .header("Host", "evil.example").body(McpWire.INITIALIZE).post("/mcp").then().statusCode(421)
                .body("error.message", containsString("evil.example"));
    }

    @Test
    void the_metadata_document_names_the_resource_the_issuer_and_the_scopes() {
        for (String path : new String[] { "/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource" }) {
            given().get(path).then().statusCode(200)
                    .body("resource", equalTo(publicUrl + "/mcp"))
                    .body("authorization_servers", hasItems(sandboxUrl + "/"))
                    .body("scopes_supported", hasItems("changeset:read", "changeset:write"))
                    .body("bearer_methods_supported", hasItems("header"));
        }
    }

    @Test
    void a_valid_token_is_accepted() {
        String token = sandbox.token("alice", "changeset:read");
        assertEquals(200, new McpWire(publicUrl, token).initialize().status());
    }

    private void assertInvalid(String token) {
        ValidatableResponse response = new McpWire(publicUrl, token).initialize().then().statusCode(401);
        response.header("WWW-Authenticate",
                equalTo("Bearer error=\"invalid_token\", scope=\"changeset:read\", resource_metadata=\"" + metadataUrl + "\""));
        // A message for the person, the same for every cause (the cause stays in the server's log), no class name.
        response.body("error.code", equalTo(-32001)).body("id", equalTo(1)).body("error.message",
                equalTo("The access token is invalid or expired: get a new one from the authorization server"));
    }

    private static String payloadOf(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String kidOf(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return new JsonObject(header).getString("kid");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
