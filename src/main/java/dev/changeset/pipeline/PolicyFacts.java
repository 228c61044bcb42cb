package dev.changeset.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.identity.Caller;
import dev.changeset.identity.McpSessions;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.UserState;
import dev.changeset.signals.UserStates;

/**
 * Builds the policy's request: the operations' facts, the caller's address, and the caller's user state, which is
 * the live stress signal and the switch (package {@code signals}) and the MCP session's age (from the session's
 * start as the access gate recorded it). The policy only reads these facts; it keeps no state of its own.
 */
@ApplicationScoped
public class PolicyFacts {

    private final UserStates userStates;
    private final McpSessions sessions;

    PolicyFacts(UserStates userStates, McpSessions sessions) {
        this.userStates = userStates;
        this.sessions = sessions;
    }

    PolicyRequest request(Caller caller, Optional<String> mcpSessionId, List<OperationPlanner.Resolved> resolved) {
        return PolicyRequest.of(resolved.stream().map(OperationPlanner.Resolved::facts).toList(), caller.email(),
                Optional.of(userState(caller.subject(), mcpSessionId)));
    }

    /** The user state the policy takes for {@code subject} in an MCP session (describe_policy shows it too). */
    public UserState userState(String subject, Optional<String> mcpSessionId) {
        return new UserState(userStates.stress(subject), sessionMinutes(mcpSessionId), userStates.enabled(subject));
    }

    /** Whole minutes since the MCP session started; zero for none, or one this server does not know. */
    private long sessionMinutes(Optional<String> mcpSessionId) {
        return mcpSessionId.flatMap(sessions::find)
                .map(s -> Math.max(0, Duration.between(s.startedAt(), Instant.now()).toMinutes()))
                .orElse(0L);
    }
}
