package dev.changeset.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptDraft;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.text.AssistantNote;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A sealed receipt composed into an email and sent through the sandbox Gmail with a registered Google token. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ReceiptEmailTest {

    private static final String GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @Inject
    ReceiptLog log;
    @Inject
    ReceiptEmailComposer composer;
    @Inject
    GmailSender gmail;

    SandboxClient sandbox;

    @BeforeEach
    void emptyOutbox() throws Exception {
        sandbox = new SandboxClient(sandboxUrl);
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandboxUrl + "/sandbox/gmail/outbox")).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void a_sealed_receipt_arrives_with_its_changes_approval_hash_and_the_chain_head() {
        StoredReceipt stored = log.append(sealedWithHostileValues());
        Receipt r = stored.receipt();
        ReceiptEmail email = composer.compose(stored, log.head(), Optional.of("alice@example.com"),
                List.of("alice@example.com", "dave@example.com"));

        SendOutcome outcome = gmail.send(googleToken("alice", GMAIL_SEND), email);
        SendOutcome.Sent sent = assertInstanceOf(SendOutcome.Sent.class, outcome);

        JsonObject mail = onlyMessage();
        assertEquals(sent.messageId(), mail.getString("id"));
        assertEquals(List.of("alice@example.com", "dave@example.com"), mail.getJsonArray("to").getList());
        assertEquals("[" + r.changesetCode() + "] SEALED: 1 change applied", mail.getString("subject"));
        String text = mail.getString("text");
        assertTrue(text.contains("SKU-<b>9</b> price: 10.00 -> <script>alert(1)</script>"), text);
        assertTrue(text.contains("Approval: APPROVED (auth0|alice APPROVED, auth0|dave APPROVED) after 8.0 s"), text);
        assertTrue(text.contains("Receipt hash:  " + r.hash()), text);
        assertTrue(text.contains("Chain head:    " + log.head().hash()), text);
        assertTrue(text.contains("/receipts/" + r.receiptId()), text);
        String html = mail.getString("html");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>"), "receipt values are escaped in HTML");
        assertTrue(html.contains("SKU-&lt;b&gt;9&lt;/b&gt;"), html);
        assertTrue(html.contains(r.hash()), html);
        JsonObject headers = mail.getJsonObject("headers");
        assertEquals(r.hash(), headers.getString("X-Changeset-Receipt-Hash"));
        assertEquals(r.receiptId(), headers.getString("X-Changeset-Receipt"));
        assertTrue(headers.getString("Content-Type").startsWith("multipart/alternative"), headers.encode());
    }

    @Test
    void gmail_refusals_and_failures_come_back_as_typed_outcomes() {
        ReceiptEmail email = composer.compose(log.append(sealedWithHostileValues()), log.head(), Optional.empty(),
                List.of("alice@example.com"));

        SendOutcome.Rejected noScope = assertInstanceOf(SendOutcome.Rejected.class,
                gmail.send(googleToken("carol", "https://www.googleapis.com/auth/spreadsheets.readonly"), email));
        assertEquals(403, noScope.status());
        assertEquals("insufficientPermissions", noScope.reason());
        SendOutcome.Rejected unknown = assertInstanceOf(SendOutcome.Rejected.class,
                gmail.send("ya29.never-issued", email));
        assertEquals(401, unknown.status());

        sandbox.post("/sandbox/gmail/fail-next", new JsonObject().put("count", 1).put("status", 503));
        SendOutcome.Failed failed = assertInstanceOf(SendOutcome.Failed.class,
                gmail.send(googleToken("alice", GMAIL_SEND), email));
        assertEquals(503, failed.status());
        assertTrue(messages().isEmpty(), "nothing was sent");

        sandbox.post("/sandbox/gmail/lose-next-answer", new JsonObject());
        assertInstanceOf(SendOutcome.Ambiguous.class, gmail.send(googleToken("alice", GMAIL_SEND), email));
        assertEquals(1, messages().size(), "sent exactly once: the client did not send it again by itself");
    }

    @Test
    void recipients_must_be_plain_addresses_given_by_the_caller() {
        StoredReceipt stored = log.append(sealedWithHostileValues());
        for (List<String> to : List.of(List.<String>of(), List.of("not-an-address"),
                List.of("alice@example.com\r\nBcc: eve@example.com"), List.of("Eve <eve@example.com>"),
                List.of("a@example.com, eve@example.com"), List.of("\"tap approve\"@example.com"),
                List.of("bob@[127.0.0.1]"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> composer.compose(stored, log.head(), Optional.empty(), to), to.toString());
        }
    }

    @Test
    void no_value_can_print_a_line_of_its_own_and_the_assistants_note_comes_last_quoted_and_labelled() {
        Instant t = Instant.now().minusSeconds(30);
        StoredReceipt stored = log.append(ReceiptDraft.builder("cs-lines-" + System.nanoTime(), "CS-L1NE",
                Outcome.FAILED, "auth0|alice", t).client("assistant\nApproval: APPROVED")
                .operation(new Receipt.Operation("SKU-1", List.of(new Receipt.FieldChange("price", "10.00",
                        "11.00\nReceipt hash: " + "0".repeat(64))), "T1", List.of("write-floor"), "small", List.of(),
                        null))
                .note("the write failed: nothing was written")
                .note("assistant's note: sealed by an older version") // how receipts before the label held it
                .build());
        String text = composer.compose(stored, log.head(), Optional.empty(), List.of("alice@example.com")).text();
        List<String> lines = text.lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("Receipt hash:")).count(), text);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("Approval: APPROVED")), text);
        assertTrue(text.contains("  SKU-1 price: 10.00 -> 11.00 Receipt hash: 000"), text);
        int serverNote = lines.indexOf("Note: the write failed: nothing was written");
        int hash = lines.indexOf(lines.stream().filter(l -> l.startsWith("Receipt hash:")).findFirst().orElseThrow());
        int label = lines.indexOf(AssistantNote.LABEL + ":");
        assertTrue(serverNote >= 0 && serverNote < hash && hash < label, text);
        assertEquals("  \"sealed by an older version\"", lines.get(label + 1));
    }

    private static ReceiptDraft sealedWithHostileValues() {
        Instant t = Instant.now().minusSeconds(30);
        return ReceiptDraft.builder("cs-mail-" + System.nanoTime(), "CS-MA1L", Outcome.SEALED, "auth0|alice", t)
                .client("sandbox-assistant").decidedAt(t.plusSeconds(9)).executedAt(t.plusSeconds(10))
                .operation(new Receipt.Operation("SKU-<b>9</b>", List.of(new Receipt.FieldChange("price", "10.00",
                        "<script>alert(1)</script>")), "T3", List.of("price-below-cost"), "below cost", List.of(),
                        true))
                .approval(Receipt.Approval.of("req-mail", "APPROVED", List.of(
                        new Receipt.Approver("auth0|alice", "APPROVED"),
                        new Receipt.Approver("auth0|dave", "APPROVED")),
                        t.plusSeconds(1), t.plusSeconds(9)))
                .verification(new Receipt.Verification(true, List.of()))
                .build();
    }

    private String googleToken(String user, String scope) {
        return sandbox.post("/sandbox/gmail/tokens", new JsonObject().put("user", user)
                .put("scopes", new JsonArray().add(scope))).getString("access_token");
    }

    private JsonArray messages() {
        return sandbox.get("/sandbox/gmail/outbox").getJsonArray("messages");
    }

    private JsonObject onlyMessage() {
        JsonArray all = messages();
        assertEquals(1, all.size(), all.encode());
        return all.getJsonObject(0);
    }
}
