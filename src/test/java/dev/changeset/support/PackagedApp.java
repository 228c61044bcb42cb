package dev.changeset.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) started as a process of its own, with
 * the production profile unless told otherwise, for tests that need a real separate process (production
 * profile, crash and restart, several instances).
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedApp(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with these system properties on a free port and waits until it is live. */
    public static PackagedApp start(String name, Map<String, String> properties) throws IOException {
        return start(name, freePort(), properties, Map.of());
    }

    /** Starts the jar with these system properties and environment variables, and waits until it is live. */
    public static PackagedApp start(String name, Map<String, String> properties, Map<String, String> environment)
            throws IOException {
        return start(name, freePort(), properties, environment);
    }

    /** Starts the jar on {@code port} (for settings that name it, such as the public URL) and waits until live. */
    public static PackagedApp start(String name, int port, Map<String, String> properties) throws IOException {
        return start(name, port, properties, Map.of());
    }

    /** As {@link #start(String, Map)}, waiting up to {@code live} (several instances starting on a busy machine). */
    public static PackagedApp start(String name, Map<String, String> properties, Duration live) throws IOException {
        return start(name, freePort(), properties, Map.of(), live);
    }

    /** Starts the jar on {@code port} with these system properties and environment variables. */
    public static PackagedApp start(String name, int port, Map<String, String> properties,
            Map<String, String> environment) throws IOException {
        return start(name, port, properties, environment, Duration.ofSeconds(90));
    }

    private static PackagedApp start(String name, int port, Map<String, String> properties,
            Map<String, String> environment, Duration live) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the application first (./mvnw verify runs this after package)");
        }
        // Health and metrics answer on the management interface only, on a port of its own per instance.
        int managementPort = freePort();
        // The JVM options the images ship (native/Dockerfile.jvm), so the tests run what is measured and shipped.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "@src/main/jvm/jvm.options", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Path log = Path.of("target", "packaged-" + name + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        PackagedApp app = new PackagedApp(process, port, managementPort, log);
        app.awaitLive(live);
        return app;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The management interface: {@code /q/health/*} and {@code /q/metrics} (docs/routes.md). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as Kubernetes sends it: Quarkus' graceful shutdown starts; see {@link #awaitExit}. */
    public void terminate() {
        process.destroy();
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hooks, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitLive(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the packaged application exited: " + Files.readString(log));
            }
            try {
                URI live = URI.create(managementUrl() + "/q/health/live");
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(live)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the packaged application was not live within " + timeout + ": "
                + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
