package dev.changeset.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.changeset.support.ProofRecord;
import dev.changeset.support.SandboxClient;
import dev.changeset.support.SandboxResource;
import dev.changeset.support.Story;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * The drift window ends: with {@code changeset.policy.drift-window} at 20 seconds, a second step of -9.99% is T2 by
 * price-drift while the first step is inside the window, and the same step previewed again once the window has
 * passed is judged from the cell as it stands (T1). The window is short so that the test can wait it out; it asserts
 * no time, only the tier before and after. The tally goes to {@code target/proof/salami-window.json} (a test profile
 * of its own runs in a class loader of its own, so it cannot add to {@link SalamiDriftTest}'s).
 */
@QuarkusTest
@TestProfile(SalamiDriftWindowTest.ShortWindow.class)
@WithTestResource(SandboxResource.class)
class SalamiDriftWindowTest {

    static final Duration WINDOW = Duration.ofSeconds(20);

    /** A drift window the test can wait out. */
    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("changeset.policy.drift-window", WINDOW.toSeconds() + "S");
        }
    }

    @ConfigProperty(name = "sandbox.url")
    String sandboxUrl;
    @ConfigProperty(name = "changeset.public-url")
    String publicUrl;

    static final ProofRecord PROOF = new ProofRecord("salami-window");

    @AfterAll
    static void writeTally() {
        PROOF.write();
    }

    @Test
    void outside_the_window_the_baseline_is_the_cell_again() throws Exception {
        Story.resetSandbox(new SandboxClient(sandboxUrl));
        try (Story alice = new Story(publicUrl, sandboxUrl, "alice")) {
            BigDecimal start = SalamiDriftTest.price(alice);
            BigDecimal first = start.multiply(new BigDecimal("0.9001")).setScale(2, RoundingMode.CEILING);
            JsonObject one = alice.preview(Story.setPrice(SalamiDriftTest.PRICE_SKU, first.toPlainString()));
            assertEquals("T1", one.getString("maxTier"), one.encode());
            assertEquals("SEALED", alice.apply(one.getString("changesetId"), 60).getString("state"));
            Instant executed = Instant.now(); // the change was recorded before apply answered

            BigDecimal second = first.multiply(new BigDecimal("0.9001")).setScale(2, RoundingMode.CEILING);
            JsonObject inside = alice.preview(Story.setPrice(SalamiDriftTest.PRICE_SKU, second.toPlainString()));
            String insideRules = inside.getJsonArray("operations").getJsonObject(0).getJsonArray("rulesFired")
                    .encode();
            boolean escalated = Instant.now().isBefore(executed.plus(WINDOW)) && "T2".equals(inside.getString(
                    "maxTier")) && insideRules.contains("price-drift");
            alice.ok("cancel_changeset", Map.of("changesetId", inside.getString("changesetId")));

            Thread.sleep(Duration.between(Instant.now(), executed.plus(WINDOW).plusSeconds(1)).toMillis());
            JsonObject after = alice.preview(Story.setPrice(SalamiDriftTest.PRICE_SKU, second.toPlainString()));
            String afterRules = after.getJsonArray("operations").getJsonObject(0).getJsonArray("rulesFired").encode();
            boolean reset = "T1".equals(after.getString("maxTier")) && !afterRules.contains("drift");
            alice.ok("cancel_changeset", Map.of("changesetId", after.getString("changesetId")));

            PROOF.add(new ProofRecord.Attempt("a second -9.99% step inside a 20 s window", "T2 by price-drift",
                    inside.getString("maxTier") + " " + insideRules, escalated));
            PROOF.add(new ProofRecord.Attempt("the same step once the window has passed", "T1, judged from the cell",
                    after.getString("maxTier") + " " + afterRules, reset));
            assertTrue(escalated, "inside the window: " + inside.getString("maxTier") + " " + insideRules);
            assertTrue(reset, "after the window: " + after.getString("maxTier") + " " + afterRules);
        }
    }
}
