package dev.changeset.policy;

import static dev.changeset.policy.PolicyBoundaryCases.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.changeset.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The injected engine (the DRL compiled by the application build) at every boundary of the policy. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class PolicyEngineTest {

    @Inject
    Policy policy;

    static List<PolicyBoundaryCases.Case> cases() {
        return PolicyBoundaryCases.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void each_boundary_gives_its_tier_and_names_its_rules(PolicyBoundaryCases.Case c) {
        PolicyDecision decision = policy.evaluate(c.request());
        assertEquals(c.operations().size(), decision.operations().size());
        OperationDecision op = decision.operations().get(c.index());
        assertEquals(c.index(), op.index());
        assertEquals(c.tier(), op.tier(), () -> c.name() + ": " + op);
        assertEquals(c.rules(), op.rulesFired(), () -> c.name() + ": " + op);
        assertEquals(c.rules().stream().filter(r -> r.endsWith("-escalation")).count(), op.escalations().size(),
                op::toString);
        assertTrue(op.reason().endsWith("."), op.reason());
        assertTrue(decision.maxTier().compareTo(op.tier()) >= 0);
    }

    @Test
    void reasons_are_sentences_with_the_numbers_that_decided() {
        OperationDecision up = only(OperationFacts.price(0, "SKU-1", d("100.00"), d("110.01"), d("50")));
        assertEquals("The price of SKU-1 moves +10.01% (100.00 to 110.01), more than 10%.", up.reason());
        OperationDecision loss = only(OperationFacts.price(0, "SKU-1", d("64.00"), d("59.99"), d("60.00")));
        assertEquals("The new price of SKU-1 (59.99) is below its cost (60.00): every sale would lose money.",
                loss.reason());
        OperationDecision salami = only(OperationFacts.price(0, "APP-1000", d("28.88"), d("26.00"), d("24.51"))
                .withBaseline(new Baseline(d("66.99"), 8)));
        assertEquals("The price of APP-1000 would be 26.00, 61.19% below 66.99 where it stood 8 changes ago in the"
                + " last 24 hours: a cut of more than 30% in a run of changes.", salami.reason());
        OperationDecision stock = only(OperationFacts.inventory(0, "SKU-9", 216, 130)
                .withBaseline(new Baseline(d("359"), 1)));
        assertEquals("The stock of SKU-9 would be 130, 63.79% below 359 where it stood 1 change ago in the last 24"
                + " hours: more than 50% in a run of changes.", stock.reason());
        OperationDecision zero = only(OperationFacts.inventory(0, "SKU-9", 12, 0));
        assertTrue(zero.reason().startsWith("The stock of SKU-9 goes from 12 to 0"), zero.reason());
    }

    @Test
    void an_escalation_says_why_without_the_signal_value() {
        PolicyDecision decision = policy.evaluate(PolicyRequest.of(
                List.of(OperationFacts.price(0, "SKU-1", d("100"), d("105"), d("50"))), Optional.empty(),
                Optional.of(new UserState(Optional.of(d("0.93")), 75, true))));
        OperationDecision op = decision.operations().get(0);
        assertEquals(List.of("Your assistive signal reports stress above 0.7 and this session has run 75 minutes, "
                + "more than 60."), op.escalations());
        assertTrue(op.reason().contains("Raised one tier: Your assistive signal"), op.reason());
        assertTrue(!op.reason().contains("0.93"), op.reason());
    }

    @Test
    void the_cap_at_t3_is_said_in_the_escalation() {
        PolicyDecision decision = policy.evaluate(PolicyBoundaryCases.cases().stream()
                .filter(c -> c.name().startsWith("escalations never")).findFirst().orElseThrow().request());
        OperationDecision op = decision.operations().get(21);
        assertEquals(Tier.T3, op.tier());
        assertTrue(op.escalations().get(0).endsWith("(already at T3, the highest tier)."), op.toString());
        assertEquals(Tier.T3, decision.maxTier());
    }

    @Test
    void a_changeset_is_decided_per_operation_in_one_evaluation() {
        PolicyDecision decision = policy.evaluate(PolicyRequest.of(List.of(
                OperationFacts.read(0, "SKU-1"),
                OperationFacts.price(1, "SKU-2", d("10"), d("10.50"), d("5")),
                OperationFacts.promotion(2, "SKU-3", false, d("0"), true, d("20")),
                OperationFacts.notification(3, "alice@example.com", true)), Optional.of("alice@example.com"),
                Optional.empty()));
        assertEquals(List.of(Tier.T0, Tier.T1, Tier.T2, Tier.T1),
                decision.operations().stream().map(OperationDecision::tier).toList());
        assertEquals(Tier.T2, decision.maxTier());
        assertEquals(d("10"), decision.thresholds().priceMovePercent());
        assertEquals(20, decision.thresholds().bulkWrites());
    }

    @Test
    void an_empty_changeset_is_t0() {
        PolicyDecision decision = policy.evaluate(PolicyRequest.of(List.of(), Optional.empty(), Optional.empty()));
        assertEquals(Tier.T0, decision.maxTier());
        assertTrue(decision.operations().isEmpty());
    }

    @Test
    void a_price_without_cost_is_no_decision() {
        PolicyUnavailableException e = assertThrows(PolicyUnavailableException.class,
                () -> only(OperationFacts.price(0, "SKU-1", d("10"), d("11"), null)));
        assertEquals("The policy cannot decide operation 0 (PRICE of SKU-1): its cost is unknown; fill in the "
                + "product's cost in the catalog. Nothing will be written.", e.getMessage());
    }

    private OperationDecision only(OperationFacts op) {
        return policy.evaluate(PolicyRequest.of(List.of(op), Optional.empty(), Optional.empty())).operations()
                .get(0);
    }
}
