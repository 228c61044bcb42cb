package dev.changeset.mcp;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.changeset.identity.Callers;
import dev.changeset.pipeline.PolicyFacts;
import dev.changeset.policy.Policy;
import dev.changeset.policy.RuleDescription;
import dev.changeset.policy.Thresholds;
import dev.changeset.policy.Tier;
import dev.changeset.policy.UserState;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.security.identity.SecurityIdentity;

/** {@code describe_policy}: the rules and thresholds in force, so an assistant can plan a changeset. */
@ScopeChecked
public class PolicyTools {

    /** What {@code describe_policy} returns. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
    public record PolicyDescription(List<TierInfo> tiers, List<RuleDescription> rules, ThresholdInfo thresholds,
            YourState yourState) {
    }

    /** A tier and what it means. */
    public record TierInfo(String tier, String meaning) {
    }

    /** The thresholds in force; every comparison is strict ("over"). */
    public record ThresholdInfo(BigDecimal priceMovePercent, BigDecimal priceCutPercent,
            BigDecimal stockMovePercent, int bulkWrites, BigDecimal stress, long sessionMinutes,
            long signalTtlSeconds, long driftWindowSeconds) {
        static ThresholdInfo of(Thresholds t) {
            return new ThresholdInfo(t.priceMovePercent(), t.priceCutPercent(), t.stockMovePercent(), t.bulkWrites(),
                    t.stress(), t.sessionMinutes(), t.signalTtl().toSeconds(), t.driftWindow().toSeconds());
        }
    }

    /** The caller's user state as the user-state rule will see it (the signal's value is not repeated). */
    public record YourState(boolean signalsEnabled, boolean liveSignal, long sessionMinutes) {
    }

    @Inject
    Policy policy;
    @Inject
    PolicyFacts facts;
    @Inject
    SecurityIdentity identity;
    @Inject
    Callers callers;

    @ToolGuardrails(input = StrictArguments.class, output = ToolOutcomes.class)
    @Tool(name = "describe_policy", title = "Which rules decide the approvals?",
            description = "Returns the risk-tier policy in force: the tiers (T0 read only, T1 runs at once, T2 needs "
                    + "the user's approval on the phone, T3 also a second approver), every rule by its stable name "
                    + "with what it means and the tier it requires (+1 for an escalation), the thresholds (all "
                    + "comparisons are strict: a value equal to its threshold does not trigger), and whether "
                    + "user-state escalation is on for this user. Call it to plan a changeset, for example to split "
                    + "a bulk changeset or to explain to the user why an approval will be needed.",
            annotations = @Tool.Annotations(title = "Which rules decide the approvals?", readOnlyHint = true,
                    destructiveHint = false, idempotentHint = true, openWorldHint = false),
            outputSchema = @Tool.OutputSchema(from = PolicyDescription.class))
    public ToolResponse describePolicy(McpConnection connection) {
        String subject = callers.of(identity).subject();
        UserState state = facts.userState(subject, Optional.of(connection.id()));
        Thresholds t = policy.thresholds();
        PolicyDescription description = new PolicyDescription(
                Arrays.stream(Tier.values()).map(tier -> new TierInfo(tier.name(), tier.label())).toList(),
                policy.rules(), ThresholdInfo.of(t),
                new YourState(state.signalsEnabled(), state.stress().isPresent(), state.sessionMinutes()));
        String summary = "Risk-tier policy: " + description.rules().size() + " rules ("
                + description.rules().stream().map(RuleDescription::name).collect(Collectors.joining(", "))
                + "). Thresholds: price move over " + t.priceMovePercent().toPlainString() + "% is T2, cut over "
                + t.priceCutPercent().toPlainString() + "% or below cost is T3, stock move over "
                + t.stockMovePercent().toPlainString() + "% or to zero is T2; prices and stock are also judged from"
                + " where they stood before the first change in the last " + t.driftWindowText() + " (by anyone), so"
                + " that a run of small changes counts as one; more than " + t.bulkWrites()
                + " writes raise each write one tier, and so do stress over " + t.stress().toPlainString()
                + " or a session over " + t.sessionMinutes() + " minutes (user-state signals "
                + (state.signalsEnabled() ? "on" : "off") + " for you; this session: " + state.sessionMinutes()
                + " min).";
        return Answers.structured(summary, description);
    }
}
