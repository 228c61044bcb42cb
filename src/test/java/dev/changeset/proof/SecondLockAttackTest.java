package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

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
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14 item 3, the second lock: through a route that bypasses the door ({@link UngatedMcpRoute}), over real
 * HTTP against the running server and the sandbox, a read-only token still cannot write and a token with only
 * {@code openid} cannot read: the tools refuse from the caller's verified scopes. A token with the scope still works
 * there (so the refusals are the scope check, not a broken route). Tally: {@code target/proof/door-second-lock.json}.
 */
@QuarkusTest
@TestProfile(SecondLockProfile.class)
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class SecondLockAttackTest {

    static final ProofRecord PROOF = new ProofRecord("door-second-lock");

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
    void tools_refuse_without_their_scope_on_a_route_that_bypasses_the_door() {
        String reader = sandbox.token("alice", "openid changeset:read");
        String openid = sandbox.token("alice", "openid");
        JsonObject oneMore = new JsonObject().put("sku", "APP-1000").put("delta", 1);

        String session = open(reader);
        WorldState before = WorldState.of(sandbox, db);
        RawHttp.Answer write = http.post(UngatedMcpRoute.PATH, reader, session,
                RawHttp.toolCall("adjust_inventory", oneMore));
        String changed = before.changesSince(sandbox, db).orElse("nothing");
        JsonObject error = error(write);
        record("read-only adjust_inventory, door bypassed", "JSON-RPC security error naming changeset:write, nothing"
                + " changed", write.brief() + "; changed: " + changed, error != null
                        && error.getString("message").contains("changeset:write") && changed.equals("nothing"));

        RawHttp.Answer read = http.post(UngatedMcpRoute.PATH, reader, session,
                RawHttp.toolCall("get_session", new JsonObject()));
        JsonObject ok = read.json();
        record("read-only get_session, door bypassed (control)", "answered for auth0|alice", read.brief(),
                ok != null && ok.getJsonObject("result") != null && ok.encode().contains("auth0|alice"));

        String openidSession = open(openid);
        RawHttp.Answer list = http.post(UngatedMcpRoute.PATH, openid, openidSession,
                RawHttp.toolCall("list_receipts", new JsonObject()));
        JsonObject listError = error(list);
        record("openid-only list_receipts, door bypassed", "JSON-RPC security error naming changeset:read",
                list.brief(), listError != null && listError.getString("message").contains("changeset:read"));
        assertEquals(List.of(), failures);
    }

    private static JsonObject error(RawHttp.Answer answer) {
        JsonObject message = answer.json();
        return message == null ? null : message.getJsonObject("error");
    }

    private String open(String token) {
        RawHttp.Answer init = http.post(UngatedMcpRoute.PATH, token, null, RawHttp.initialize());
        String session = init.header("Mcp-Session-Id");
        if (session == null) {
            throw new AssertionError("no session on the ungated route: " + init.brief());
        }
        http.post(UngatedMcpRoute.PATH, token, session, RawHttp.initialized());
        return session;
    }

    private void record(String name, String expected, String observed, boolean held) {
        PROOF.add(new ProofRecord.Attempt(name, expected, observed, held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + observed);
        }
    }
}
