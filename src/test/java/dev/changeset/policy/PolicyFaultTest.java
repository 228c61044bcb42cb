package dev.changeset.policy;

import static dev.changeset.policy.PolicyBoundaryCases.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.changeset.support.DrlRuntime;

/**
 * Fail closed: a rule base that is broken (a rule that throws, a rule missing) gives no decision, never a
 * default tier. The same engine class as in the application, over a rule base built from a changed copy of the
 * application's DRL.
 */
class PolicyFaultTest {

    static final Thresholds THRESHOLDS = new Thresholds(d("10"), d("30"), d("50"), 20, d("0.7"), 60,
            Duration.ofMinutes(5), Duration.ofHours(24));

    static final PolicyRequest SMALL_PRICE_MOVE = PolicyRequest.of(
            List.of(OperationFacts.price(0, "SKU-1", d("100"), d("105"), d("50"))), Optional.empty(),
            Optional.empty());

    @Test
    void the_unchanged_rules_decide_outside_the_application_too() {
        assertSmallMoveIsT1(new DroolsPolicy(DrlRuntime.ofApplicationRules(), THRESHOLDS, 0));
    }

    @Test
    void an_exception_inside_a_rule_is_no_decision() {
        Policy policy = withExtraRule("""
                rule "broken"
                when
                    $a : Assessment( write )
                then
                    throw new IllegalStateException("a rule fault");
                end
                """, 0);
        PolicyUnavailableException e = assertThrows(PolicyUnavailableException.class,
                () -> policy.evaluate(SMALL_PRICE_MOVE));
        assertTrue(e.getMessage().startsWith("The policy could not decide"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing will be written"), e.getMessage());
        assertEquals("a rule fault", rootCause(e).getMessage());
    }

    @Test
    void a_pooled_session_keeps_nothing_from_one_evaluation_to_the_next() {
        Policy policy = new DroolsPolicy(DrlRuntime.ofApplicationRules(), THRESHOLDS, 1);
        PolicyRequest stressedBulk = new PolicyRequest(SMALL_PRICE_MOVE.operations(),
                new ChangesetFacts(25, Optional.empty()),
                Optional.of(new UserState(Optional.of(d("0.9")), 90, true)));
        assertEquals(Tier.T3, policy.evaluate(stressedBulk).operations().get(0).tier());
        assertSmallMoveIsT1(policy);
    }

    @Test
    void a_pooled_session_that_failed_decides_the_next_changeset_cleanly() {
        Policy policy = withExtraRule("""
                rule "boom"
                when
                    $a : Assessment( sku == "SKU-BOOM" )
                then
                    throw new IllegalStateException("boom");
                end
                """, 1);
        PolicyRequest boom = new PolicyRequest(List.of(
                OperationFacts.price(0, "SKU-1", d("100"), d("105"), d("50")),
                OperationFacts.price(1, "SKU-BOOM", d("100"), d("105"), d("50"))),
                new ChangesetFacts(25, Optional.empty()), Optional.of(new UserState(Optional.of(d("0.9")), 90, true)));
        assertThrows(PolicyUnavailableException.class, () -> policy.evaluate(boom));
        for (int i = 0; i < 3; i++) {
            assertSmallMoveIsT1(policy);
        }
    }

    @Test
    void an_exception_inside_a_condition_is_no_decision() {
        Policy policy = withExtraRule("""
                rule "broken-condition"
                when
                    $a : Assessment( write, sku.substring(100) != null )
                then
                end
                """, 0);
        PolicyUnavailableException e = assertThrows(PolicyUnavailableException.class,
                () -> policy.evaluate(SMALL_PRICE_MOVE));
        assertEquals(StringIndexOutOfBoundsException.class, rootCause(e).getClass(), () -> rootCause(e).toString());
    }

    @Test
    void the_drift_window_reads_as_people_say_it() {
        for (var c : java.util.Map.of(Duration.ofHours(24), "24 hours", Duration.ofHours(1), "1 hour",
                Duration.ofMinutes(90), "90 minutes", Duration.ofSeconds(20), "20 seconds", Duration.ofMillis(500),
                "1 second").entrySet()) {
            assertEquals(c.getValue(), new Thresholds(d("10"), d("30"), d("50"), 20, d("0.7"), 60,
                    Duration.ofMinutes(5), c.getKey()).driftWindowText());
        }
    }

    @Test
    void a_missing_threshold_is_refused_before_any_rule_runs() {
        // In a rule a comparison with null is false: a missing threshold would silently switch its rule off.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Thresholds(null,
                d("30"), d("50"), 20, d("0.7"), 60, Duration.ofMinutes(5), Duration.ofHours(24)));
        assertEquals("changeset.policy.price-move-percent must be a positive number, got null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(d("10"), d("30"), d("50"), 20, d("1.2"),
                60, Duration.ofMinutes(5), Duration.ofHours(24)));
        assertEquals("changeset.policy.drift-window must be positive, got PT0S", assertThrows(
                IllegalArgumentException.class, () -> new Thresholds(d("10"), d("30"), d("50"), 20, d("0.7"), 60,
                        Duration.ofMinutes(5), Duration.ZERO)).getMessage());
    }

    @Test
    void a_write_no_rule_classifies_is_no_decision() {
        Policy policy = withoutRule("write-floor");
        PolicyUnavailableException e = assertThrows(PolicyUnavailableException.class,
                () -> policy.evaluate(SMALL_PRICE_MOVE));
        assertEquals("No policy rule classified operation 0 (PRICE of SKU-1), so nothing will be written. The rule "
                + "base is incomplete: ask an administrator.", e.getMessage());
        // A large move is still classified by its own rule: only unclassified writes are refused.
        OperationDecision large = policy.evaluate(PolicyRequest.of(
                List.of(OperationFacts.price(0, "SKU-1", d("100"), d("150"), d("50"))), Optional.empty(),
                Optional.empty())).operations().get(0);
        assertEquals(Tier.T2, large.tier());
    }

    @Test
    void an_empty_rule_base_decides_nothing() {
        Policy policy = new DroolsPolicy(DrlRuntime.of(Map.of(DrlRuntime.RULES, "package dev.changeset.policy;\n")),
                THRESHOLDS, 0);
        assertThrows(PolicyUnavailableException.class, () -> policy.evaluate(SMALL_PRICE_MOVE));
        assertThrows(PolicyUnavailableException.class, policy::rules);
    }

    @Test
    void escalating_an_operation_no_rule_classified_is_no_decision() {
        Policy policy = withoutRule("write-floor");
        PolicyRequest stressed = PolicyRequest.of(SMALL_PRICE_MOVE.operations(), Optional.empty(),
                Optional.of(new UserState(Optional.of(BigDecimal.ONE), 0, true)));
        assertThrows(PolicyUnavailableException.class, () -> policy.evaluate(stressed));
    }

    private static void assertSmallMoveIsT1(Policy policy) {
        OperationDecision op = policy.evaluate(SMALL_PRICE_MOVE).operations().get(0);
        assertEquals(Tier.T1, op.tier());
        assertEquals(List.of("write-floor"), op.rulesFired());
    }

    /** The application's rules plus one more. */
    private static Policy withExtraRule(String rule, int sessionPoolSize) {
        String drl = DrlRuntime.classpath(DrlRuntime.RULES) + "\n" + rule;
        return new DroolsPolicy(DrlRuntime.of(Map.of(DrlRuntime.RULES, drl)), THRESHOLDS, sessionPoolSize);
    }

    /** The application's rules less one. */
    private static Policy withoutRule(String name) {
        String drl = DrlRuntime.classpath(DrlRuntime.RULES);
        int start = drl.indexOf("rule \"" + name + "\"");
        int end = drl.indexOf("\nend\n", start) + "\nend\n".length();
        assertTrue(start >= 0 && end > start, "no rule " + name);
        return new DroolsPolicy(DrlRuntime.of(Map.of(DrlRuntime.RULES, drl.substring(0, start) + drl.substring(end))),
                THRESHOLDS, 0);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
