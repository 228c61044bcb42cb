package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14 items 1-3 and 8, issue 15 item 4, "the door": tried as an attacker would, over real HTTP (a plain socket,
 * so paths and Host go out exactly as written) against the running server and the sandbox. Every path under
 * {@code /mcp} other than {@code /mcp} itself, including the old HTTP+SSE transport, answers 404 whoever asks, so a
 * read-only token cannot write through it, a foreign Host is never served, another user's session can be neither
 * used nor ended there; a token with only {@code openid} reaches nothing; a null argument is a -32602 naming it; the
 * challenges name the scopes to ask for. The tally goes to {@code target/proof/door.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class DoorAttackTest {

    static final ProofRecord PROOF = new ProofRecord("door");
    private static final String READ_ONLY = "openid changeset:read";
    private static final JsonObject ONE_MORE = new JsonObject().put("sku", "APP-1000").put("delta", 1);

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    AgroalDataSource db;

    SandboxClient sandbox;
    RawHttp http;
    final List<String> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        http = new RawHttp(publicUrl);
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void no_path_but_mcp_itself_answers_mcp_and_a_read_only_token_writes_through_none() {
        String reader = sandbox.token("alice", READ_ONLY);
        String session = open(reader);
        for (String path : List.of("/mcp/", "/mcp/.", "/mcp/./", "/mcp//", "/x/../mcp/", "/MCP", "/Mcp/",
                "/mcp/%2e", "/mcp/sse/..")) {
            RawHttp.Answer init = http.post(path, reader, null, RawHttp.initialize());
            record("initialize on " + path, "404, no session", init.brief(),
                    init.status() == 404 && init.header("Mcp-Session-Id") == null);
            WorldState before = WorldState.of(sandbox, db);
            RawHttp.Answer write = http.post(path, reader, session, RawHttp.toolCall("adjust_inventory", ONE_MORE));
            String changed = before.changesSince(sandbox, db).orElse("nothing");
            record("read-only adjust_inventory on " + path, "404, nothing changed", write.brief() + "; changed: "
                    + changed, write.status() == 404 && changed.equals("nothing"));
        }
        // The exact path, as a control: the door answers 403 with the step-up challenge.
        RawHttp.Answer exact = http.post("/mcp", reader, session, RawHttp.toolCall("adjust_inventory", ONE_MORE));
        String challenge = String.valueOf(exact.header("WWW-Authenticate"));
        record("read-only adjust_inventory on /mcp", "403 insufficient_scope, scope=\"changeset:read changeset:write\"",
                exact.status() + " " + challenge, exact.status() == 403
                        && challenge.contains("error=\"insufficient_scope\"")
                        && challenge.contains("scope=\"changeset:read changeset:write\"")
                        && challenge.contains("resource_metadata=\"" + publicUrl
                                + "/.well-known/oauth-protected-resource/mcp\""));
        assertEquals(List.of(), failures);
    }

    @Test
    void a_foreign_host_is_refused_on_every_mcp_path() {
        String reader = sandbox.token("alice", READ_ONLY);
        for (String path : List.of("/mcp", "/mcp/", "/mcp/.")) {
            RawHttp.Answer answer = http.send("POST", path, Map.of("Host", "rebind.attacker.example",
                    "Authorization", "Bearer " + reader, "Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream"), RawHttp.initialize());
            int expected = path.equals("/mcp") ? 421 : 404;
            record("Host rebind.attacker.example on " + path, String.valueOf(expected), answer.brief(),
                    answer.status() == expected && answer.header("Mcp-Session-Id") == null);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void another_users_session_can_be_neither_used_nor_ended_on_any_path() {
        String alice = sandbox.token("alice", READ_ONLY);
        String bob = sandbox.token("bob", READ_ONLY);
        String session = open(alice);
        for (String path : List.of("/mcp", "/mcp/", "/mcp/.")) {
            RawHttp.Answer used = http.post(path, bob, session, RawHttp.toolCall("get_session", new JsonObject()));
            record("bob uses alice's session on " + path, "404", used.brief(),
                    used.status() == 404 && !used.body().contains("auth0|alice"));
            RawHttp.Answer ended = http.send("DELETE", path, Map.of("Authorization", "Bearer " + bob,
                    "Mcp-Session-Id", session), null);
            record("bob DELETEs alice's session on " + path, "404", ended.brief(), ended.status() == 404);
        }
        RawHttp.Answer still = http.post("/mcp", alice, session, RawHttp.toolCall("get_session", new JsonObject()));
        JsonObject result = still.json();
        record("alice's session after bob's attempts", "alive: get_session answers for auth0|alice", still.brief(),
                still.status() == 200 && result != null && result.getJsonObject("result") != null
                        && result.getJsonObject("result").encode().contains("auth0|alice"));
        assertEquals(List.of(), failures);
    }

    @Test
    void the_old_http_sse_transport_is_not_served() {
        String reader = sandbox.token("alice", READ_ONLY);
        for (String token : new String[] { reader, null }) {
            String who = token == null ? "no token" : "read-only token";
            Map<String, String> headers = token == null ? Map.of("Accept", "text/event-stream")
                    : Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + token);
            RawHttp.Answer sse = http.send("GET", "/mcp/sse", headers, null, 3000);
            record("GET /mcp/sse, " + who, "404, no endpoint event", sse.brief(),
                    sse.status() == 404 && !sse.body().contains("event: endpoint"));
        }
        WorldState before = WorldState.of(sandbox, db);
        String messages = "/mcp/messages/" + java.util.UUID.randomUUID();
        RawHttp.Answer init = http.post(messages, reader, null, RawHttp.initialize());
        RawHttp.Answer write = http.post(messages, reader, null, RawHttp.toolCall("adjust_inventory", ONE_MORE));
        String changed = before.changesSince(sandbox, db).orElse("nothing");
        record("initialize and adjust_inventory on /mcp/messages/{id}", "404 both, nothing changed", init.brief()
                + " / " + write.brief() + "; changed: " + changed, init.status() == 404 && write.status() == 404
                        && changed.equals("nothing"));
        assertEquals(List.of(), failures);
    }

    @Test
    void a_token_with_only_openid_reaches_nothing() throws Exception {
        String receiptId;
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            JsonObject preview = story.ok("preview_changeset", Map.of("operations",
                    List.of(Story.setPrice("APP-1000", "68.99"))));
            receiptId = story.apply(preview.getString("changesetId"), 10).getString("receiptId");
        }
        String openid = sandbox.token("alice", "openid");
        RawHttp.Answer init = http.post("/mcp", openid, null, RawHttp.initialize());
        String challenge = String.valueOf(init.header("WWW-Authenticate"));
        record("openid-only initialize on /mcp", "403 insufficient_scope naming changeset:read", init.status() + " "
                + challenge, init.status() == 403 && challenge.contains("scope=\"changeset:read\"")
                        && init.header("Mcp-Session-Id") == null);
        RawHttp.Answer receipt = http.send("GET", "/receipts/" + receiptId, Map.of("Authorization", "Bearer " + openid),
                null);
        record("openid-only GET /receipts/{own receipt}", "403 insufficient_scope, no receipt", receipt.brief(),
                receipt.status() == 403 && !receipt.body().contains("\"hash\"")
                        && String.valueOf(receipt.header("WWW-Authenticate")).contains("insufficient_scope"));
        RawHttp.Answer list = http.post("/mcp", openid, null, RawHttp.toolCall("list_receipts", new JsonObject()));
        record("openid-only list_receipts", "403, no receipts", list.brief(),
                list.status() == 403 && !list.body().contains(receiptId));
        String reader = sandbox.token("alice", READ_ONLY);
        RawHttp.Answer allowed = http.send("GET", "/receipts/" + receiptId, Map.of("Authorization", "Bearer " + reader),
                null);
        record("changeset:read GET /receipts/{own receipt} (control)", "200", allowed.status() + "",
                allowed.status() == 200);
        assertEquals(List.of(), failures);
    }

    @Test
    void a_missing_token_is_challenged_with_the_scope_to_ask_for() {
        RawHttp.Answer none = http.post("/mcp", null, null, RawHttp.initialize());
        String challenge = String.valueOf(none.header("WWW-Authenticate"));
        record("no token on /mcp", "401 with scope=\"changeset:read\" and resource_metadata", none.status() + " "
                + challenge, none.status() == 401 && challenge.startsWith("Bearer ")
                        && challenge.contains("scope=\"changeset:read\"")
                        && challenge.contains("resource_metadata=\""));
        assertEquals(List.of(), failures);
    }

    @Test
    void a_null_argument_is_invalid_params_naming_it() {
        String writer = sandbox.token("alice", "openid changeset:read changeset:write");
        String session = open(writer);
        Map<String, JsonObject> calls = Map.of(
                "list_receipts", new JsonObject().putNull("user"),
                "read_catalog", new JsonObject().putNull("query"),
                "adjust_inventory", new JsonObject().put("sku", "APP-1000").put("delta", 1).putNull("note"));
        for (Map.Entry<String, JsonObject> call : new java.util.TreeMap<>(calls).entrySet()) {
            String argument = call.getValue().fieldNames().stream().filter(n -> call.getValue().getValue(n) == null)
                    .findFirst().orElseThrow();
            WorldState before = WorldState.of(sandbox, db);
            RawHttp.Answer answer = http.post("/mcp", writer, session, RawHttp.toolCall(call.getKey(), call.getValue()));
            JsonObject message = answer.json();
            JsonObject error = message == null ? null : message.getJsonObject("error");
            String changed = before.changesSince(sandbox, db).orElse("nothing");
            record(call.getKey() + " " + call.getValue().encode(), "-32602 naming '" + argument + "', nothing changed",
                    answer.brief() + "; changed: " + changed, error != null && error.getInteger("code") == -32602
                            && error.getString("message").contains("'" + argument + "'")
                            && changed.equals("nothing"));
        }
        assertEquals(List.of(), failures);
    }

    private String open(String token) {
        RawHttp.Answer init = http.post("/mcp", token, null, RawHttp.initialize());
        String session = init.header("Mcp-Session-Id");
        if (init.status() != 200 || session == null) {
            throw new AssertionError("could not open a session on /mcp: " + init.brief());
        }
        http.post("/mcp", token, session, RawHttp.initialized());
        return session;
    }

    private void record(String name, String expected, String observed, boolean held) {
        PROOF.add(new ProofRecord.Attempt(name, expected, observed, held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + observed);
        }
    }
}
