package dev.changeset.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Ready means something: the identity provider's keys load and the database answers. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReadinessTest {

    @Test
    void readiness_checks_the_identity_provider_keys_and_the_database() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems("identity-provider-keys", "Database connections health check"))
                .body("checks.find { it.name == 'identity-provider-keys' }.data.keys",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }
}
