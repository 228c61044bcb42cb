package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Faults at Auth0 (Token Vault exchange, CIBA start and polling) and at Google Sheets (429, 5xx, answers later than
 * the client waits, lost answers), switched on in the sandbox while alice works over MCP. Each must end closed (no
 * write without approval, never a write twice), with a receipt or a clear error, and the server must recover once
 * the fault is cleared. The tally goes to {@code target/proof/faults.json}; the database's refusals are
 * {@link DatabaseFaultsTest}'s.
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class FaultsTest {

    static final ProofRecord PROOF = new ProofRecord("faults");
    private static final Set<String> ENDED = Set.of("FAILED", "DENIED", "EXPIRED", "STALE", "CANCELLED");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    AgroalDataSource db;

    SandboxClient sandbox;
    Story alice;
    FaultScenes scenes;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("per_user_per_minute", 1000));
        alice = new Story(publicUrl, sandboxUrl, "alice");
        scenes = new FaultScenes(sandbox, alice, PROOF);
        scenes.noTokenCache();
    }

    @AfterEach
    void tearDown() {
        scenes.clear();
        alice.close();
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void auth0_token_vault_failing_slow_or_down() {
        List<String> failures = new ArrayList<>();
        scenes.tokenVault(503, 1, 0);
        failures.addAll(previewRefused("Token Vault answers 503 (preview)", "APP-1000", "Token Vault is unavailable",
                "503"));
        scenes.tokenVault(429, 1, 0);
        failures.addAll(previewRefused("Token Vault answers 429 (preview)", "APP-1008", "rate limiting"));
        scenes.tokenVault(503, 0, 3000);
        failures.addAll(previewRefused("Token Vault answers after 3 s, the client waits 2 s (preview)", "APP-1020",
                "no answer from Auth0 in time"));
        scenes.auth0("token-vault", "drop", 0, 0, -1);
        failures.addAll(previewRefused("Auth0 down: the Token Vault connection drops (preview)", "APP-1024",
                "no answer from Auth0"));
        scenes.tokenVault(503, 0, 1000);
        String sheet = scenes.sheet();
        JsonObject slow = scenes.apply(scenes.previewT1("APP-1000"), 20);
        failures.addAll(scenes.record("Token Vault answers after 1 s, within the timeout (preview and apply)",
                "slower, and SEALED", slow.getString("state"), slow.getString("state").equals("SEALED")
                        && !sheet.equals(scenes.sheet())));
        scenes.clear();

        String id = scenes.previewT1("APP-1008");
        sheet = scenes.sheet();
        long mark = scenes.mark();
        scenes.tokenVault(500, 1000, 0);
        JsonObject applied = scenes.apply(id, 20);
        int[] writes = scenes.writes(mark);
        boolean held = applied.getString("state").equals("FAILED") && applied.getString("receiptId") != null
                && writes[0] == 0 && sheet.equals(scenes.sheet()) && scenes.recovers("APP-1008");
        failures.addAll(scenes.record("Token Vault answers 500 to the Writer's exchange (apply)",
                "FAILED with a receipt, nothing written; recovers", applied.getString("state") + " receipt "
                        + applied.getString("receiptId") + ", writes " + writes[0] + ": " + applied.getString("detail"),
                held));
        assertEquals(List.of(), failures);
    }

    @Test
    void auth0_ciba_failing_slow_or_down() throws Exception {
        List<String> failures = new ArrayList<>();
        scenes.auth0("bc-authorize", "error", 503, 0, 1);
        failures.addAll(approvalNotStarted("/bc-authorize answers 503", "APP-1000", 0, "could not be sent"));
        scenes.auth0("bc-authorize", "drop", 0, 0, -1);
        failures.addAll(approvalNotStarted("Auth0 down: /bc-authorize drops the connection", "APP-1008", 0,
                "could not be sent"));
        // The push still reaches the phone after the client gave up; approving it must run nothing.
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 100));
        scenes.auth0("bc-authorize", "latency", 0, 3000, 1);
        failures.addAll(approvalNotStarted("/bc-authorize answers after 3 s, the client waits 2 s; the late push is"
                + " approved", "APP-1020", 1, "could not be sent"));

        scenes.auth0("ciba-poll", "error", 503, 0, -1);
        failures.addAll(pollingOutage("CIBA polling answers 503 while the user approves"));
        scenes.auth0("ciba-poll", "drop", 0, 0, -1);
        failures.addAll(pollingOutage("Auth0 down: CIBA polling connections drop while the user approves"));

        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 200));
        scenes.auth0("ciba-poll", "drop", 0, 0, -1);
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        JsonObject expired = scenes.apply(alice.preview(Story.setPrice("APP-1008", scenes.t2("APP-1008")))
                .getString("changesetId"), 14);
        for (int i = 0; i < 20 && !ENDED.contains(expired.getString("state")); i++) {
            Thread.sleep(500);
            expired = alice.ok("get_changeset", Map.of("changesetId", expired.getString("changesetId")));
        }
        boolean held = expired.getString("state").equals("EXPIRED") && expired.getString("receiptId") != null
                && scenes.writes(mark)[0] == 0 && sheet.equals(scenes.sheet())
                && scenes.recoversWithApproval("APP-1024");
        failures.addAll(scenes.record("Auth0 down for CIBA polling until the approval's hard deadline",
                "EXPIRED with a receipt, nothing written; recovers", expired.getString("state") + ": "
                        + expired.getString("detail"), held));
        assertEquals(List.of(), failures);
    }

    @Test
    void google_sheets_failing_slow_or_losing_answers() throws Exception {
        List<String> failures = new ArrayList<>();
        scenes.google("error", "read", 429, 0, -1);
        failures.addAll(previewRefused("Sheets answers 429 to every read (preview)", "APP-1000", "limiting requests",
                "429"));
        scenes.google("error", "read", 503, 0, -1);
        failures.addAll(previewRefused("Sheets answers 503 to every read (preview)", "APP-1008",
                "not answering properly"));
        scenes.google("latency", "read", 0, 3000, -1);
        failures.addAll(previewRefused("Sheets reads answer after 3 s, the client waits 2 s (preview)", "APP-1020",
                "not answering properly"));
        scenes.google("error", "read", 429, 0, 2);
        failures.addAll(written("Sheets answers 429 to two reads (retried)", "APP-1024", null, "SEALED", 1, 1));
        failures.addAll(written("Sheets answers 429 to the write once (retried)", "APP-1000",
                new JsonObject().put("kind", "error").put("on", "write").put("status", 429).put("count", 1),
                "SEALED", 2, 1));
        failures.addAll(written("Sheets answers 503 to the write (not applied, never retried)", "APP-1008",
                new JsonObject().put("kind", "error").put("on", "write").put("status", 503).put("count", 1),
                "FAILED", 1, 0));
        failures.addAll(written("Sheets applies the write and the answer is lost", "APP-1020",
                new JsonObject().put("kind", "lose-write-answer").put("count", 1), "SEALED", 1, 1));
        failures.addAll(lateWrite());
        assertEquals(List.of(), failures);
    }

    /** The write lands after the client stopped waiting: whatever the server says must match the sheet. */
    private List<String> lateWrite() throws InterruptedException {
        String sku = "APP-1024";
        String price = scenes.t1(sku);
        String id = scenes.previewT1(sku, price);
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        scenes.google("latency", "write", 0, 3000, 1);
        JsonObject applied = scenes.apply(id, 20);
        Thread.sleep(4000); // the write lands 3 s after it was sent
        applied = alice.ok("get_changeset", Map.of("changesetId", id));
        boolean landed = !sheet.equals(scenes.sheet());
        int[] writes = scenes.writes(mark);
        String state = applied.getString("state");
        boolean truthful = landed ? state.equals("SEALED") || state.equals("EXECUTING")
                : ENDED.contains(state) || state.equals("EXECUTING");
        boolean held = writes[0] == 1 && truthful && (applied.getString("receiptId") != null || state.equals(
                "EXECUTING")) && scenes.recovers("APP-1000");
        return scenes.record("Sheets write answers after 3 s, the client waits 2 s",
                "one write; the changeset's account matches the sheet", state + " (" + applied.getString("detail")
                        + "), the write " + (landed ? "landed" : "did not land") + ", " + writes[0] + " write(s)",
                held);
    }

    private List<String> written(String fault, String sku, JsonObject writeFault, String state, int attempts,
            int landed) {
        String price = scenes.t1(sku);
        String id = scenes.previewT1(sku, price);
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        if (writeFault != null) {
            sandbox.post("/sandbox/google/faults", writeFault);
        }
        JsonObject applied = scenes.apply(id, 20);
        int[] writes = scenes.writes(mark);
        boolean sheetMatches = landed == 1 ? scenes.price(sku).compareTo(new BigDecimal(price)) == 0
                : sheet.equals(scenes.sheet());
        boolean held = applied.getString("state").equals(state) && applied.getString("receiptId") != null
                && writes[0] == attempts && writes[1] == landed && sheetMatches
                && scenes.recovers(sku);
        return scenes.record(fault, state + " with a receipt, " + landed + " write landed of " + attempts,
                applied.getString("state") + " receipt " + applied.getString("receiptId") + ", writes " + writes[0]
                        + "/" + writes[1] + ": " + applied.getString("detail"), held);
    }

    private List<String> previewRefused(String fault, String sku, String... fragments) {
        WorldState before = WorldState.of(sandbox, db);
        McpSchema.CallToolResult result = alice.call("preview_changeset", Map.of("operations",
                List.of(Story.setPrice(sku, "1.00"))));
        String error = Story.text(result);
        boolean clear = Boolean.TRUE.equals(result.isError()) && List.of(fragments).stream().allMatch(error::contains);
        Optional<String> changed = before.changesSince(sandbox, db);
        boolean held = clear && changed.isEmpty() && scenes.recovers(sku);
        return scenes.record(fault, "a clear error naming the problem, nothing stored; recovers",
                error + changed.map(c -> " [" + c + "]").orElse(""), held);
    }

    /** The CIBA request could not be started: FAILED with a receipt, nothing written, and a later push runs nothing. */
    private List<String> approvalNotStarted(String fault, String sku, int pushes, String fragment)
            throws InterruptedException {
        String id = alice.preview(Story.setPrice(sku, scenes.t2(sku))).getString("changesetId");
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        JsonObject applied = scenes.apply(id, 10);
        Thread.sleep(pushes > 0 ? 4000 : 0); // the late push arrives and is approved
        applied = alice.ok("get_changeset", Map.of("changesetId", id));
        int pushed = scenes.pushes();
        boolean held = applied.getString("state").equals("FAILED") && applied.getString("receiptId") != null
                && applied.getString("detail").contains(fragment) && pushed == pushes
                && scenes.writes(mark)[0] == 0 && sheet.equals(scenes.sheet())
                && scenes.recoversWithApproval("APP-1024");
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("per_user_per_minute", 1000));
        return scenes.record(fault, "FAILED with a receipt, no write even if a late push is approved; recovers",
                applied.getString("state") + ": " + applied.getString("detail") + "; pushes " + pushed, held);
    }

    /** Polls fail while the user approves: no write meanwhile; once Auth0 answers again, one write, no second push. */
    private List<String> pollingOutage(String fault) {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        String id = alice.preview(Story.setPrice("APP-1000", scenes.t2("APP-1000"))).getString("changesetId");
        String sheet = scenes.sheet();
        long mark = scenes.mark();
        JsonObject waiting = scenes.apply(id, 4);
        boolean closed = waiting.getString("state").equals("AWAITING_APPROVAL") && sheet.equals(scenes.sheet())
                && scenes.writes(mark)[0] == 0;
        scenes.clear();
        JsonObject applied = scenes.apply(id, 12);
        int[] writes = scenes.writes(mark);
        int pushed = scenes.pushes();
        boolean held = closed && applied.getString("state").equals("SEALED") && pushed == 1
                && writes[0] == 1 && writes[1] == 1;
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("per_user_per_minute", 1000));
        return scenes.record(fault, "AWAITING_APPROVAL and nothing written during the outage; then SEALED, one"
                + " push, one write", waiting.getString("state") + " during, " + applied.getString("state")
                        + " after; pushes " + pushed + ", writes " + writes[0], held);
    }
}
