package dev.changeset.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox run as a process of its own ({@code dev.changeset.sandbox.SandboxMain} on the test classpath), the
 * way an Auth0 tenant and Google are other processes to the packaged application.
 */
public final class SandboxProcess implements AutoCloseable {

    private static final String READY = "SANDBOX_URL=";

    private final Process process;
    private final String url;
    private final Path log;

    private SandboxProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a sandbox on a free port, serving the MCP resource of a server at production's default public URL
     * ({@code prod-on-sandbox.properties}), and waits (at most a minute) until it prints its URL.
     */
    public static SandboxProcess start(String name) throws IOException, InterruptedException {
        return start(name, List.of());
    }

    /** As {@link #start(String)}, serving these MCP resources instead (the first: the default audience). */
    public static SandboxProcess start(String name, List<String> mcpResources) throws IOException,
            InterruptedException {
        Path log = Path.of("target", "sandbox-" + name + "-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.changeset.sandbox.SandboxMain", "0"));
        command.addAll(mcpResources);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> url = Files.readAllLines(log).stream().filter(l -> l.startsWith(READY))
                    .map(l -> l.substring(READY.length()).trim()).findFirst();
            if (url.isPresent()) {
                return new SandboxProcess(process, url.get(), log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox process exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the sandbox process printed no URL within a minute: " + Files.readString(log));
    }

    /** The sandbox's base URL, without a trailing slash; its issuer is this plus {@code /}. */
    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
