package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.changeset.sandbox.Sandbox;
import dev.changeset.support.PackagedApp;
import dev.changeset.support.PostgresProfile;
import dev.changeset.support.RequiresPostgres;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The packaged application (production profile, PostgreSQL) as separate processes, the sandbox standing in for
 * Auth0 and Google: a pending approval survives a SIGKILL and the next process resumes polling it and runs the
 * changeset; two replicas on one database never poll the same request at once.
 */
@RequiresPostgres
class ApprovalRestartIT {

    static Sandbox sandbox;
    static SandboxClient control;
    static PGSimpleDataSource db;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(0);
        control = new SandboxClient(sandbox.url());
        db = new PGSimpleDataSource();
        db.setURL(System.getenv(PostgresProfile.URL_ENV));
        db.setUser(System.getenv().getOrDefault(PostgresProfile.USER_ENV, "changeset"));
        db.setPassword(System.getenv().getOrDefault(PostgresProfile.PASSWORD_ENV, ""));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void a_pending_approval_survives_a_kill_and_the_next_process_runs_it() throws Exception {
        Story.resetSandbox(control);
        String id;
        try (PackagedApp first = PackagedApp.start("approval-first", properties(true))) {
            try (Story alice = new Story(first.url(), sandbox.url(), "alice")) {
                JsonObject preview = alice.preview(Story.setPrice("APP-1000", "80.00"));
                id = preview.getString("changesetId");
                assertEquals("AWAITING_APPROVAL", alice.apply(id, 0).getString("state"));
            }
            awaitPolls(2);
            first.kill(); // SIGKILL: nothing is handed over but the rows
        }
        List<Map<String, String>> rows = ApprovalScenes.approvalRows(db, id);
        assertEquals("PENDING", rows.get(0).get("status"), rows.toString());
        int pollsBefore = polls(ApprovalScenes.onlyRequest(control, "alice"));
        control.post("/sandbox/ciba/requests/" + ApprovalScenes.onlyRequest(control, "alice").getString("id")
                + "/approve", new JsonObject()); // the user approves while no process runs

        try (PackagedApp second = PackagedApp.start("approval-second", properties(false));
                Story alice = new Story(second.url(), sandbox.url(), "alice")) {
            JsonObject sealed = ApprovalScenes.awaitState(alice, id, "SEALED", Duration.ofSeconds(60));
            assertEquals(80.0, ((Number) alice.product("APP-1000").getValue("price")).doubleValue(), sealed.encode());
            JsonObject request = ApprovalScenes.onlyRequest(control, "alice");
            assertEquals("redeemed", request.getString("status"), "the second process redeemed the approval");
            assertTrue(polls(request) > pollsBefore, request.encode());
            assertEquals(1, control.get("/sandbox/ciba/requests").getJsonArray("requests").size(), "no second push");
        }
    }

