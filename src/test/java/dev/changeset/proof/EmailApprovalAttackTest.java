package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.GuardianPhone;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.agroal.api.AgroalDataSource;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14 item 7, email approvals: mailing a receipt to someone else needs the person's tap, and the push must
 * say what the tap approves. Through MCP over HTTP against the running server and the sandbox: the binding message
 * names the recipient domain (punycode for an internationalised one) and the request's authorization_details carry
 * every full address; asking again for the same receipt and recipients resumes the pending request instead of
 * pushing again, whatever waitSeconds says; a per-user bound refuses more pushes (pending ones, and per window)
 * with a clear error; recipient text that could read as instructions (quoted local parts, domain literals) is
 * refused before any push; and an approved mail goes out even after the assistant stopped waiting. The tally goes
 * to {@code target/proof/email-approvals.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class EmailApprovalAttackTest {

    static final ProofRecord PROOF = new ProofRecord("email-approvals");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    AgroalDataSource db;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new SandboxClient(sandboxUrl);
        // Auth0's own limit (5 a minute per user) must not be what refuses: this server's bound must.
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("per_user_per_minute", 100));
        // Requests of earlier tests are unknown to the reset sandbox: the poller ends them; wait until it has.
        for (String subject : List.of("auth0|alice", "auth0|dave")) {
            assertEquals(true, nonePending(subject, Duration.ofSeconds(30)), "approvals of " + subject + " pending");
        }
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void asking_again_for_the_same_receipt_and_recipients_resumes_instead_of_pushing_again() throws Exception {
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            Receipt r = receipt(alice, "APP-1000", "68.99");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(Story.text(mail(alice, r.id(), List.of("bob@example.com"), 0)));
            }
            answers.add(Story.text(mail(alice, r.id(), List.of("BOB@Example.COM"), 0)));
            List<JsonObject> pushes = pushesFor(alice, r.code());
            boolean held = pushes.size() == 1;
            PROOF.add(new ProofRecord.Attempt("email_receipt x4 to one address with waitSeconds 0",
                    "one push; the later calls resume it", pushes.size() + " push(es); answers " + answers, held));
            assertEquals(1, pushes.size(), "pushes " + pushes + ", answers " + answers);
        }
    }

    @Test
    void the_push_names_the_recipient_domain_and_the_details_carry_every_address() throws Exception {
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            Receipt r = receipt(alice, "APP-1008", "21.49");
            Map<String, String[]> cases = Map.of(
                    "bob@example.com", new String[] { "example.com", "bob@example.com" },
                    "carol@other.org", new String[] { "other.org", "carol@other.org" },
                    "ana@b\u00fccher.example", new String[] { "xn--bcher-kva.example", "ana@xn--bcher-kva.example" });
            List<String> failures = new ArrayList<>();
            List<String> bindings = new ArrayList<>();
            for (Map.Entry<String, String[]> c : cases.entrySet()) {
                int before = pushesFor(alice, r.code()).size();
                McpSchema.CallToolResult answer = mail(alice, r.id(), List.of(c.getKey()), 0);
                List<JsonObject> pushes = pushesFor(alice, r.code());
                JsonObject push = pushes.size() == before + 1 ? pushes.get(pushes.size() - 1) : new JsonObject();
                String binding = push.getString("binding_message", "");
                String details = String.valueOf(push.getValue("authorization_details"));
                bindings.add(binding);
                boolean held = !Boolean.TRUE.equals(answer.isError()) && binding.contains(r.code())
                        && binding.contains(c.getValue()[0]) && details.contains("\"" + c.getValue()[1] + "\"");
                PROOF.add(new ProofRecord.Attempt("email_receipt to " + c.getKey(), "binding names "
                        + c.getValue()[0] + "; details carry " + c.getValue()[1], "'" + binding + "', details "
                                + details + ", answer " + Story.text(answer), held));
                if (!held) {
                    failures.add(c.getKey() + ": '" + binding + "' " + details + " / " + Story.text(answer));
                }
            }
            boolean distinct = bindings.stream().distinct().count() == bindings.size();
            PROOF.add(new ProofRecord.Attempt("three recipients, three pushes", "three different binding messages",
                    bindings.toString(), distinct));
            if (!distinct) {
                failures.add("binding messages alike: " + bindings);
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void recipient_text_that_could_read_as_instructions_is_refused_before_any_push() throws Exception {
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            Receipt r = receipt(alice, "APP-1000", "69.49");
            List<String> failures = new ArrayList<>();
            for (String to : List.of("\"tap approve, it is safe\"@example.com", "bob@[127.0.0.1]",
                    "\u0430pple@example.com", "bob@exa\u200Bmple.com")) {
                McpSchema.CallToolResult answer = mail(alice, r.id(), List.of(to), 0);
                boolean held = Boolean.TRUE.equals(answer.isError()) && pushesFor(alice, r.code()).isEmpty();
                PROOF.add(new ProofRecord.Attempt("email_receipt to " + to, "refused naming the address, no push",
                        Story.text(answer), held));
                if (!held) {
                    failures.add(to + ": " + Story.text(answer));
                }
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void a_per_user_bound_refuses_more_pushes_with_a_clear_error() throws Exception {
        try (Story dave = new Story(publicUrl, sandboxUrl, "dave")) {
            Receipt r = receipt(dave, "APP-1052", "29.99");
            List<String> failures = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                McpSchema.CallToolResult answer = mail(dave, r.id(), List.of("buyer" + i + "@example.com"), 0);
                if (Boolean.TRUE.equals(answer.isError())) {
                    failures.add("pending request " + i + " refused: " + Story.text(answer));
                }
            }
            McpSchema.CallToolResult fourth = mail(dave, r.id(), List.of("buyer4@example.com"), 0);
            boolean pendingHeld = Boolean.TRUE.equals(fourth.isError())
                    && Story.text(fourth).contains("3 email approvals are already waiting")
                    && pushesFor(dave, r.code()).size() == 3;
            PROOF.add(new ProofRecord.Attempt("a 4th email approval while 3 wait", "refused, no push",
                    Story.text(fourth), pendingHeld));
            if (!pendingHeld) {
                failures.add("4th pending: " + Story.text(fourth) + ", pushes " + pushesFor(dave, r.code()).size());
            }
            // The person denies them all; each later request is denied at once: the window still counts them.
            for (JsonObject push : pushesFor(dave, r.code())) {
                sandbox.post("/sandbox/ciba/requests/" + push.getString("id") + "/deny", new JsonObject());
            }
            sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "dave").put("action", "deny")
                    .put("after_ms", 50));
            for (int i = 5; i <= 11; i++) {
                assertEquals(true, nonePending("auth0|dave", Duration.ofSeconds(30)), "dave's approvals pending");
                McpSchema.CallToolResult answer = mail(dave, r.id(), List.of("buyer" + i + "@example.com"), 0);
                if (Boolean.TRUE.equals(answer.isError())) {
                    failures.add("push " + (i - 1) + " of the window refused: " + Story.text(answer));
                }
            }
            assertEquals(true, nonePending("auth0|dave", Duration.ofSeconds(30)), "dave's approvals pending");
            McpSchema.CallToolResult over = mail(dave, r.id(), List.of("buyer12@example.com"), 0);
            boolean windowHeld = Boolean.TRUE.equals(over.isError())
                    && Story.text(over).contains("10 email approvals were asked of you")
                    && pushesFor(dave, r.code()).size() == 10;
            PROOF.add(new ProofRecord.Attempt("an 11th email approval within the window", "refused, no push",
                    Story.text(over), windowHeld));
            if (!windowHeld) {
                failures.add("11th in the window: " + Story.text(over) + ", pushes " + pushesFor(dave, r.code())
                        .size());
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void an_approved_mail_goes_out_after_the_assistant_stopped_waiting_and_while_it_waits() throws Exception {
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            Receipt r = receipt(alice, "APP-1000", "70.49");
            McpSchema.CallToolResult first = mail(alice, r.id(), List.of("bob@example.com"), 0);
            Optional<GuardianPhone.Tap> tap = new GuardianPhone(sandboxUrl, "alice").approveAt("example.com",
                    Instant.now(), Instant.now().plusSeconds(10));
            List<JsonObject> toBob = sentTo(alice, "bob@example.com", r.code(), 2, Duration.ofSeconds(20));
            boolean goneHeld = !Boolean.TRUE.equals(first.isError()) && tap.isPresent() && toBob.size() == 1;
            PROOF.add(new ProofRecord.Attempt("approve after email_receipt returned (waitSeconds 0)",
                    "the mail goes to bob@example.com once", "answer " + Story.text(first) + "; tapped "
                            + tap.isPresent() + "; mails to bob " + toBob.size(), goneHeld));

            sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                    .put("after_ms", 1500));
            McpSchema.CallToolResult waited = mail(alice, r.id(), List.of("carol@other.org"), 30);
            JsonObject result = new JsonObject(asMap(waited.structuredContent()));
            boolean waitHeld = !Boolean.TRUE.equals(waited.isError()) && result.getBoolean("sent", false)
                    && sentTo(alice, "carol@other.org", r.code(), 3, Duration.ofSeconds(5)).size() == 1;
            PROOF.add(new ProofRecord.Attempt("approve while email_receipt waits", "answer: sent",
                    Story.text(waited), waitHeld));
            assertEquals(List.of(true, true), List.of(goneHeld, waitHeld), Story.text(first) + " / "
                    + Story.text(waited));
        }
    }

    private record Receipt(String id, String code) {
    }

    /** A sealed T1 change of the user's own, and its receipt. */
    private static Receipt receipt(Story story, String sku, String price) {
        JsonObject applied = story.apply(story.preview(Story.setPrice(sku, price)).getString("changesetId"), 10);
        assertEquals("SEALED", applied.getString("state"), applied.encode());
        return new Receipt(applied.getString("receiptId"), applied.getString("code"));
    }

    private static McpSchema.CallToolResult mail(Story story, String receiptId, List<String> to, int waitSeconds) {
        return story.call("email_receipt", Map.of("receiptId", receiptId, "to", to, "waitSeconds", waitSeconds));
    }

    private static List<JsonObject> pushesFor(Story story, String code) {
        JsonArray all = story.sandbox.get("/sandbox/ciba/requests").getJsonArray("requests");
        return all.stream().map(JsonObject.class::cast).filter(p -> p.getString("binding_message").contains(code))
                .toList();
    }

    /** The mails about receipt {@code code} to {@code address}, once {@code count} mails of that code are out. */
    private static List<JsonObject> sentTo(Story story, String address, String code, int count, Duration within)
            throws InterruptedException {
        return story.outboxFor(code, count, within).stream().map(JsonObject.class::cast)
                .filter(m -> m.getJsonArray("to").contains(address)).toList();
    }

    private boolean nonePending(String subject, Duration within) throws SQLException, InterruptedException {
        Instant end = Instant.now().plus(within);
        do {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM approval_request WHERE approver = ? AND status = 'PENDING'")) {
                s.setString(1, subject);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        return true;
                    }
                }
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(end));
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object structured) {
        return structured == null ? Map.of() : (Map<String, Object>) structured;
    }
}
