package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 14 item 4, second half, "metrics where Prometheus scrapes them but not to the world": tried over real HTTP
 * against the running server. The public port (the one the Ingress routes to) serves no {@code /q/metrics} and no
 * {@code /q/health}, whatever the spelling and whoever asks: without a token it answers 401 as for every path it
 * does not serve to anonymous callers, with a valid token 404. They answer on the management interface
 * ({@code quarkus.management.enabled}), which in turn serves no MCP. The tally goes to
 * {@code target/proof/management-port.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ManagementPortAttackTest {

    static final ProofRecord PROOF = new ProofRecord("management-port");
    private static final List<String> MANAGEMENT_PATHS = List.of("/q/metrics", "/q/metrics/", "/q/./metrics",
            "/x/../q/metrics", "/q//metrics", "/q/health", "/q/health/", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/health/group", "/q/health/well");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    SandboxClient sandbox;
    RawHttp publicPort;
    RawHttp managementPort;
    final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        publicPort = new RawHttp(publicUrl);
        managementPort = new RawHttp(managementUrl.toString());
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void the_public_port_serves_neither_metrics_nor_health_to_anyone() {
        String token = sandbox.token("alice", "openid changeset:read changeset:write");
        for (String path : MANAGEMENT_PATHS) {
            RawHttp.Answer anonymous = publicPort.send("GET", path, Map.of("Accept", "*/*"), null);
            record("GET " + path + " on the public port, no token", "401, nothing served", anonymous.brief(),
                    anonymous.status() == 401 && !servesManagement(anonymous));
            RawHttp.Answer withToken = publicPort.send("GET", path, Map.of("Accept", "*/*",
                    "Authorization", "Bearer " + token), null);
            record("GET " + path + " on the public port, alice's token", "404, nothing served", withToken.brief(),
                    withToken.status() == 404 && !servesManagement(withToken));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void the_management_port_serves_metrics_and_health_and_no_mcp() {
        RawHttp.Answer metrics = managementPort.send("GET", "/q/metrics", Map.of("Accept", "text/plain"), null);
        record("GET /q/metrics on the management port", "200, Prometheus text", metrics.status() + "",
                metrics.status() == 200 && metrics.body().contains("# TYPE "));
        for (String health : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            RawHttp.Answer answer = managementPort.send("GET", health, Map.of(), null);
            record("GET " + health + " on the management port", "200 UP", answer.brief(),
                    answer.status() == 200 && answer.body().contains("\"UP\""));
        }
        String token = sandbox.token("alice", "openid changeset:read changeset:write");
        RawHttp.Answer mcp = managementPort.post("/mcp", token, null, RawHttp.initialize());
        record("initialize on the management port", "404, no session", mcp.brief(),
                mcp.status() == 404 && mcp.header("Mcp-Session-Id") == null);
        RawHttp.Answer metadata = managementPort.send("GET", "/.well-known/oauth-protected-resource/mcp", Map.of(),
                null);
        record("RFC 9728 metadata on the management port", "404", metadata.brief(), metadata.status() == 404);
        assertEquals(List.of(), failures);
    }

    /** A Prometheus exposition or a health report in the body. */
    private static boolean servesManagement(RawHttp.Answer answer) {
        return answer.body().contains("# TYPE ") || answer.body().contains("\"checks\"");
    }

    private void record(String name, String expected, String observed, boolean held) {
        PROOF.add(new ProofRecord.Attempt(name, expected, observed, held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + observed);
        }
    }
}
