package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A changeset's approval is bounded like the other pushes (a review found an assistant could preview, apply and
 * cancel in a loop, one push on the person's phone each turn): with the shipped bounds, a 4th changeset approval
 * while 3 wait is refused with no push, and the changeset stays previewed. The tally goes to
 * {@code target/proof/changeset-pushes.json}.
 */
@QuarkusTest
@TestProfile(ChangesetPushLimitsTest.ShippedBounds.class)
@WithTestResource(SandboxResource.class)
@ExtendWith(SandboxStory.class)
class ChangesetPushLimitsTest {

    /** The bounds as shipped (the test profile raises them so that other tests can leave approvals pending). */
    public static class ShippedBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.approval.push-limits.changeset-max-pending", "3",
                    "changeset.approval.push-limits.changeset-max-per-window", "20",
                    "changeset.approval.push-limits.phone-max-pending", "10",
                    "changeset.approval.push-limits.phone-max-per-window", "60");
        }
    }

    static final ProofRecord PROOF = new ProofRecord("changeset-pushes");

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(sandboxUrl);
        // Auth0's own limit (5 a minute per user) must not be what refuses: this server's bound must.
        sandbox.post("/sandbox/ciba/settings", new JsonObject().put("interval", 1).put("per_user_per_minute", 100));
    }

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void a_fourth_changeset_approval_while_three_wait_is_refused_without_a_push() throws Exception {
        // found by a review: preview, apply with waitSeconds 0 and cancel, in a loop, pushed once per turn unbounded
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            List<String> codes = new ArrayList<>();
            for (String[] change : List.of(new String[] { "APP-1000", "80.00" }, new String[] { "APP-1029", "150.00" },
                    new String[] { "APP-1036", "200.00" })) {
                JsonObject preview = alice.preview(Story.setPrice(change[0], change[1]));
                codes.add(preview.getString("code"));
                JsonObject applied = alice.apply(preview.getString("changesetId"), 0);
                assertEquals("AWAITING_APPROVAL", applied.getString("state"), applied.encode());
            }
            JsonObject fourth = alice.preview(Story.setPrice("APP-1008", "25.00"));
            String refused = alice.error("apply_changeset", Map.of("changesetId", fourth.getString("changesetId"),
                    "waitSeconds", 0));
            JsonObject still = alice.ok("get_changeset", Map.of("changesetId", fourth.getString("changesetId")));
            boolean held = refused.contains("3 changeset approvals are already waiting on the phone of you")
                    && "PREVIEWED".equals(still.getString("state")) && pushesFor(alice, fourth.getString("code"))
                            .isEmpty();
            PROOF.add(new ProofRecord.Attempt("a 4th changeset approval while 3 wait", "refused, no push, the"
                    + " changeset stays previewed", refused + " / " + still.getString("state"), held));
            for (String code : codes) {
                for (JsonObject push : pushesFor(alice, code)) {
                    sandbox.post("/sandbox/ciba/requests/" + push.getString("id") + "/deny", new JsonObject());
                }
            }
            assertTrue(held, refused + " / " + still.encode());
        }
    }

    @Test
    void one_requester_cannot_fill_a_shared_second_approvers_phone() throws Exception {
        // found by a stranger's attack: alice's three T3 changes waiting on dave's phone (her own bound) refused
        // carol's T3 ("3 changeset approvals are already waiting on the phone of your second approver") and dave's own
        // changes ("... on the phone of you"): one user could block everyone's four-eyes approvals
        List<String> codes = new ArrayList<>();
        // frank plays the stranger's alice: the other test leaves alice's denied approvals pending until the poller
        // reads the denials, which would count against her own bound
        try (Story frank = new Story(publicUrl, sandboxUrl, "frank");
                Story carol = new Story(publicUrl, sandboxUrl, "carol");
                Story dave = new Story(publicUrl, sandboxUrl, "dave")) {
            for (String[] cut : List.of(new String[] { "APP-1000", "20.00" }, new String[] { "APP-1029", "40.00" },
                    new String[] { "APP-1036", "50.00" })) {
                JsonObject preview = frank.preview(Story.setPrice(cut[0], cut[1]));
                assertEquals("T3", preview.getString("maxTier"), preview.encode());
                codes.add(preview.getString("code"));
                JsonObject applied = frank.apply(preview.getString("changesetId"), 0);
                assertEquals("AWAITING_APPROVAL", applied.getString("state"), applied.encode());
            }
            JsonObject carols = carol.preview(Story.setPrice("APP-1008", "5.00"));
            assertEquals("T3", carols.getString("maxTier"), carols.encode());
            codes.add(carols.getString("code"));
            JsonObject carolApplied = carol.ok("apply_changeset", Map.of("changesetId",
                    carols.getString("changesetId"), "waitSeconds", 0));
            JsonObject daves = dave.preview(Story.setPrice("APP-1020", "120.00"));
            codes.add(daves.getString("code"));
            JsonObject daveApplied = dave.ok("apply_changeset", Map.of("changesetId",
                    daves.getString("changesetId"), "waitSeconds", 0));
            boolean held = "AWAITING_APPROVAL".equals(carolApplied.getString("state"))
                    && !pushesFor(carol, carols.getString("code")).isEmpty()
                    && "AWAITING_APPROVAL".equals(daveApplied.getString("state"));
            PROOF.add(new ProofRecord.Attempt("frank's 3 pending T3 changes on the shared second approver's phone,"
                    + " then carol's T3 and dave's own change", "both pushed: one requester's bound cannot fill"
                    + " another's phone", carolApplied.getString("state") + " / " + daveApplied.getString("state"),
                    held));
            assertTrue(held, carolApplied.encode() + " / " + daveApplied.encode());
        } finally {
            for (String code : codes) {
                for (JsonObject push : pushesFor(sandbox, code)) {
                    sandbox.post("/sandbox/ciba/requests/" + push.getString("id") + "/deny", new JsonObject());
                }
            }
        }
    }

    private static List<JsonObject> pushesFor(Story story, String code) {
        return pushesFor(story.sandbox, code);
    }

    private static List<JsonObject> pushesFor(SandboxClient sandbox, String code) {
        JsonArray all = sandbox.get("/sandbox/ciba/requests").getJsonArray("requests");
        return all.stream().map(JsonObject.class::cast).filter(p -> p.getString("binding_message").contains(code))
                .toList();
    }

}
