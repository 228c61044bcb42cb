package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.ChangesetConfig;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The auth_req_id is a secret: a whole approval, logged at DEBUG everywhere, never shows it. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class AuthReqIdSecrecyTest {

    static final List<String> LOGGERS = List.of("dev.changeset", "com.auth0", "okhttp3", "io.vertx");

    @Inject
    CibaClient client;
    @Inject
    ApprovalConfig approvalConfig;
    @Inject
    ChangesetConfig changesetConfig;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    final List<String> captured = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record instanceof ExtLogRecord ext) {
                text.append(' ').append(ext.getFormattedMessage());
            }
            if (record.getParameters() != null) {
                text.append(' ').append(Arrays.toString(record.getParameters()));
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            synchronized (captured) {
                captured.add(text.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void listen() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        for (String name : LOGGERS) {
            levels.add(Logger.getLogger(name).getLevel());
            Logger.getLogger(name).setLevel(Level.FINE);
        }
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1));
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
        for (int i = 0; i < LOGGERS.size(); i++) {
            Logger.getLogger(LOGGERS.get(i)).setLevel(levels.get(i));
        }
    }

    @Test
    void a_whole_approval_never_logs_its_auth_req_id() throws Exception {
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        CibaClient.Started started = client.start(CibaClientTest.request("auth0|alice", "CS-SECRET"));
        String secret = started.authReqId().reveal();
        assertInstanceOf(PollOutcome.Pending.class, client.poll(started.authReqId()));
        assertInstanceOf(PollOutcome.SlowDown.class, client.poll(started.authReqId()));
        String id = sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").getJsonObject(0).getString("id");
        sandbox.post("/sandbox/ciba/requests/" + id + "/approve", new JsonObject());
        // A decided request answers at once, however soon after the last poll.
        PollOutcome approved = client.poll(started.authReqId());
        assertInstanceOf(PollOutcome.Approved.class, approved);
        assertInstanceOf(PollOutcome.Invalid.class, client.poll(started.authReqId()));
        CibaClient wrongSecret = new CibaClient(TestConfigs.override(ApprovalConfig.class, approvalConfig,
                Map.of("clientSecret", "wrong")), changesetConfig);
        wrongSecret.poll(started.authReqId());
        assertThrows(CibaRequestFailed.class, () -> wrongSecret.start(CibaClientTest.request("auth0|alice", "CS-X")));
        Logger.getLogger("dev.changeset.approval").info("outcomes: " + started + " " + approved + " "
                + started.authReqId());

        List<String> lines;
        synchronized (captured) {
            lines = List.copyOf(captured);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(started.authReqId().sha256())),
                "the start was logged, by the hash of its id: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("polled")), "polls were logged at DEBUG: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(secret), "the auth_req_id leaked into the log: " + line);
        }
        assertFalse(approved.toString().contains(((PollOutcome.Approved) approved).accessToken().reveal()));
    }
}
