package dev.changeset.policy;

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

import dev.changeset.support.RawMcp;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The sidecar's endpoint over HTTP with real sandbox tokens, and what the policy then sees for the caller: a
 * signal escalates, a switched-off user or an expired signal does not, and the subject is always the token's.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class UserStateEndpointTest {

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @Inject
    UserStates states;
    @Inject
    Policy policy;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        cleanSlate(); // each test starts from a clean slate for the users it uses
    }

    /** A stressed signal left behind would escalate the writes of every later test class in this JVM. */
    @AfterEach
    void cleanSlate() {
        for (String subject : List.of("auth0|alice", "auth0|carol", "auth0|dave")) {
            states.setEnabled(subject, true);
            states.forget(subject);
        }
    }

    @Test
    void a_posted_signal_counts_for_the_token_subject_and_escalates_writes() {
        String alice = sandbox.token("alice", "changeset:read");
        post(alice, "{\"stress\": 0.71, \"state\": \"stressed\", \"subject\": \"auth0|dave\"}").statusCode(400)
                .body("message", containsString("unknown field 'subject'"));
        post(alice, "{\"stress\": 0.71, \"state\": \"stressed\"}").statusCode(200)
                .body("stress", equalTo(0.71f)).body("state", equalTo("stressed"));
        given().auth().oauth2(alice).get("/user-state").then().statusCode(200)
                .body("signalsEnabled", equalTo(true)).body("signal.state", equalTo("stressed"));

        UserState aliceState = states.forCaller("auth0|alice", null);
        assertEquals(Optional.of(new BigDecimal("0.71")), aliceState.stress());
        assertEquals(Tier.T2, smallMove(aliceState).tier());
        assertEquals(List.of("write-floor", "user-state-escalation"), smallMove(aliceState).rulesFired());
        // Nobody else is affected.
        assertEquals(Optional.empty(), states.forCaller("auth0|dave", null).stress());
        assertEquals(Tier.T1, smallMove(states.forCaller("auth0|dave", null)).tier());
    }

    @Test
    void stress_at_the_threshold_does_not_escalate() {
        String alice = sandbox.token("alice", "changeset:write");
        post(alice, "{\"stress\": 0.7, \"state\": \"calm\"}").statusCode(200);
        assertEquals(Tier.T1, smallMove(states.forCaller("auth0|alice", null)).tier());
    }

    @Test
    void invalid_signals_are_refused_with_a_specific_message_and_kept_nowhere() {
        String alice = sandbox.token("alice", "changeset:read");
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
    void switched_off_signals_are_dropped_and_the_user_state_rule_ignores_the_user() {
        String alice = sandbox.token("alice", "changeset:read");
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(200);
        given().auth().oauth2(alice).contentType("application/json").body("{\"enabled\": false}")
                .put("/user-state/switch").then().statusCode(200)
                .body("signalsEnabled", equalTo(false)).body("signal", nullValue());
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(409)
                .body("error", equalTo("signals_off"));
        UserState off = states.forCaller("auth0|alice", null);
        assertFalse(off.signalsEnabled());
        assertEquals(Optional.empty(), off.stress());
        assertEquals(Tier.T1, smallMove(off).tier());

        given().auth().oauth2(alice).contentType("application/json").body("{\"enabled\": \"no\"}")
                .put("/user-state/switch").then().statusCode(400);
        given().auth().oauth2(alice).contentType("application/json").body("{\"enabled\": true}")
                .put("/user-state/switch").then().statusCode(200).body("signalsEnabled", equalTo(true));
        post(alice, "{\"stress\": 0.95, \"state\": \"stressed\"}").statusCode(200);
        assertEquals(Tier.T2, smallMove(states.forCaller("auth0|alice", null)).tier());
    }

    @Test
    void a_signal_is_gone_after_its_time_to_live() throws InterruptedException {
        String alice = sandbox.token("alice", "changeset:read");
        Instant before = Instant.now();
        String expires = post(alice, "{\"stress\": 0.9, \"state\": \"rushed\", \"ttlSeconds\": 1}").statusCode(200)
                .extract().path("expiresAt");
        assertTrue(Duration.between(before, Instant.parse(expires)).toMillis() <= 1_500, expires);
        assertEquals(Tier.T2, smallMove(states.forCaller("auth0|alice", null)).tier());
        Thread.sleep(1_200);
        assertEquals(Optional.empty(), states.live("auth0|alice"));
        assertEquals(Tier.T1, smallMove(states.forCaller("auth0|alice", null)).tier());
        given().auth().oauth2(alice).get("/user-state").then().statusCode(200).body("signal", nullValue());
    }

    @Test
    void a_sidecar_cannot_ask_for_more_than_the_configured_time_to_live() {
        String alice = sandbox.token("alice", "changeset:read");
        String expires = post(alice, "{\"stress\": 0.2, \"state\": \"calm\", \"ttlSeconds\": 86400}")
                .statusCode(200).extract().path("expiresAt");
        Instant after = Instant.now(); // the server's clock read before this: its expiry is at most after + max
        assertFalse(Instant.parse(expires).isAfter(after.plus(states.maxTtl())), expires);
    }

    @Test
    void a_signal_can_be_withdrawn() {
        String alice = sandbox.token("alice", "changeset:read");
        post(alice, "{\"stress\": 0.9, \"state\": \"uncertain\"}").statusCode(200);
        given().auth().oauth2(alice).delete("/user-state/signal").then().statusCode(200).body("signal", nullValue());
        assertEquals(Optional.empty(), states.live("auth0|alice"));
    }

    @Test
    void no_token_is_401_and_a_token_without_an_mcp_scope_is_403() {
        given().contentType("application/json").body("{\"stress\": 0.9, \"state\": \"calm\"}")
                .post("/user-state/signal").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType("application/json")
                .body("{\"stress\": 0.9, \"state\": \"calm\"}").post("/user-state/signal").then().statusCode(401);
        post(sandbox.token("alice", "openid profile"), "{\"stress\": 0.9, \"state\": \"calm\"}").statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .body("error", equalTo("insufficient_scope"));
        assertEquals(Optional.empty(), states.live("auth0|alice"));
    }

    @Test
    void session_length_comes_from_the_mcp_session_start() {
        String alice = sandbox.token("alice", "changeset:read");
        String session = RawMcp.openSession(alice);
        UserState state = states.forCaller("auth0|alice", session);
        assertEquals(0, state.sessionMinutes());
        assertTrue(state.signalsEnabled());
        assertEquals(0, states.forCaller("auth0|alice", "no-such-session").sessionMinutes());
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
