package dev.changeset.k8s;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.WithDefault;

/**
 * The probes in k8s/base/deployment.yaml ask the running application on its management interface, at paths that
 * answer with a health status (and with UP here, where the sandbox plays the identity provider and H2 the
 * database). The port: the probes name the container port "management", which must be the port the packaged
 * application's management interface listens on: quarkus.management.port as the prod profile resolves it (a test
 * instance listens on a test port instead, so that value is read from application.properties, else Quarkus' own
 * default). The public port serves no health (ManagementPortAttackTest).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ProbePathsTest {

    /** The management interface (its root path, /q/; the probes' paths are absolute). */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void theProbesOfTheBaseDeploymentAnswerUpOnTheManagementPort() throws Exception {
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
            assertEquals("management", get.path("port").asText(), probe.getKey() + " port");
            assertEquals(productionManagementPort(), containerPort(server, get.path("port")), probe.getKey() + " port");
            // The test instance listens on a test port; the path and its answer are what the probe sees.
            given().baseUri(managementUrl.toURI().resolve("/").toString()).when().get(path)
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void aPathThatIsNotAHealthCheckIsNotFound() throws Exception {
        // So a mistyped probe path would fail the pod rather than pass: the health root only knows its checks.
        given().baseUri(managementUrl.toURI().resolve("/").toString()).when().get("/q/health/startup")
                .then().statusCode(404);
    }

    /** quarkus.management.port under the prod profile: application.properties, else ManagementConfig's default. */
    private static int productionManagementPort() throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        String configured = properties.getProperty("%prod.quarkus.management.port",
                properties.getProperty("quarkus.management.port"));
        if (configured != null) {
            return Integer.parseInt(configured);
        }
        Method port = Class.forName("io.quarkus.vertx.http.runtime.management.ManagementConfig").getMethod("port");
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
