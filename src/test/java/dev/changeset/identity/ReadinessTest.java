package dev.changeset.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Ready means something: the identity provider's keys load and the database answers. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReadinessTest {

    /** The management interface (its root path, /q/), where the probes ask (docs/routes.md). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readiness_checks_the_identity_provider_keys_and_the_database() throws Exception {
        given().get(management.toURI().resolve("/q/health/ready")).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems("identity-provider-keys", "Database connections health check"))
                .body("checks.find { it.name == 'identity-provider-keys' }.data.keys",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }
}
