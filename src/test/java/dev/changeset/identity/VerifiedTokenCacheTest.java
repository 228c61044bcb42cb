package dev.changeset.identity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The verified-token cache through the real path (tokens minted by the sandbox, MCP requests over HTTP): a token is
 * verified once and remembered, a remembered token is refused the moment it expires, and a remembered token's claims
 * under any other signature are still refused.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class VerifiedTokenCacheTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    MeterRegistry meters;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
    }

    @Test
    void a_token_is_verified_once_then_served_from_the_cache() {
        String token = sandbox.token("alice", "changeset:read");
        double hits = gets("hit");
        double misses = gets("miss");

        McpWire wire = new McpWire(publicUrl, token).open(); // initialize, notifications/initialized
        wire.tool("get_session", new JsonObject()).then().statusCode(200)
                .body(containsString("\"subject\":\"auth0|alice\""));

        assertEquals(1, gets("miss") - misses, "the first request verifies the token");
        assertEquals(2, gets("hit") - hits, "the next two requests are served from the cache");
    }

    @Test
    void a_remembered_token_is_refused_once_it_expires() throws InterruptedException {
        String token = sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:read")
                .put("ttl_seconds", 3));
        McpWire wire = new McpWire(publicUrl, token).open();
        wire.tool("get_session", new JsonObject()).then().statusCode(200);
        double hits = gets("hit");

        Instant expiry = Instant.ofEpochSecond(claims(token).getLong("exp"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 200);

        wire.tool("get_session", new JsonObject()).then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        assertEquals(hits, gets("hit"), "an expired token is never a hit");
    }

    @Test
    void a_remembered_tokens_claims_under_another_signature_are_refused() throws Exception {
        String token = sandbox.token("alice", "changeset:read");
        String session = new McpWire(publicUrl, token).open().session(); // remembered now
        String[] parts = token.split("\\.");

        // the same header and claims, one character in the middle of the signature changed (all six bits of a
        // middle character are signature bits; the last one's low bits are padding a lenient decoder ignores)
        int middle = parts[2].length() / 2;
        char was = parts[2].charAt(middle);
        String altered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, middle) + (was == 'A' ? 'B' : 'A')
                + parts[2].substring(middle + 1);
        assertInvalid(altered, session);

        // the same claims signed by another key under the sandbox's key id
        RsaJsonWebKey forger = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        jws.setKey(forger.getPrivateKey());
        jws.setKeyIdHeaderValue(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]),
                StandardCharsets.UTF_8)).getString("kid"));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        assertInvalid(jws.getCompactSerialization(), session);

        new McpWire(publicUrl, token).useSession(session).tool("get_session", new JsonObject()).then()
                .statusCode(200);
    }

    @Test
    void each_remembered_token_answers_for_its_own_user() {
        String alice = sandbox.token("alice", "changeset:read");
        String dave = sandbox.token("dave", "changeset:read");
        double hits = gets("hit");
        double misses = gets("miss");
        McpWire aliceWire = new McpWire(publicUrl, alice).open();
        McpWire daveWire = new McpWire(publicUrl, dave).open();
        for (int i = 0; i < 3; i++) {
            aliceWire.tool("get_session", new JsonObject()).then().statusCode(200)
                    .body(containsString("\"subject\":\"auth0|alice\""));
            daveWire.tool("get_session", new JsonObject()).then().statusCode(200)
                    .body(containsString("\"subject\":\"auth0|dave\""));
        }
        assertEquals(2, gets("miss") - misses, "each token is verified once");
        assertEquals(2 + 6, gets("hit") - hits, "notifications/initialized and the six calls are hits");
    }

    private void assertInvalid(String token, String session) {
        new McpWire(publicUrl, token).useSession(session).tool("get_session", new JsonObject()).then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\", scope=\"changeset:read\", resource_metadata=\"" + publicUrl
                        + "/.well-known/oauth-protected-resource/mcp\""));
    }

    private double gets(String result) {
        return meters.get("cache.gets").tag("cache", "verified-tokens").tag("result", result).functionCounter()
                .count();
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
