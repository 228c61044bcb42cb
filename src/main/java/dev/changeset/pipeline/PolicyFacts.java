package dev.changeset.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.catalog.ProductField;
import dev.changeset.identity.Caller;
import dev.changeset.identity.McpSessions;
import dev.changeset.policy.Baseline;
import dev.changeset.policy.OperationFacts;
import dev.changeset.policy.PolicyConfig;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.UserState;
import dev.changeset.signals.UserStates;

/**
 * Builds the policy's request: the operations' facts, each price and stock operation with its baseline (where the
 * field stood before the first change this server executed to it within the drift window, from
 * {@link ExecutedChanges}), the caller's address, and the caller's user state, which is the live stress signal and
 * the switch (package {@code signals}) and the MCP session's age (from the session's start as the access gate
 * recorded it). The policy only reads these facts; it keeps no state of its own.
 */
@ApplicationScoped
public class PolicyFacts {

    private final UserStates userStates;
    private final McpSessions sessions;
    private final ExecutedChanges executed;
    private final PolicyConfig policy;

    PolicyFacts(UserStates userStates, McpSessions sessions, ExecutedChanges executed, PolicyConfig policy) {
        this.userStates = userStates;
        this.sessions = sessions;
        this.executed = executed;
        this.policy = policy;
    }

    PolicyRequest request(Caller caller, Optional<String> mcpSessionId, List<OperationPlanner.Resolved> resolved) {
        return PolicyRequest.of(withBaselines(resolved), caller.email(),
                Optional.of(userState(caller.subject(), mcpSessionId)));
    }

    /** Each operation's facts; a price or stock change with the baseline of its field, when it has one. */
    private List<OperationFacts> withBaselines(List<OperationPlanner.Resolved> resolved) {
        Map<ExecutedChanges.Field, Baseline> baselines = executed.baselines(resolved.stream()
                .map(PolicyFacts::judgedOverTime).flatMap(Optional::stream).toList(), policy.driftWindow());
        return resolved.stream().map(r -> judgedOverTime(r).map(baselines::get).map(r.facts()::withBaseline)
                .orElse(r.facts())).toList();
    }

    /** The field whose drift a price or stock change is judged on; none for the other kinds. */
    private static Optional<ExecutedChanges.Field> judgedOverTime(OperationPlanner.Resolved r) {
        ProductField field = switch (r.facts().kind()) {
            case PRICE -> ProductField.PRICE;
            case INVENTORY -> ProductField.INVENTORY;
            default -> null;
        };
        return Optional.ofNullable(field).map(f -> new ExecutedChanges.Field(r.facts().sku(), f.key()));
    }

    /** The user state the policy takes for {@code subject} in an MCP session (describe_policy shows it too). */
    public UserState userState(String subject, Optional<String> mcpSessionId) {
        return new UserState(userStates.stress(subject), sessionMinutes(mcpSessionId), userStates.enabled(subject));
    }

    /** Whole minutes since the MCP session started; zero for none, or one this server does not know. */
    private long sessionMinutes(Optional<String> mcpSessionId) {
        return mcpSessionId.flatMap(sessions::find)
                .map(s -> s.minutesAt(Instant.now()))
                .orElse(0L);
    }
}
