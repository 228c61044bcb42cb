package dev.changeset.sandbox;

/**
 * Runs the sandbox as a process of its own ({@code java -cp ... dev.changeset.sandbox.SandboxMain [port]}), for
 * end-to-end runs against the packaged application. Prints {@code SANDBOX_URL=<url>} once it listens.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8787;
        Sandbox sandbox = Sandbox.start(port, true);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("SANDBOX_URL=" + sandbox.url());
        Thread.currentThread().join();
    }
}
