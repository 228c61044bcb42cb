package dev.changeset.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.SandboxProcess;

/**
 * The packaged application (production profile) refuses to start when the audience it would check tokens for is
 * not the MCP resource it advertises, and says which setting to change; with the same settings less the wrong one it
 * starts (so the refusal is the audience's doing, not another missing setting).
 */
class AudienceStartupIT {

    private static SandboxProcess sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxProcess.start("audience-startup", List.of("https://changeset.example.com/mcp"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static PackagedApp start(String name, Map<String, String> properties, Map<String, String> environment)
            throws Exception {
        ProdOnSandbox.Settings settings = ProdOnSandbox.settings(sandbox.url());
        Map<String, String> p = new HashMap<>(settings.properties());
        p.put("quarkus.flyway.migrate-at-start", "false");
        p.putAll(properties);
        Map<String, String> e = new HashMap<>(settings.environment());
        e.put("CHANGESET_PUBLIC_URL", "https://changeset.example.com");
        e.putAll(environment);
        return PackagedApp.start(name, p, e);
    }

    @Test
    void an_api_audience_other_than_the_advertised_resource_stops_the_start_naming_both() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start("audience-api",
                Map.of(), Map.of("CHANGESET_API_AUDIENCE", "https://changeset.example.com/api")).close());
        String log = refused.getMessage();
        assertTrue(log.contains("the packaged application exited"), log);
        assertTrue(log.contains("changeset.identity.api-audience (CHANGESET_API_AUDIENCE) is"
                + " 'https://changeset.example.com/api' but this server advertises the resource"
                + " 'https://changeset.example.com/mcp'"), log);
    }

    @Test
    void quarkus_oidc_checking_a_second_audience_stops_the_start() throws Exception {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start("audience-oidc",
                Map.of("quarkus.oidc.token.audience", "https://changeset.example.com/mcp,https://other.example/api"),
                Map.of()).close());
        assertTrue(refused.getMessage().contains("quarkus.oidc.token.audience is [https://changeset.example.com/mcp,"
                + " https://other.example/api] but must be exactly [https://changeset.example.com/mcp]"),
                refused.getMessage());
    }

    @Test
    void the_same_settings_with_the_audience_left_to_its_default_start() throws Exception {
        try (PackagedApp app = start("audience-default", Map.of(), Map.of())) {
            assertTrue(app.pid() > 0);
        }
    }
}
