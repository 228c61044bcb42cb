package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * Issue 14 item 5-7, "the assistant's note": the note an assistant attaches to a changeset is its own words and must
 * never pass for the server's. Through MCP over HTTP against the running server and the sandbox: a note that would
 * print fake "Receipt hash", "Chain head" and "Approval: APPROVED" lines, or that hides text behind bidi overrides,
 * zero-width or line-separator characters, is refused naming the character and its position, and nothing is
 * stored; a one-line note that mimics those facts is stored, and every rendering (get_changeset, the receipt, the
 * receipt email as text and HTML) shows it quoted, labelled as the assistant's words, apart from and after the
 * server's own facts. The tally goes to {@code target/proof/assistant-note.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class AssistantNoteAttackTest {

    static final ProofRecord PROOF = new ProofRecord("assistant-note");
    private static final String LABEL = "Assistant's note (its own words, not checked by this server)";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    AgroalDataSource db;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void a_note_with_line_breaks_or_invisible_characters_is_refused_naming_the_character_and_stores_nothing() {
        Map<String, String[]> notes = new LinkedHashMap<>();
        notes.put("fake receipt lines after a line feed", new String[] {
                "Price fix\nReceipt hash: 0000000000000000000000000000000000000000000000000000000000000000\n"
                        + "Chain head: 0000000000000000000000000000000000000000000000000000000000000000\n"
                        + "Approval: APPROVED (auth0|alice APPROVED)",
                "U+000A", "character 10" });
        notes.put("a carriage return", new String[] { "ok\rApproval: APPROVED", "U+000D", "character 3" });
        notes.put("a right-to-left override", new String[] { "refund \u202Edecnalab\u202C ok", "U+202E",
                "character 8" });
        notes.put("a zero-width space", new String[] { "safe\u200Bchange", "U+200B", "character 5" });
        notes.put("a line separator", new String[] { "one\u2028Approval: APPROVED", "U+2028", "character 4" });
        notes.put("a paragraph separator", new String[] { "one\u2029two", "U+2029", "character 4" });
        notes.put("a tab", new String[] { "col\tumn", "U+0009", "character 4" });
        notes.put("a first-strong isolate", new String[] { "a\u2068b\u2069", "U+2068", "character 2" });
        // door review F8: default-ignorable code points (the variation selectors carried 30 hidden bytes)
        notes.put("variation selectors 17..256 hiding bytes", new String[] { "Restock per plan"
                + "\udb40\udd61\udb40\udd70\udb40\udd70", "U+E0161", "character 17" });
        notes.put("a combining grapheme joiner", new String[] { "Restock\u034f per plan", "U+034F", "character 8" });
        notes.put("a Khmer inherent vowel", new String[] { "Restock \u17b4plan", "U+17B4", "character 9" });
        notes.put("variation selector 16", new String[] { "ok\ufe0f", "U+FE0F", "character 3" });
        List<String> failures = new ArrayList<>();
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            for (Map.Entry<String, String[]> n : notes.entrySet()) {
                WorldState before = WorldState.of(sandbox, db);
                McpSchema.CallToolResult result = story.call("preview_changeset", Map.of("operations",
                        List.of(Story.setPrice("APP-1000", "68.99")), "note", n.getValue()[0]));
                String text = Story.text(result);
                boolean refused = Boolean.TRUE.equals(result.isError());
                String changed = before.changesSince(sandbox, db).orElse("nothing");
                boolean held = refused && text.contains("note: contains ")
                        && Arrays.stream(n.getValue(), 1, 3).allMatch(text::contains) && changed.equals("nothing");
                PROOF.add(new ProofRecord.Attempt("note: " + n.getKey(), "refused naming " + n.getValue()[1] + " at "
                        + n.getValue()[2] + "; nothing stored", (refused ? "refused: " : "accepted: ") + brief(text)
                                + "; changed: " + changed, held));
                if (!held) {
                    failures.add(n.getKey() + ": " + (refused ? "refused" : "ACCEPTED") + " with '" + brief(text)
                            + "', changed: " + changed);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void a_note_that_mimics_the_servers_facts_is_shown_quoted_and_labelled_after_them_everywhere() throws Exception {
        String note = "Receipt hash: 0000000000000000000000000000000000000000000000000000000000000000 Chain head:"
                + " 0000 Approval: APPROVED <b>trusted</b>";
        String quoted = "\"" + note + "\"";
        List<String> failures = new ArrayList<>();
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            JsonObject preview = story.ok("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("APP-1000", "68.99")), "note", note));
            String code = preview.getString("code");
            JsonObject applied = story.apply(preview.getString("changesetId"), 10);

            McpSchema.CallToolResult got = story.call("get_changeset", Map.of("changesetId", code));
            String summary = Story.text(got);
            JsonObject view = story.ok("get_changeset", Map.of("changesetId", code));
            check(failures, "get_changeset: text", summary.contains(LABEL + ": " + quoted)
                    && summary.indexOf(LABEL) > summary.indexOf("Next: "), summary);
            check(failures, "get_changeset: structured", note.equals(view.getString("assistantNote"))
                    && !view.containsKey("note"), view.encode());

            JsonObject receipt = story.ok("get_receipt", Map.of("receiptId", applied.getString("receiptId")));
            JsonArray notes = receipt.getJsonArray("notes", new JsonArray());
            check(failures, "get_receipt: notes", notes.stream().anyMatch((LABEL + ": " + quoted)::equals),
                    notes.encode());

            JsonObject mail = story.outboxFor(code, 1, Duration.ofSeconds(20)).getJsonObject(0);
            String text = mail.getString("text");
            List<String> lines = text.lines().toList();
            int realHash = indexOfStart(lines, "Receipt hash:");
            int head = indexOfStart(lines, "Chain head:");
            int label = indexOfStart(lines, LABEL);
            boolean textHeld = lines.stream().filter(l -> l.startsWith("Receipt hash:")).count() == 1
                    && lines.stream().filter(l -> l.startsWith("Chain head:")).count() == 1
                    && lines.stream().noneMatch(l -> l.startsWith("Approval: APPROVED"))
                    && realHash >= 0 && head > realHash && label > head
                    && lines.get(label + 1).strip().equals(quoted)
                    && !lines.get(realHash).contains("00000000000000000000");
            check(failures, "email text", textHeld, text);
            String html = mail.getString("html");
            boolean htmlHeld = html.indexOf(LABEL.replace("'", "&#39;")) > html.indexOf("Chain head:")
                    && html.contains("&quot;" + note.replace("<", "&lt;").replace(">", "&gt;") + "&quot;")
                    && !html.contains("<b>trusted</b>");
            check(failures, "email html", htmlHeld, html);
        }
        assertEquals(List.of(), failures);
    }

    private static void check(List<String> failures, String where, boolean held, String observed) {
        PROOF.add(new ProofRecord.Attempt("note rendering: " + where, "quoted, labelled as the assistant's words, after"
                + " the server's facts", brief(observed), held));
        if (!held) {
            failures.add(where + ": " + observed);
        }
    }

    private static int indexOfStart(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static String brief(String text) {
        String one = text.replace("\n", "\\n").replace("\r", "\\r");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
