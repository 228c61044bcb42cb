package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.ChangesetConfig;
import dev.changeset.sandbox.SandboxCiba;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The CIBA client over real HTTP against the sandbox tenant: every outcome a request can have. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class CibaClientTest {

    @Inject
    CibaClient client;
    @Inject
    ApprovalConfig approvalConfig;
    @Inject
    ChangesetConfig changesetConfig;
    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;

    SandboxClient sandbox;

    static final List<ApprovalItem> ITEMS = List.of(
            new ApprovalItem("SKU-1001", "price", "19.99", "17.99", "T2"),
            new ApprovalItem("SKU-1002", "stock", "40", "0", "T2"));

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1));
    }

    static CibaClient.Request request(String subject, String code) {
        BindingMessage message = BindingMessage.forChangeset(code, ITEMS.size(), "T2");
        return new CibaClient.Request(subject, message, ApprovalDetails.of("cs-" + code, code, message, ITEMS));
    }

    /** Polls at the request's interval until a decision or {@code within}; the last outcome. */
    PollOutcome pollUntilDecided(CibaClient.Started started, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        Duration interval = started.interval();
        PollOutcome outcome;
        do {
            Thread.sleep(interval.toMillis());
            outcome = client.poll(started.authReqId());
            if (outcome instanceof PollOutcome.SlowDown slow) {
                interval = slow.nextInterval(interval);
            }
        } while ((outcome instanceof PollOutcome.Pending || outcome instanceof PollOutcome.SlowDown)
                && Instant.now().isBefore(end));
        return outcome;
    }

    JsonObject onlyRequest() {
        JsonArray requests = sandbox.get("/sandbox/ciba/requests").getJsonArray("requests");
        assertEquals(1, requests.size(), requests.encodePrettily());
        return requests.getJsonObject(0);
    }

    /** The test application's MCP resource, the API the sandbox serves and the audience CIBA asks for. */
    private String mcpResource() {
        return changesetConfig.publicUrl() + "/mcp";
    }

    static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void dev_and_test_settings_are_the_sandbox_tenants_client() {
        assertEquals(SandboxCiba.CLIENT_ID, approvalConfig.clientId());
        assertEquals(SandboxCiba.CLIENT_SECRET, approvalConfig.clientSecret());
        assertTrue(SandboxCiba.REGISTERED_DETAIL_TYPES.contains(ApprovalDetails.TYPE));
        assertEquals(mcpResource(), changesetConfig.identity().apiAudience(), "the audience is the MCP resource");
        assertEquals(Optional.of(List.of("auth0|dave")), approvalConfig.secondApprovers());
    }

    @Test
    void an_approval_returns_a_token_for_this_api_and_the_details_the_user_saw() throws Exception {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve")
                .put("after_ms", 300));
        CibaClient.Request request = request("auth0|alice", "CS-7F3K");
        CibaClient.Started started = client.start(request);
        assertEquals(Duration.ofSeconds(300), started.expiresIn());
        assertEquals(Duration.ofSeconds(1), started.interval());

        PollOutcome outcome = pollUntilDecided(started, Duration.ofSeconds(10));
        PollOutcome.Approved approved = assertInstanceOf(PollOutcome.Approved.class, outcome);
        JsonObject token = claims(approved.accessToken().reveal());
        assertEquals("auth0|alice", token.getString("sub"));
        assertTrue(token.getJsonArray("aud").contains(mcpResource()), token.encode());
        assertEquals(SandboxCiba.CLIENT_ID, token.getString("azp"));
        assertEquals("openid", approved.scope());
        assertEquals(Duration.ofSeconds(3600), approved.expiresIn());

        // What was approved is what was sent: the echoed details equal them, and bind exactly these operations.
        String sent = request.details().orElseThrow().json();
        assertEquals(new JsonArray(sent), new JsonArray(approved.authorizationDetails().orElseThrow()));
        assertEquals(Optional.of(ApprovalDetails.operationsHash(List.copyOf(ITEMS))), approved.echoedOperationsHash());

        JsonObject received = onlyRequest();
        assertEquals("auth0|alice", received.getString("subject"));
        assertEquals("Approve CS-7F3K: 2 changes, max T2", received.getString("binding_message"));
        assertEquals(mcpResource(), received.getString("audience"));
        assertEquals(300, received.getInteger("requested_expiry"));
        assertEquals("guardian-push", received.getString("channel"), "never the email channel");
        assertEquals("openid", received.getString("scope"));
        assertEquals(new JsonArray(sent), received.getJsonArray("authorization_details"));
    }

    @Test
    void an_auth_req_id_is_single_use() throws Exception {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "approve"));
        CibaClient.Started started = client.start(request("auth0|alice", "CS-ONCE"));
        assertInstanceOf(PollOutcome.Approved.class, pollUntilDecided(started, Duration.ofSeconds(10)));
        Thread.sleep(1000);
        PollOutcome again = client.poll(started.authReqId());
        assertInstanceOf(PollOutcome.Invalid.class, again);
        assertInstanceOf(PollOutcome.Invalid.class, client.poll(AuthReqId.of("made-up-id")));
    }

    @Test
    void a_denial_is_denied() throws Exception {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "deny")
                .put("after_ms", 200));
        CibaClient.Started started = client.start(request("auth0|alice", "CS-DENY"));
        PollOutcome outcome = pollUntilDecided(started, Duration.ofSeconds(10));
        PollOutcome.Denied denied = assertInstanceOf(PollOutcome.Denied.class, outcome);
        assertTrue(denied.description().contains("denied"), denied.description());
    }

    @Test
    void an_unanswered_request_expires_as_auth0_says_it_and_as_ciba_core_does() throws Exception {
        CibaClient.Request base = request("auth0|alice", "CS-LATE");
        CibaClient.Request quick = new CibaClient.Request(base.subject(), base.bindingMessage(), base.details(),
                Optional.of(Duration.ofSeconds(1)));
        CibaClient.Started started = client.start(quick);
        assertEquals(Duration.ofSeconds(1), started.expiresIn());
        Thread.sleep(1200);
        assertInstanceOf(PollOutcome.Denied.class, client.poll(started.authReqId()), "Auth0: access_denied");

        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("expired_error", "expired_token"));
        CibaClient.Started second = client.start(quick);
        Thread.sleep(1200);
        assertInstanceOf(PollOutcome.Expired.class, client.poll(second.authReqId()), "CIBA Core: expired_token");
    }

    @Test
    void polling_too_fast_is_slowed_down_by_5_seconds_each_time() throws Exception {
        CibaClient.Started started = client.start(request("auth0|alice", "CS-FAST"));
        Duration interval = started.interval();
        assertInstanceOf(PollOutcome.Pending.class, client.poll(started.authReqId()));
        PollOutcome.SlowDown first = assertInstanceOf(PollOutcome.SlowDown.class, client.poll(started.authReqId()));
        interval = first.nextInterval(interval);
        assertEquals(Duration.ofSeconds(6), interval);
        PollOutcome.SlowDown second = assertInstanceOf(PollOutcome.SlowDown.class, client.poll(started.authReqId()));
        interval = second.nextInterval(interval);
        assertEquals(Duration.ofSeconds(11), interval);
        JsonObject received = onlyRequest();
        assertEquals(11, received.getInteger("interval"));
        assertEquals(2, received.getInteger("slow_downs"));
        assertEquals(3, received.getInteger("poll_count"));
    }

    @Test
    void slow_down_is_read_by_its_error_code_whether_it_comes_as_400_or_429_and_retry_after_is_kept() throws Exception {
        for (int status : new int[] { 400, 429 }) {
            sandbox.post("/sandbox/ciba/reset", new JsonObject());
            sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("slow_down_status", status)
                    .put("slow_down_body_interval", false));
            sandbox.post("/sandbox/ciba/slow-down", new JsonObject().put("user", "alice").put("polls", 1)
                    .put("retry_after", 12));
            CibaClient.Started started = client.start(request("auth0|alice", "CS-S" + status));
            PollOutcome.SlowDown slow = assertInstanceOf(PollOutcome.SlowDown.class, client.poll(started.authReqId()),
                    "slow_down as " + status);
            assertEquals(Optional.of(Duration.ofSeconds(12)), slow.retryAfter(), "Retry-After on a " + status);
            assertEquals(Optional.empty(), slow.serverInterval());
            assertEquals(Duration.ofSeconds(12), slow.nextInterval(started.interval()),
                    "Retry-After wins over 1 s + the 5 s step");
        }
    }

    @Test
    void retry_after_is_read_in_seconds_or_as_an_http_date_in_any_case() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), CibaClient.retryAfterHeader(Map.of("Retry-After", "7")));
        assertEquals(Optional.of(Duration.ofSeconds(7)), CibaClient.retryAfterHeader(Map.of("retry-after", " 7 ")));
        Duration date = CibaClient.retryAfterHeader(Map.of("retry-after", java.time.format.DateTimeFormatter
                .RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30))))
                .orElseThrow();
        assertTrue(date.toSeconds() >= 28 && date.toSeconds() <= 30, date.toString());
        assertEquals(Optional.empty(), CibaClient.retryAfterHeader(Map.of("retry-after", "soon")));
        assertEquals(Optional.empty(), CibaClient.retryAfterHeader(Map.of("retry-after", "0")));
        assertEquals(Optional.empty(), CibaClient.retryAfterHeader(Map.of()));
    }

    @Test
    void the_tenants_limits_refuse_anyones_request_saying_it_is_the_tenant_and_when_to_retry() throws Exception {
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("tenant_per_minute", 2));
        client.start(request("auth0|alice", "CS-T1"));
        client.start(request("auth0|dave", "CS-T2"));
        CibaRequestFailed third = assertThrows(CibaRequestFailed.class,
                () -> client.start(request("auth0|carol", "CS-T3")));
        assertEquals(CibaRequestFailed.Reason.TOO_MANY_REQUESTS, third.reason());
        assertTrue(third.getMessage().contains("a tenant limit") && third.getMessage().contains("2 back-channel"),
                third.getMessage());
        assertTrue(third.retryAfter().orElseThrow().toSeconds() >= 1, third.retryAfter().toString());

        sandbox.post("/sandbox/ciba/reset", new JsonObject());
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("max_pending", 1));
        CibaClient.Started first = client.start(request("auth0|alice", "CS-P1"));
        CibaRequestFailed second = assertThrows(CibaRequestFailed.class,
                () -> client.start(request("auth0|dave", "CS-P2")));
        assertEquals(CibaRequestFailed.Reason.TOO_MANY_REQUESTS, second.reason());
        assertTrue(second.getMessage().contains("concurrent CIBA transactions"), second.getMessage());
        sandbox.post("/sandbox/ciba/requests/" + onlyRequest().getString("id") + "/deny", new JsonObject());
        assertInstanceOf(PollOutcome.Denied.class, client.poll(first.authReqId()));
        client.start(request("auth0|dave", "CS-P3")); // one answered: room for the next
    }

    @Test
    void the_sixth_request_in_a_minute_is_refused_with_when_to_retry() throws Exception {
        for (int i = 1; i <= 5; i++) {
            client.start(request("auth0|alice", "CS-" + i));
        }
        CibaRequestFailed sixth = assertThrows(CibaRequestFailed.class,
                () -> client.start(request("auth0|alice", "CS-6")));
        assertEquals(CibaRequestFailed.Reason.TOO_MANY_REQUESTS, sixth.reason());
        assertEquals(Optional.of("too_many_requests"), sixth.error());
        Duration retry = sixth.retryAfter().orElseThrow();
        assertTrue(!retry.isNegative() && retry.compareTo(Duration.ofSeconds(60)) <= 0, retry.toString());
        assertEquals(5, sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").size());
        client.start(request("auth0|dave", "CS-7")); // the limit is per user
    }

    @Test
    void a_user_without_guardian_enrollment_is_told_so_and_nothing_else_is() {
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("email_channel", false));
        sandbox.post("/sandbox/ciba/enrollment", new JsonObject().put("user", "bob").put("enrolled", false));
        CibaRequestFailed noEnrollment = assertThrows(CibaRequestFailed.class,
                () -> client.start(request("auth0|bob", "CS-BOB")));
        assertEquals(CibaRequestFailed.Reason.NO_ENROLLMENT, noEnrollment.reason());
        assertTrue(noEnrollment.getMessage().contains("Guardian"), noEnrollment.getMessage());

        CibaRequestFailed unknown = assertThrows(CibaRequestFailed.class,
                () -> client.start(request("auth0|nobody", "CS-NOBODY")));
        assertEquals(CibaRequestFailed.Reason.REJECTED, unknown.reason());

        // Another invalid_request (here an audience the tenant does not know) is not read as "no enrollment".
        CibaClient otherApi = new CibaClient(approvalConfig, TestConfigs.override(ChangesetConfig.class,
                changesetConfig, Map.of("identity", TestConfigs.override(ChangesetConfig.Identity.class,
                        changesetConfig.identity(), Map.of("apiAudience", "https://elsewhere.example/api")))));
        CibaRequestFailed rejected = assertThrows(CibaRequestFailed.class,
                () -> otherApi.start(request("auth0|alice", "CS-API")));
        assertEquals(CibaRequestFailed.Reason.REJECTED, rejected.reason());
        assertEquals(Optional.of("invalid_request"), rejected.error());
        assertTrue(rejected.getMessage().contains("Service not found"), rejected.getMessage());
    }

    @Test
    void a_wrong_client_secret_is_a_misconfiguration_never_a_denial() throws Exception {
        CibaClient.Started started = client.start(request("auth0|alice", "CS-CFG"));
        CibaClient wrongSecret = new CibaClient(TestConfigs.override(ApprovalConfig.class, approvalConfig,
                Map.of("clientSecret", "not-the-secret")), changesetConfig);
        CibaRequestFailed refused = assertThrows(CibaRequestFailed.class,
                () -> wrongSecret.start(request("auth0|alice", "CS-CFG2")));
        assertEquals(CibaRequestFailed.Reason.CLIENT_MISCONFIGURED, refused.reason());
        PollOutcome.Unavailable poll = assertInstanceOf(PollOutcome.Unavailable.class,
                wrongSecret.poll(started.authReqId()));
        assertEquals(PollOutcome.Reason.CLIENT_MISCONFIGURED, poll.reason());
    }

    @Test
    void an_unreachable_tenant_is_unavailable_not_a_decision() {
        CibaClient nowhere = new CibaClient(approvalConfig, TestConfigs.override(ChangesetConfig.class,
                changesetConfig, Map.of("identity", TestConfigs.override(ChangesetConfig.Identity.class,
                        changesetConfig.identity(), Map.of("issuer", URI.create("http://127.0.0.1:1/"))))));
        CibaRequestFailed failed = assertThrows(CibaRequestFailed.class,
                () -> nowhere.start(request("auth0|alice", "CS-OFF")));
        assertEquals(CibaRequestFailed.Reason.UNAVAILABLE, failed.reason());
        PollOutcome.Unavailable poll = assertInstanceOf(PollOutcome.Unavailable.class,
                nowhere.poll(AuthReqId.of("whatever")));
        assertEquals(PollOutcome.Reason.NETWORK, poll.reason());
    }

    @Test
    void bad_binding_messages_and_expiries_are_refused_before_any_http_call() {
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of("Approve it? <yes>"));
        assertThrows(BindingMessage.Invalid.class, () -> BindingMessage.of("x".repeat(65)));
        BindingMessage ok = BindingMessage.forChangeset("CS-1", 1, "T2");
        assertThrows(IllegalArgumentException.class, () -> new CibaClient.Request("auth0|alice", ok,
                Optional.empty(), Optional.of(Duration.ofSeconds(301))));
        assertThrows(IllegalArgumentException.class, () -> new CibaClient.Request("auth0|alice bob", ok,
                Optional.empty(), Optional.empty()));
        assertEquals(0, sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").size());
    }

    @Test
    void a_second_approver_gets_a_request_of_their_own() throws Exception {
        List<ApprovalItem> t3 = List.of(new ApprovalItem("SKU-1001", "price", "19.99", "4.99", "T3"));
        BindingMessage message = BindingMessage.forSecondApproval("CS-4EYE", t3.size(), "T3");
        CibaClient.Started started = client.start(new CibaClient.Request("auth0|dave", message,
                ApprovalDetails.of("cs-4eye", "CS-4EYE", message, t3)));
        JsonObject received = onlyRequest();
        assertEquals("auth0|dave", received.getString("subject"));
        assertEquals("2nd approval CS-4EYE: 1 change, max T3", received.getString("binding_message"));
        assertFalse(started.toString().contains(started.authReqId().reveal()));
    }
}
