package dev.changeset.signals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.pipeline.PolicyFacts;
import dev.changeset.policy.OperationDecision;
import dev.changeset.policy.OperationFacts;
import dev.changeset.policy.Policy;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.Tier;
import dev.changeset.policy.UserState;
import dev.changeset.support.GuardianPhone;
import dev.changeset.support.McpWire;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The sidecar's endpoint over HTTP with real sandbox tokens (the sidecar's: scope {@code changeset:signals}, client
 * {@code sandbox-signals-sidecar}), and what the policy then sees for the caller: a signal escalates, a switched-off
 * user or an expired signal does not, the subject is always the token's, and the session's age comes from the MCP
 * session's start.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class UserStateEndpointTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;
    @Inject
    UserStates states;
    @Inject
    PolicyFacts facts;
    @Inject
    Policy policy;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sandbox.post("/sandbox/ciba/reset", new io.vertx.core.json.JsonObject());
        sandbox.post("/sandbox/ciba/settings", new io.vertx.core.json.JsonObject().put("interval", 1));
        cleanSlate(); // each test starts from a clean slate for the users it uses
    }

    /** A stressed signal left behind would escalate the writes of every later test class in this JVM. */
    @AfterEach
    void cleanSlate() {
        for (String subject : List.of("auth0|alice", "auth0|carol", "auth0|dave")) {
            states.switchOn(subject);
            states.forget(subject);
        }
    }

    private String sidecar(String user) {
        return sandbox.token(new io.vertx.core.json.JsonObject().put("user", user).put("scope", "changeset:signals")
                .put("client_id", "sandbox-signals-sidecar"));
    }

    private UserState stateOf(String subject) {
        return facts.userState(subject, Optional.empty());
    }

    @Test
    void a_posted_signal_counts_for_the_token_subject_and_escalates_writes() {
        String alice = sidecar("alice");
        post(alice, "{\"stress\": 0.71, \"state\": \"stressed\", \"subject\": \"auth0|dave\"}").statusCode(400)
                .body("message", containsString("unknown field 'subject'"));
        post(alice, "{\"stress\": 0.71, \"state\": \"stressed\"}").statusCode(200)
                .body("stress", equalTo(0.71f)).body("state", equalTo("stressed"));
        given().auth().oauth2(alice).get("/user-state").then().statusCode(200)
                .body("signalsEnabled", equalTo(true)).body("signal.state", equalTo("stressed"));

        UserState aliceState = stateOf("auth0|alice");
        assertEquals(Optional.of(new BigDecimal("0.71")), aliceState.stress());
        assertEquals(Tier.T2, smallMove(aliceState).tier());
        assertEquals(List.of("write-floor", "user-state-escalation"), smallMove(aliceState).rulesFired());
        // Nobody else is affected.
        assertEquals(Optional.empty(), stateOf("auth0|dave").stress());
        assertEquals(Tier.T1, smallMove(stateOf("auth0|dave")).tier());
    }

    @Test
    void stress_at_the_threshold_does_not_escalate() {
        String alice = sidecar("alice");
        post(alice, "{\"stress\": 0.7, \"state\": \"calm\"}").statusCode(200);
        assertEquals(Tier.T1, smallMove(stateOf("auth0|alice")).tier());
    }

    @Test
    void invalid_signals_are_refused_with_a_specific_message_and_kept_nowhere() {
        String alice = sidecar("alice");
        post(alice, "{\"stress\": 1.5, \"state\": \"calm\"}").statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("stress must be from 0 to 1, got 1.5"));
        post(alice, "{\"stress\": -0.1, \"state\": \"calm\"}").statusCode(400)
                .body("message", equalTo("stress must be from 0 to 1, got -0.1"));
        post(alice, "{\"stress\": \"high\", \"state\": \"calm\"}").statusCode(400)
                .body("message", equalTo("stress must be a number from 0 to 1, not string"));
        post(alice, "{\"state\": \"calm\"}").statusCode(400)
                .body("message", equalTo("stress is required: a number from 0 to 1"));
        post(alice, "{\"stress\": 0.9, \"state\": \"angry\"}").statusCode(400)
                .body("message", equalTo("state must be one of calm, stressed, rushed, uncertain, got 'angry'"));
        post(alice, "{\"stress\": 0.9}").statusCode(400)
                .body("message", equalTo("state is required: one of calm, stressed, rushed, uncertain"));
        post(alice, "{\"stress\": 0.9, \"state\": \"rushed\", \"ttlSeconds\": 0}").statusCode(400)
                .body("message", equalTo("ttlSeconds must be a whole number of seconds, at least 1"));
        post(alice, "[0.9]").statusCode(400).body("message", containsString("must be a JSON object"));
        assertEquals(Optional.empty(), states.live("auth0|alice"));
    }

    @Test
    void switched_off_signals_are_dropped_and_the_user_state_rule_ignores_the_user() throws Exception {
        String alice = sidecar("alice");
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(200);
        switchTo(alice, false).statusCode(202).body("switchOffPending", equalTo(true))
                .body("bindingMessage", equalTo("Turn user-state signals off: fewer approvals"));
        switchTo(alice, false).statusCode(202); // asking again resumes the request that waits: still one push
        assertEquals(1, sandbox.get("/sandbox/ciba/requests?user=alice").getJsonArray("requests").size());
        assertTrue(stateOf("auth0|alice").signalsEnabled(), "not off before the person approves");
        assertTrue(new GuardianPhone(sandboxUrl, "alice").approveAt("signals off", Instant.now(),
                Instant.now().plusSeconds(10)).isPresent());
        Instant end = Instant.now().plusSeconds(20);
        while (stateOf("auth0|alice").signalsEnabled() && Instant.now().isBefore(end)) {
            Thread.sleep(100);
        }
        given().auth().oauth2(alice).get("/user-state").then().statusCode(200)
                .body("signalsEnabled", equalTo(false)).body("signal", nullValue())
                .body("switchOffPending", equalTo(false));
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(409)
                .body("error", equalTo("signals_off"));
        UserState off = stateOf("auth0|alice");
        assertFalse(off.signalsEnabled());
        assertEquals(Optional.empty(), off.stress());
        assertEquals(Tier.T1, smallMove(off).tier());

        given().auth().oauth2(alice).contentType("application/json").body("{\"enabled\": \"no\"}")
                .put("/user-state/switch").then().statusCode(400);
        switchTo(alice, true).statusCode(200).body("signalsEnabled", equalTo(true));
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(200);
        assertEquals(Tier.T2, smallMove(stateOf("auth0|alice")).tier());
    }

    @Test
    void switching_on_abandons_a_switch_off_that_waits() {
        String alice = sidecar("alice");
        switchTo(alice, false).statusCode(202);
        switchTo(alice, true).statusCode(200).body("signalsEnabled", equalTo(true))
                .body("switchOffPending", equalTo(false));
        assertTrue(stateOf("auth0|alice").signalsEnabled());
    }

    @Test
    void a_signal_is_gone_after_its_time_to_live() throws InterruptedException {
        String alice = sidecar("alice");
        Instant before = Instant.now();
        String expires = post(alice, "{\"stress\": 0.9, \"state\": \"rushed\", \"ttlSeconds\": 1}").statusCode(200)
                .extract().path("expiresAt");
        assertTrue(Duration.between(before, Instant.parse(expires)).toMillis() <= 1_500, expires);
        assertEquals(Tier.T2, smallMove(stateOf("auth0|alice")).tier());
        Thread.sleep(1_200);
        assertEquals(Optional.empty(), states.live("auth0|alice"));
        assertEquals(Tier.T1, smallMove(stateOf("auth0|alice")).tier());
        given().auth().oauth2(alice).get("/user-state").then().statusCode(200).body("signal", nullValue());
    }

    @Test
    void a_sidecar_cannot_ask_for_more_than_the_configured_time_to_live() {
        String alice = sidecar("alice");
        String expires = post(alice, "{\"stress\": 0.2, \"state\": \"calm\", \"ttlSeconds\": 86400}")
                .statusCode(200).extract().path("expiresAt");
        Instant after = Instant.now(); // the server's clock read before this: its expiry is at most after + max
        assertFalse(Instant.parse(expires).isAfter(after.plus(states.maxTtl())), expires);
    }

    @Test
    void a_signal_can_be_withdrawn() {
        String alice = sidecar("alice");
        post(alice, "{\"stress\": 0.9, \"state\": \"uncertain\"}").statusCode(200);
        given().auth().oauth2(alice).delete("/user-state/signal").then().statusCode(200).body("signal", nullValue());
        assertEquals(Optional.empty(), states.live("auth0|alice"));
    }

    @Test
    void no_token_is_401_and_a_token_without_the_sidecar_scope_or_client_is_403() {
        given().contentType("application/json").body("{\"stress\": 0.9, \"state\": \"calm\"}")
                .post("/user-state/signal").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType("application/json")
                .body("{\"stress\": 0.9, \"state\": \"calm\"}").post("/user-state/signal").then().statusCode(401);
        for (String scope : List.of("openid profile", "changeset:read", "changeset:read changeset:write")) {
            post(sandbox.token("alice", scope), "{\"stress\": 0.9, \"state\": \"calm\"}").statusCode(403)
                    .header("WWW-Authenticate",
                            containsString("error=\"insufficient_scope\", scope=\"changeset:signals\""))
                    .body("error", equalTo("insufficient_scope"));
        }
        String otherClient = sandbox.token(new io.vertx.core.json.JsonObject().put("user", "alice")
                .put("scope", "changeset:signals").put("client_id", "some-assistant"));
        post(otherClient, "{\"stress\": 0.9, \"state\": \"calm\"}").statusCode(403)
                .body("error", equalTo("unauthorized_client"))
                .body("message", containsString("not of 'some-assistant'"));
        assertEquals(Optional.empty(), states.live("auth0|alice"));
    }

    @Test
    void session_length_comes_from_the_mcp_session_start() {
        String session = new McpWire(publicUrl, sandbox.token("alice", "changeset:read")).open().session();
        UserState state = facts.userState("auth0|alice", Optional.of(session));
        assertEquals(0, state.sessionMinutes());
        assertTrue(state.signalsEnabled());
        assertEquals(0, facts.userState("auth0|alice", Optional.of("no-such-session")).sessionMinutes());
    }

    private ValidatableResponse switchTo(String token, boolean enabled) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"enabled\": " + enabled + "}")
                .put("/user-state/switch").then();
    }

    private ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/user-state/signal")
                .then();
    }

    private OperationDecision smallMove(UserState state) {
        return policy.evaluate(PolicyRequest.of(
                List.of(OperationFacts.price(0, "SKU-1", new BigDecimal("100"), new BigDecimal("105"),
                        new BigDecimal("50"))),
                Optional.empty(), Optional.of(state))).operations().get(0);
    }
}
