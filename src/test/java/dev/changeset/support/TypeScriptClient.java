package dev.changeset.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/**
 * The official MCP TypeScript SDK client ({@code src/e2e/ts/e2e.mjs} with a bearer token, {@code oauth.mjs} running
 * the whole OAuth flow) run by Node.js: the project is copied to
 * {@code target/e2e-ts} and installed there from its lockfile ({@code npm ci}), so no node_modules lands in the
 * source tree.
 */
public final class TypeScriptClient {

    private static final Path SOURCE = Path.of("src/e2e/ts");
    private static final Path WORK = Path.of("target/e2e-ts");
    private static boolean installed;

    /** What one run printed: its {@code E2E_RESULT} line (checks passed and failed) and all of its output. */
    public record Result(int exitCode, JsonObject result, String output) {
        public boolean ok() {
            return exitCode == 0 && result.getBoolean("ok", false);
        }
    }

    private TypeScriptClient() {
    }

    /** True when {@code node} and {@code npm} run here. */
    public static boolean nodeAvailable() {
        return runs("node", "--version") && runs("npm", "--version");
    }

    /** Runs {@code node e2e.mjs <mode>} with this environment, within {@code timeout}. */
    public static Result run(String mode, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return run("e2e.mjs", mode, environment, timeout);
    }

    /** Runs {@code node <script> <mode>} (a script of {@code src/e2e/ts}) with this environment, within {@code timeout}. */
    public static Result run(String script, String mode, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        install();
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script, mode)).directory(WORK.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path log = WORK.resolve("run-" + mode + "-" + System.nanoTime() + ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the TypeScript client did not finish within " + timeout + ": "
                    + Files.readString(log));
        }
        String output = Files.readString(log);
        JsonObject result = output.lines().filter(l -> l.startsWith("E2E_RESULT ")).findFirst()
                .map(l -> new JsonObject(l.substring("E2E_RESULT ".length())))
                .orElseThrow(() -> new IllegalStateException("the TypeScript client printed no result: " + output));
        return new Result(process.exitValue(), result, output);
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path log = WORK.resolve("npm-ci.log");
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + WORK + ": " + Files.readString(log));
        }
        installed = true;
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
