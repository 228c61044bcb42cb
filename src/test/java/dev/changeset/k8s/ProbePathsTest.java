package dev.changeset.k8s;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.WithDefault;

/**
 * The probes in k8s/base/deployment.yaml ask the running application on the port it listens on, at paths that
 * answer with a health status (and with UP here, where the sandbox plays the identity provider and H2 the
 * database). The port: the probes name the container port "http", which must be the port the packaged
 * application listens on: quarkus.http.port as the prod profile resolves it (a test instance listens on the
 * test port instead, so that value is read from application.properties, else Quarkus' own default).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ProbePathsTest {

    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    @Test
    void theProbesOfTheBaseDeploymentAnswerUpOnTheApplicationsPort() throws Exception {
        JsonNode deployment = Manifests.read(Manifests.K8S.resolve("base/deployment.yaml"));
        JsonNode server = deployment.at("/spec/template/spec/containers/0");
        Map<String, String> expected = Map.of(
                "startupProbe", "/q/health/started",
                "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");

        for (Map.Entry<String, String> probe : expected.entrySet()) {
            JsonNode get = server.at("/" + probe.getKey() + "/httpGet");
            String path = get.path("path").asText();
            assertEquals(probe.getValue(), path, probe.getKey());
            assertEquals(productionHttpPort(), containerPort(server, get.path("port")), probe.getKey() + " port");
            // The test instance listens on the test port; the path and its answer are what the probe sees.
            given().baseUri(publicUrl).when().get(path)
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void aPathThatIsNotAHealthCheckIsNotFound() {
        // So a mistyped probe path would fail the pod rather than pass: the health root only knows its checks.
        given().baseUri(publicUrl).when().get("/q/health/startup").then().statusCode(404);
    }

    /** quarkus.http.port under the prod profile: application.properties, else VertxHttpConfig's default. */
    private static int productionHttpPort() throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        String configured = properties.getProperty("%prod.quarkus.http.port",
                properties.getProperty("quarkus.http.port"));
        if (configured != null) {
            return Integer.parseInt(configured);
        }
        Method port = Class.forName("io.quarkus.vertx.http.runtime.VertxHttpConfig").getMethod("port");
        return Integer.parseInt(port.getAnnotation(WithDefault.class).value());
    }

    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port.asText());
    }
}
