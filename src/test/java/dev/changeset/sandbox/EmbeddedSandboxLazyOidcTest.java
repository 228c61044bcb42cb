package dev.changeset.sandbox;

import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.changeset.support.PackagedApp;
import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * The way {@code ./mvnw quarkus:dev} runs: the sandbox starts inside the application, after quarkus-oidc first
 * asked for the issuer's discovery document and found nobody. OIDC initialises on the first request instead, and
 * the first call with a sandbox token succeeds.
 */
@QuarkusTest
@TestProfile(EmbeddedSandboxLazyOidcTest.Embedded.class)
class EmbeddedSandboxLazyOidcTest {

    public static class Embedded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("sandbox.embedded", "true",
                        "sandbox.url", "http://127.0.0.1:" + PackagedApp.freePort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    void the_first_request_after_start_is_served_with_the_embedded_sandbox_as_issuer() {
        String token = new SandboxClient(sandboxUrl).token("alice", "changeset:read");
        new McpWire(publicUrl, token).open().tool("get_session", new JsonObject()).then().statusCode(200)
                .body(containsString("auth0|alice"));
    }
}
