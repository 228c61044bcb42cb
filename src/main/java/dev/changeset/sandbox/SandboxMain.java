package dev.changeset.sandbox;

import java.util.List;

/**
 * Runs the sandbox as a process of its own ({@code java -cp ... dev.changeset.sandbox.SandboxMain [port
 * [mcp-resource ...]]}), for end-to-end runs against the packaged application and the Kubernetes demo's sidecar.
 * The resources are the MCP URLs of the servers it is the tenant of (their APIs), {@link Sandbox#DEFAULT_MCP_RESOURCE}
 * when none is given; {@code SANDBOX_SEED_PRODUCTS} sets the catalog's size (220 by default). Prints
 * {@code SANDBOX_URL=<url>} once it listens.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8787;
        List<String> resources = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of(Sandbox.DEFAULT_MCP_RESOURCE);
        String seed = System.getenv("SANDBOX_SEED_PRODUCTS");
        Sandbox sandbox = Sandbox.start(port, resources, true, seed == null || seed.isBlank() ? 220
                : Integer.parseInt(seed.trim()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("SANDBOX_URL=" + sandbox.url());
        Thread.currentThread().join();
    }
}
