package dev.changeset.proof;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.changeset.support.GuardianPhone;
import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.SandboxStory;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Issue 14 item 5, user-state signals: they only ever raise a tier. Over HTTP against the running server and the
 * sandbox: the assistant's own token (the one it calls MCP with) gets 403 on every signal route, so it can neither
 * withdraw the sidecar's stress signal, overwrite it with a calm one, nor switch signals off; a token that holds the
 * sidecar's scope but was issued to another client is refused too. Switching signals off is the person's act: the
 * sidecar's request sends a push to the person's phone and only their tap turns them off. And a changeset's tier is
 * fixed when it is previewed: withdrawing the signal and switching signals off afterwards leave a previewed T2
 * changeset T2 (its apply still asks the phone). The tally goes to {@code target/proof/user-state-signals.json}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class UserStateSignalsAttackTest {

    static final ProofRecord PROOF = new ProofRecord("user-state-signals");
    static final String SIDECAR_CLIENT = "sandbox-signals-sidecar";
    private static final String STRESSED = "{\"stress\": 0.95, \"state\": \"stressed\"}";

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;
    String sidecar;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        sidecar = sandbox.token(new JsonObject().put("user", "alice").put("scope", "changeset:signals")
                .put("client_id", SIDECAR_CLIENT));
        cleanSlate();
    }

    /** A stress signal left live would escalate the writes of every later test class in this JVM. */
    @AfterEach
    void cleanSlate() {
        given().auth().oauth2(sidecar).delete("/user-state/signal");
        given().auth().oauth2(sidecar).contentType("application/json").body("{\"enabled\": true}")
                .put("/user-state/switch");
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void the_assistants_token_cannot_withdraw_overwrite_read_or_switch_off_signals() {
        List<String> failures = new ArrayList<>();
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            String assistant = sandbox.token("alice", "openid changeset:read changeset:write");
            String otherClient = sandbox.token(new JsonObject().put("user", "alice")
                    .put("scope", "changeset:signals changeset:read changeset:write"));
            attempt(failures, "the sidecar posts a stress signal", 200,
                    given().auth().oauth2(sidecar).contentType("application/json").body(STRESSED)
                            .post("/user-state/signal"));
            attempt(failures, "the assistant withdraws the signal", 403,
                    given().auth().oauth2(assistant).delete("/user-state/signal"));
            attempt(failures, "the assistant overwrites it with a calm signal", 403,
                    given().auth().oauth2(assistant).contentType("application/json")
                            .body("{\"stress\": 0.0, \"state\": \"calm\", \"ttlSeconds\": 3600}")
                            .post("/user-state/signal"));
            attempt(failures, "the assistant switches signals off", 403,
                    given().auth().oauth2(assistant).contentType("application/json").body("{\"enabled\": false}")
                            .put("/user-state/switch"));
            attempt(failures, "the assistant reads the signal", 403,
                    given().auth().oauth2(assistant).get("/user-state"));
            attempt(failures, "the sidecar's scope on a token issued to the assistant's client withdraws it", 403,
                    given().auth().oauth2(otherClient).delete("/user-state/signal"));
            JsonObject preview = story.preview(Story.setPrice("APP-1000", "71.99"));
            String rules = preview.getJsonArray("operations").getJsonObject(0).getJsonArray("rulesFired").encode();
            boolean escalated = "T2".equals(preview.getString("maxTier")) && rules.contains("user-state-escalation");
            PROOF.add(new ProofRecord.Attempt("a small price move after the assistant's attempts",
                    "still T2 by user-state-escalation", preview.getString("maxTier") + " " + rules, escalated));
            if (!escalated) {
                failures.add("after the attempts a small move is " + preview.getString("maxTier") + " " + rules);
            }
            story.ok("cancel_changeset", Map.of("changesetId", preview.getString("changesetId")));
            assertEquals(0, story.cibaRequests("alice").size(), "no push was caused by the attempts");
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void withdrawing_the_signal_and_switching_off_never_lower_a_previewed_changeset() throws Exception {
        List<String> failures = new ArrayList<>();
        try (Story story = new Story(publicUrl, sandboxUrl, "alice")) {
            attempt(failures, "the sidecar posts a stress signal", 200,
                    given().auth().oauth2(sidecar).contentType("application/json").body(STRESSED)
                            .post("/user-state/signal"));
            JsonObject open = story.preview(Story.setPrice("APP-1000", "71.99"));
            attempt(failures, "the sidecar withdraws the signal", 200,
                    given().auth().oauth2(sidecar).delete("/user-state/signal"));
            Response off = given().auth().oauth2(sidecar).contentType("application/json")
                    .body("{\"enabled\": false}").put("/user-state/switch");
            attempt(failures, "the sidecar asks to switch signals off: the person's phone is asked", 202, off);
            boolean stillOn = Boolean.TRUE.equals(given().auth().oauth2(sidecar).get("/user-state").then().extract()
                    .path("signalsEnabled"));
            PROOF.add(new ProofRecord.Attempt("signals before the person taps", "still on", "on=" + stillOn,
                    stillOn));
            if (!stillOn) {
                failures.add("signals went off before the person approved");
            }
            Optional<GuardianPhone.Tap> tap = new GuardianPhone(sandboxUrl, "alice").approveAt("signals off",
                    Instant.now(), Instant.now().plusSeconds(10));
            boolean offNow = tap.isPresent() && waitFor("signalsEnabled", false, Duration.ofSeconds(20));
            PROOF.add(new ProofRecord.Attempt("the person taps Approve on 'signals off'", "signals off",
                    tap.map(t -> "tapped '" + t.shown().binding() + "'").orElse("no such push") + ", off=" + offNow,
                    offNow));
            if (!offNow) {
                failures.add("the person's tap did not switch signals off: " + tap);
            }
            JsonObject after = story.preview(Story.setPrice("APP-1008", "21.49"));
            boolean newIsT1 = "T1".equals(after.getString("maxTier"));
            PROOF.add(new ProofRecord.Attempt("a new small move once signals are off", "T1",
                    after.getString("maxTier"), newIsT1));
            JsonObject applied = story.apply(open.getString("changesetId"), 0);
            JsonArray pushes = story.cibaRequests("alice");
            boolean asked = "AWAITING_APPROVAL".equals(applied.getString("state")) && pushes.stream()
                    .map(JsonObject.class::cast).anyMatch(p -> p.getString("binding_message")
                            .contains(open.getString("code")));
            PROOF.add(new ProofRecord.Attempt("apply the T2 changeset previewed under the signal",
                    "still T2: AWAITING_APPROVAL, one push naming its code", applied.getString("state") + ", pushes "
                            + pushes.stream().map(JsonObject.class::cast).map(p -> p.getString("binding_message"))
                                    .toList(), asked && "T2".equals(applied.getString("maxTier"))));
            if (!asked || !newIsT1) {
                failures.add("previewed T2 applied as " + applied.getString("state") + " (" + applied.getString(
                        "maxTier") + "), new small move " + after.getString("maxTier"));
            }
            story.ok("cancel_changeset", Map.of("changesetId", open.getString("changesetId")));
            story.ok("cancel_changeset", Map.of("changesetId", after.getString("changesetId")));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void a_denied_switch_off_leaves_signals_on() throws Exception {
        sandbox.post("/sandbox/ciba/script", new JsonObject().put("user", "alice").put("action", "deny")
                .put("after_ms", 200));
        Response off = given().auth().oauth2(sidecar).contentType("application/json").body("{\"enabled\": false}")
                .put("/user-state/switch");
        List<String> failures = new ArrayList<>();
        attempt(failures, "the sidecar asks to switch signals off", 202, off);
        boolean decided = waitFor("switchOffPending", false, Duration.ofSeconds(20));
        boolean on = Boolean.TRUE.equals(given().auth().oauth2(sidecar).get("/user-state").then().extract()
                .path("signalsEnabled"));
        PROOF.add(new ProofRecord.Attempt("the person denies 'signals off'", "signals stay on",
                "decided=" + decided + ", on=" + on, decided && on));
        assertEquals(List.of(), failures);
        assertEquals(true, decided && on, "decided " + decided + ", on " + on);
    }

    /** Waits until the sidecar's view of the user state shows {@code field} = {@code value}. */
    private boolean waitFor(String field, boolean value, Duration within) throws InterruptedException {
        Instant end = Instant.now().plus(within);
        do {
            Boolean now = given().auth().oauth2(sidecar).get("/user-state").then().extract().path(field);
            if (Boolean.valueOf(value).equals(now)) {
                return true;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(end));
        return false;
    }

    private static void attempt(List<String> failures, String name, int expected, Response answer) {
        boolean held = answer.statusCode() == expected;
        String body = answer.asString();
        PROOF.add(new ProofRecord.Attempt(name, "HTTP " + expected, "HTTP " + answer.statusCode() + " "
                + (body.length() > 200 ? body.substring(0, 200) : body), held));
        if (!held) {
            failures.add(name + ": expected " + expected + ", got " + answer.statusCode() + " " + body);
        }
    }
}
