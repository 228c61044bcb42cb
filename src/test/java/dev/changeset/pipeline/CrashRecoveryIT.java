package dev.changeset.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.sandbox.Sandbox;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonObject;

/**
 * The crash test: the packaged application runs as a process of its own, production profile, on PostgreSQL,
 * pointed at the sandbox (started here). It is SIGKILLed in the middle of an execution, restarted, and the owner's
 * next get_changeset reconciles from the sheet: no second write (counted at the sandbox), a sealed receipt.
 * <ul>
 * <li>killed between the write and the read-back (held there by the test hook
 * {@code changeset.pipeline.pause-after-write}): the sheet holds the new values, so it is verified and sealed
 * without writing again;</li>
 * <li>killed before the write (its guard read held by the sandbox): the sheet holds the previewed values and the
 * approval is still good, so it is written, once, and sealed.</li>
 * </ul>
 */
@RequiresPostgres
class CrashRecoveryIT {

    static Sandbox sandbox;
    SandboxClient control;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        control = new SandboxClient(sandbox.url());
        Story.resetSandbox(control);
    }

    @Test
    void killed_between_write_and_read_back_it_is_verified_from_the_sheet_and_never_written_twice() throws Exception {
        int port = PackagedApp.freePort();
        String id;
        long mark;
        try (PackagedApp first = PackagedApp.start("crash-after-write", port, settings(port, true,
                Map.of("changeset.pipeline.pause-after-write", "120S")))) {
            try (Story alice = new Story(first.url(), sandbox.url(), "alice")) {
                id = alice.preview(Story.setPrice("APP-1000", "68.99")).getString("changesetId");
                mark = control.callMark();
                applyInBackground(alice, id);
                await("the write to reach the sheet", () -> SheetCalls.since(control, mark).of(SheetCalls.WRITE)
                        .stream().anyMatch(c -> c.getInteger("status") == 200));
                first.kill();
            }
        }
        assertEquals("EXECUTING", state(id), "SIGKILL left it mid-execution");
        assertEquals(68.99, price(), "the write landed before the kill");

        JsonObject sealed = restartAndGet(port, id, "get_changeset");
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        assertEquals(true, sealed.getJsonArray("operations").getJsonObject(0).getBoolean("verified"));
        SheetCalls calls = SheetCalls.since(control, mark);
        assertEquals(1, calls.writes(), "written exactly once: " + calls);
        assertEquals(List.of(SheetCalls.GET, SheetCalls.WRITE, SheetCalls.GET, SheetCalls.GET), calls.methods(),
                "guard, write, (kill), reconcile read, read-back: " + calls);
        assertEquals(68.99, price());
    }

    @Test
    void killed_before_the_write_it_is_written_once_on_reconcile() throws Exception {
        int port = PackagedApp.freePort();
        String before = hash();
        String id;
        long mark;
        try (PackagedApp first = PackagedApp.start("crash-before-write", port, settings(port, true, Map.of()))) {
            try (Story alice = new Story(first.url(), sandbox.url(), "alice")) {
                id = alice.preview(Story.setPrice("APP-1000", "68.99")).getString("changesetId");
                // the guard's read is held for a minute: the process dies in EXECUTING, before any write
                control.post("/sandbox/google/faults", new JsonObject().put("kind", "latency").put("millis", 60_000)
                        .put("on", "read").put("count", 1));
                mark = control.callMark();
                applyInBackground(alice, id);
                await("the execution to start", () -> "EXECUTING".equals(state(id)));
                Thread.sleep(500); // let its guard read reach the sandbox
                first.kill();
            }
        }
        control.delete("/sandbox/google/faults");
        assertEquals("EXECUTING", state(id));
        assertEquals(0, SheetCalls.since(control, mark).writes());
        assertEquals(before, hash(), "nothing was written before the kill");

        JsonObject sealed = restartAndGet(port, id, "apply_changeset");
        assertEquals("SEALED", sealed.getString("state"), sealed.encode());
        assertEquals(1, SheetCalls.since(control, mark).writes(), "written once, by the owner's apply_changeset");
        assertEquals(68.99, price());
    }

    /**
     * Restarts on the same database (no clean) with a short lease; the owner's {@code tool} reconciles. A read
     * (get_changeset) never writes: before apply_changeset, it must report the changeset interrupted, unwritten.
     */
    private JsonObject restartAndGet(int port, String id, String tool) throws Exception {
        try (PackagedApp second = PackagedApp.start("crash-restart", port, settings(port, false,
                Map.of("changeset.pipeline.execution-lease", "1S")))) {
            String log = Files.readString(second.log());
            assertTrue(log.contains("left EXECUTING by a stopped process") && log.contains(id),
                    "the start-up sweep names the orphan: " + log);
            Thread.sleep(1100); // the lease runs from the last move
            try (Story alice = new Story(second.url(), sandbox.url(), "alice")) {
                if (tool.equals("apply_changeset")) {
                    long mark = control.callMark();
                    JsonObject looked = alice.ok("get_changeset", Map.of("changesetId", id));
                    assertEquals("EXECUTING", looked.getString("state"), looked.encode());
                    assertTrue(looked.getString("detail").startsWith("execution interrupted"), looked.encode());
                    assertEquals(0, SheetCalls.since(control, mark).writes(), "a read wrote nothing");
                }
                JsonObject got = alice.ok(tool, tool.equals("apply_changeset")
                        ? Map.of("changesetId", id, "waitSeconds", 0) : Map.of("changesetId", id));
                JsonObject receipt = alice.ok("get_receipt", Map.of("receiptId", got.getString("receiptId")));
                assertEquals("SEALED", receipt.getString("outcome"), receipt.encode());
                assertTrue(receipt.getJsonObject("verification").getBoolean("ok"), receipt.encode());
                return got;
            }
        }
    }

    private static void applyInBackground(Story alice, String id) {
        // This call never returns: the process dies under it. Its failure is expected and ignored.
        CompletableFuture.runAsync(() -> alice.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 0)))
                .exceptionally(e -> null);
    }

    /** Production-like settings: prod profile, PostgreSQL, every endpoint on the sandbox. */
    private static Map<String, String> settings(int port, boolean cleanDatabase, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        // the public URL stays production's default, whose resource (http://localhost:8080/mcp) the sandbox serves
        s.put("%prod.changeset.identity.issuer", sandbox.url() + "/");
        s.put("changeset.vault.client-id", "sandbox-custom-api-client");
        s.put("changeset.vault.client-secret", "sandbox-custom-api-client-secret");
        s.put("changeset.approval.client-id", "sandbox-ciba-client");
        s.put("changeset.approval.client-secret", "sandbox-ciba-secret");
        s.put("changeset.catalog.sheets-root-url", sandbox.url());
        s.put("changeset.catalog.spreadsheet-id", Story.SPREADSHEET);
        s.put("changeset.notify.gmail-root-url", sandbox.url() + "/");
        s.put("%prod.quarkus.datasource.jdbc.url", System.getenv(PostgresProfile.URL_ENV));
        s.put("%prod.quarkus.datasource.username", System.getenv(PostgresProfile.USER_ENV));
        s.put("%prod.quarkus.datasource.password", System.getenv(PostgresProfile.PASSWORD_ENV));
        s.put("quarkus.flyway.clean-at-start", String.valueOf(cleanDatabase));
        s.put("quarkus.flyway.clean-disabled", String.valueOf(!cleanDatabase));
        s.putAll(extra);
        return s;
    }

    private static String state(String id) {
        try (Connection c = DriverManager.getConnection(System.getenv(PostgresProfile.URL_ENV),
                System.getenv(PostgresProfile.USER_ENV), System.getenv(PostgresProfile.PASSWORD_ENV));
                PreparedStatement s = c.prepareStatement("SELECT state FROM changeset WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** APP-1000's price (row 2, column D) as the sandbox stores it. */
    private double price() {
        JsonObject snapshot = control.get("/sandbox/google/spreadsheets/" + Story.SPREADSHEET
                + "/snapshot?sheet=Products");
        return Double.parseDouble(snapshot.getJsonArray("rows").getJsonArray(1).getJsonObject(3).getString("number"));
    }

    private String hash() {
        return control.get("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/snapshot?sheet=Products")
                .getString("sha256");
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
