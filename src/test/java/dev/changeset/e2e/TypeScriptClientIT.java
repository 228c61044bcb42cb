package dev.changeset.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.PackagedApp;
import dev.changeset.support.ProdOnSandbox;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxProcess;
import dev.changeset.support.TypeScriptClient;
import io.vertx.core.json.JsonObject;

/**
 * The official MCP TypeScript SDK client against the packaged application (its own process, production profile)
 * whose identity provider is the sandbox (another process). Each scenario is a mode of {@code src/e2e/ts/e2e.mjs}.
 */
class TypeScriptClientIT {

    /** Each scenario run for the proof table ({@code target/proof/e2e-ts.json}). */
    private static final ProofRecord RECORD = new ProofRecord("e2e-ts");

    private static SandboxProcess sandbox;
    private static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TypeScriptClient.nodeAvailable(),
                "node and npm are not installed here, so the TypeScript SDK client cannot run");
        sandbox = SandboxProcess.start("ts-client");
        // get_session touches no database; the story needs the prod profile's PostgreSQL (skipped without it)
        app = ProdOnSandbox.testDatabaseConfigured() ? PackagedStoryIT.startOnTestDatabase("ts-client", sandbox.url())
                : ProdOnSandbox.start("ts-client", sandbox.url(), Map.of("quarkus.flyway.migrate-at-start", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) { // skipped without node: the table then says "not yet measured"
            RECORD.write();
        }
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The "session" mode with a token for {@code user}, expecting the subject {@code auth0|alice}. */
    private static TypeScriptClient.Result sessionAs(String user) throws Exception {
        String token = new SandboxClient(sandbox.url()).token(user, "changeset:read");
        return TypeScriptClient.run("session", Map.of("MCP_URL", app.url() + "/mcp", "MCP_TOKEN", token,
                "EXPECT_SUBJECT", "auth0|alice"), Duration.ofMinutes(2));
    }

    @Test
    void the_typescript_client_lists_the_tools_and_sees_the_caller_in_its_session() throws Exception {
        TypeScriptClient.Result run = sessionAs("alice");
        RECORD.add(new ProofRecord.Attempt("session: tools/list and get_session (official TypeScript SDK)",
                "every check passes", run.result().getInteger("passed") + " passed, "
                        + run.result().getInteger("failed") + " failed", run.ok()));
        assertTrue(run.ok(), run.output());
        assertEquals(0, run.result().getInteger("failed"), run.output());
        assertTrue(run.result().getInteger("passed") >= 10, run.output());
    }

    @Test
    void the_typescript_client_runs_the_whole_story_with_progress_while_the_user_taps_approve() throws Exception {
        assumeTrue(ProdOnSandbox.testDatabaseConfigured(), "no PostgreSQL: set CHANGESET_TEST_PG_URL (.ci/start-postgres)");
        String token = new SandboxClient(sandbox.url()).token("alice", "openid changeset:read changeset:write");
        TypeScriptClient.Result run = TypeScriptClient.run("story", Map.of("MCP_URL", app.url() + "/mcp",
                "MCP_TOKEN", token, "SANDBOX_URL", sandbox.url(), "GUARDIAN_USER", "alice",
                "APPROVE_AFTER_MS", String.valueOf(PackagedStoryIT.APPROVE_AFTER.toMillis()),
                "WAIT_SECONDS", String.valueOf(PackagedStoryIT.WAIT_SECONDS),
                "PROGRESS_EVERY_MS", String.valueOf(PackagedStoryIT.PROGRESS_EVERY.toMillis()),
                "EXPECT_EMAIL", "alice@example.com"), Duration.ofMinutes(3));
        JsonObject facts = run.result().getJsonObject("facts", new JsonObject());
        System.out.println("E2E_TS_STORY " + facts.encode());
        RECORD.add(new ProofRecord.Attempt("story: read, preview, apply, tap Approve on the Guardian page, receipt,"
                + " sheet, email (official TypeScript SDK)", "every check passes", run.result().getInteger("passed")
                        + " passed, " + run.result().getInteger("failed") + " failed", run.ok()));
        RECORD.add(new ProofRecord.Attempt("progress notifications while waiting for the tap (TypeScript SDK)",
                "at least 1, spaced by progress-every (" + facts.getValue("progressEveryMs") + " ms)",
                facts.getValue("progressCount") + " at " + facts.getValue("progressAtMs") + " ms, tap at "
                        + facts.getValue("tappedAtMs") + " ms, answer at " + facts.getValue("answeredAtMs") + " ms",
                run.ok() && facts.getInteger("progressCount", 0) >= 1));
        assertTrue(run.ok(), run.output());
        assertEquals(0, run.result().getInteger("failed"), run.output());
        assertTrue(facts.getInteger("progressCount") >= 1, facts.encode());
    }

    @Test
    void the_client_s_checks_can_fail_a_wrong_subject_is_reported() throws Exception {
        TypeScriptClient.Result run = sessionAs("carol");
        assertFalse(run.ok(), run.output());
        assertTrue(run.result().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .anyMatch(c -> c.getString("name").equals("the subject is the token's") && !c.getBoolean("ok")
                        && "auth0|carol".equals(c.getValue("seen"))), run.output());
    }
}
