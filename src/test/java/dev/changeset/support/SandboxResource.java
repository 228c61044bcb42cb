package dev.changeset.support;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.changeset.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox on a free port before the application starts (so quarkus-oidc finds its issuer at
 * start-up), serving the test application's MCP resource as its API, and points the application at it.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    private Sandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = Sandbox.start(0, List.of(mcpResource()));
        return Map.of("sandbox.url", sandbox.url());
    }

    /** The test application's MCP URL: its public URL (the test profile's, on the test port) plus {@code /mcp}. */
    public static String mcpResource() {
        return ConfigProvider.getConfig().getValue("changeset.public-url", String.class) + "/mcp";
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
