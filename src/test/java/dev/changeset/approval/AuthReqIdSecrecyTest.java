package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.ChangesetConfig;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The auth_req_id is a secret: a whole approval, logged at DEBUG everywhere, never shows it; nor do the tool
 * results of a whole four-eyes story over MCP, nor the database except sealed.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class AuthReqIdSecrecyTest {

    static final List<String> LOGGERS = List.of("dev.changeset", "com.auth0", "okhttp3", "io.vertx",
            "io.quarkiverse.mcp");

    @Inject
    CibaClient client;
    @Inject
    ApprovalConfig approvalConfig;
    @Inject
    ChangesetConfig changesetConfig;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    DataSource db;

    LogCapture capture;

    @BeforeEach
    void listen() {
        capture = LogCapture.start(LOGGERS);
        SandboxClient sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1));
    }

    @AfterEach
    void stopListening() {
        capture.close();
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

        List<String> lines = capture.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains(started.authReqId().sha256())),
                "the start was logged, by the hash of its id: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("polled")), "polls were logged at DEBUG: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(secret), "the auth_req_id leaked into the log: " + line);
        }
        assertFalse(approved.toString().contains(((PollOutcome.Approved) approved).accessToken().reveal()));
    }

    @Test
    void a_four_eyes_story_over_mcp_never_shows_an_auth_req_id() throws Exception {
        List<String> answers = new ArrayList<>();
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            Story.resetSandbox(alice.sandbox);
            alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                    .put("after_ms", 300));
            alice.sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "dave").put("action", "approve")
                    .put("after_ms", 1200));
            JsonObject preview = alice.preview(Story.setPrice("APP-1000", "20.00"));
            String id = preview.getString("changesetId");
            answers.add(answer(alice.call("apply_changeset", Map.of("changesetId", id, "waitSeconds", 30))));
            JsonObject sealed = alice.ok("get_changeset", Map.of("changesetId", id));
            assertTrue(sealed.getString("state").equals("SEALED"), sealed.encode());
            answers.add(sealed.encode());
            answers.add(answer(alice.call("get_receipt", Map.of("receiptId", sealed.getString("receiptId")))));
            answers.add(answer(alice.call("list_receipts", Map.of())));

            RequestIdSeal seal = new RequestIdSeal(approvalConfig.clientSecret());
            List<Map<String, String>> rows = ApprovalScenes.approvalRows(db, id);
            assertTrue(rows.size() == 2, "alice's and dave's requests: " + rows);
            for (Map<String, String> row : rows) {
                AuthReqId secret = seal.open(row.get("auth_req_id_sealed"));
                assertTrue(row.get("auth_req_id_hash").equals(secret.sha256()), row.toString());
                assertTrue(answers.get(2).contains(secret.sha256()) || row.get("role").equals("SECOND_APPROVER"),
                        "the receipt names the requester's request by its hash: " + answers.get(2));
                for (String answer : answers) {
                    assertFalse(answer.contains(secret.reveal()), "a tool result shows an auth_req_id: " + answer);
                }
                for (String line : capture.lines()) {
                    assertFalse(line.contains(secret.reveal()), "the auth_req_id leaked into the log: " + line);
                }
                row.forEach((column, value) -> assertTrue(column.equals("auth_req_id_sealed") || value == null
                        || !value.contains(secret.reveal()), "column " + column + " holds the auth_req_id"));
            }
        }
    }

    /** All a tool result says: its text and its structured content. */
    @SuppressWarnings("unchecked")
    private static String answer(McpSchema.CallToolResult result) {
        assertFalse(Boolean.TRUE.equals(result.isError()), Story.text(result));
        return Story.text(result) + "\n" + new JsonObject((Map<String, Object>) result.structuredContent()).encode();
    }
}
