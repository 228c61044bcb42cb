package dev.changeset.support;

import java.util.Map;

import dev.changeset.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox on a free port before the application starts (so quarkus-oidc finds its issuer at
 * start-up) and points the application at it.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    private Sandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = Sandbox.start(0);
        return Map.of("sandbox.url", sandbox.url());
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
