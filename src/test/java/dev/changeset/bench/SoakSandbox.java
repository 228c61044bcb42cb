package dev.changeset.bench;

import java.util.List;
import java.util.Map;

import dev.changeset.support.SandboxProcess;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The sandbox as a process of its own for the soak, so that its logs and ledgers (which keep every call, request
 * and mail) do not count in the heap and threads measured: the JVM under test holds the server and the clients.
 */
public class SoakSandbox implements QuarkusTestResourceLifecycleManager {

    private SandboxProcess sandbox;

    @Override
    public Map<String, String> start() {
        try {
            sandbox = SandboxProcess.start("soak", List.of(SandboxResource.mcpResource()));
        } catch (Exception e) {
            throw new IllegalStateException("the soak's sandbox did not start", e);
        }
        return Map.of("sandbox.url", sandbox.url());
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            try {
                sandbox.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
