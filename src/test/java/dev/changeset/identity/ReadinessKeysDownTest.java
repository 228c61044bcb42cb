package dev.changeset.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.net.URI;
import java.net.URL;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Not ready while the identity provider's keys cannot be loaded (its JWKS answers an error, or drops the
 * connection), and ready again once they load; each probe asks again (no remembered success here).
 */
@QuarkusTest
@TestProfile(ReadinessKeysDownTest.NoRememberedSuccess.class)
@WithTestResource(SandboxResource.class)
class ReadinessKeysDownTest {

    public static class NoRememberedSuccess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.identity.keys-check-ttl", "0S");
        }
    }

    private static final String KEYS = "checks.find { it.name == 'identity-provider-keys' }";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    /** The management interface (its root path), where the probes ask (docs/routes.md). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void clearFaults() {
        new SandboxClient(sandboxUrl).post("/sandbox/auth0/reset", new JsonObject());
    }

    @Test
    void a_jwks_error_makes_the_server_not_ready_until_the_keys_load_again() throws Exception {
        fault("error");
        given().get(ready()).then().statusCode(503)
                .body(KEYS + ".status", equalTo("DOWN"))
                .body(KEYS + ".data.reason",
                        equalTo("the identity provider's keys cannot be loaded: IllegalStateException"));
        given().get(ready()).then().statusCode(200)
                .body(KEYS + ".status", equalTo("UP"))
                .body(KEYS + ".data.keys", greaterThanOrEqualTo(1));
    }

    @Test
    void a_dropped_jwks_connection_makes_the_server_not_ready() throws Exception {
        fault("drop");
        given().get(ready()).then().statusCode(503)
                .body(KEYS + ".status", equalTo("DOWN"))
                .body(KEYS + ".data.reason", org.hamcrest.Matchers.startsWith(
                        "the identity provider's keys cannot be loaded: "));
    }

    private URI ready() throws Exception {
        return management.toURI().resolve("/q/health/ready");
    }

    private void fault(String kind) {
        new SandboxClient(sandboxUrl).post("/sandbox/auth0/faults",
                new JsonObject().put("on", "jwks").put("kind", kind).put("status", 503).put("count", 1));
    }
}