    @Test
    void two_replicas_on_one_database_never_poll_the_same_request_at_once() throws Exception {
        Story.resetSandbox(control);
        control.post("/sandbox/ciba/settings", new JsonObject().put("per_user_per_minute", 1000));
        int changesets = 24;
        try (PackagedApp a = PackagedApp.start("replica-a", properties(true));
                PackagedApp b = PackagedApp.start("replica-b", properties(false));
                Story alice = new Story(a.url(), sandbox.url(), "alice")) {
            for (int i = 0; i < changesets; i++) {
                String id = alice.preview(Story.setPrice("APP-1000", "80.00")).getString("changesetId");
                assertEquals("AWAITING_APPROVAL", alice.apply(id, 0).getString("state"));
            }
            Thread.sleep(8_000); // about eight polls of each request, shared by the two replicas
            control.post("/sandbox/ciba/release", new JsonObject().put("action", "deny"));
            Instant end = Instant.now().plusSeconds(60);
            while (denied() < changesets && Instant.now().isBefore(end)) {
                Thread.sleep(250);
            }
            assertEquals(changesets, denied(), "every changeset ended DENIED with its receipt");

            JsonArray requests = control.get("/sandbox/ciba/requests").getJsonArray("requests");
            assertEquals(changesets, requests.size());
            for (int i = 0; i < requests.size(); i++) {
                JsonObject request = requests.getJsonObject(i);
                assertEquals(0, request.getInteger("slow_downs"), "polled faster than its interval: "
                        + request.encode());
                List<Instant> polls = ApprovalScenes.pollTimes(request);
                for (int p = 1; p < polls.size(); p++) {
                    assertTrue(Duration.between(polls.get(p - 1), polls.get(p)).toMillis() >= 990, "two polls of "
                            + request.getString("id") + " within its 1 s interval: " + polls);
                }
            }
            Map<String, Integer> decided = new HashMap<>();
            for (PackagedApp app : List.of(a, b)) {
                Matcher m = Pattern.compile("approval request sha256:\\w+ of changeset [\\w-]+: DENIED")
                        .matcher(Files.readString(app.log()));
                int count = 0;
                while (m.find()) {
                    count++;
                }
                decided.put(app.log().getFileName().toString(), count);
            }
            assertEquals(changesets, decided.values().stream().mapToInt(Integer::intValue).sum(), decided.toString());
            assertTrue(decided.values().stream().allMatch(n -> n > 0), "both replicas polled: " + decided);
        }
    }

    private static int denied() throws java.sql.SQLException {
        return Integer.parseInt(ApprovalScenes.rows(db, "SELECT COUNT(*) AS n FROM changeset WHERE state = 'DENIED'"
                + " AND receipt_id IS NOT NULL").get(0).get("n"));
    }

    private static void awaitPolls(int count) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(15);
        while (polls(ApprovalScenes.onlyRequest(control, "alice")) < count && Instant.now().isBefore(end)) {
            Thread.sleep(200);
        }
    }

    private static int polls(JsonObject request) {
        return request.getInteger("poll_count");
    }

    /** The production profile on the test database, every outside service being the sandbox. */
    private static Map<String, String> properties(boolean cleanDatabase) {
        Map<String, String> p = new HashMap<>();
        p.put("%prod.changeset.identity.issuer", sandbox.url() + "/");
        p.put("%prod.quarkus.datasource.jdbc.url", System.getenv(PostgresProfile.URL_ENV));
        p.put("%prod.quarkus.datasource.username", System.getenv().getOrDefault(PostgresProfile.USER_ENV, "changeset"));
        p.put("%prod.quarkus.datasource.password", System.getenv().getOrDefault(PostgresProfile.PASSWORD_ENV, ""));
        p.put("quarkus.flyway.clean-at-start", String.valueOf(cleanDatabase));
        p.put("quarkus.flyway.clean-disabled", "false");
        p.put("changeset.vault.client-id", "sandbox-custom-api-client");
        p.put("changeset.vault.client-secret", "sandbox-custom-api-client-secret");
        p.put("changeset.catalog.sheets-root-url", sandbox.url());
        p.put("changeset.catalog.spreadsheet-id", Story.SPREADSHEET);
        p.put("changeset.notify.gmail-root-url", sandbox.url() + "/");
        p.put("changeset.approval.client-id", "sandbox-ciba-client");
        p.put("changeset.approval.client-secret", "sandbox-ciba-secret");
        p.put("changeset.approval.second-approvers", "auth0|dave");
        // 24 approvals wait at once here on purpose (the replicas' polling is what is measured): lift the push bound
        p.put("changeset.approval.push-limits.changeset-max-pending", "100");
        p.put("changeset.approval.push-limits.changeset-max-per-window", "100");
        p.put("changeset.approval.push-limits.phone-max-pending", "100");
        p.put("changeset.approval.push-limits.phone-max-per-window", "100");
        return p;
    }
}
