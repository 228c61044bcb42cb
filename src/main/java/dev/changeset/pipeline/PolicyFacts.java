package dev.changeset.pipeline;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.identity.Caller;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.UserState;
import dev.changeset.policy.UserStates;

/** Builds the policy's request: the operations' facts, the caller's address, and the user's state if any. */
@ApplicationScoped
class PolicyFacts {

    private final UserStates userStates;

    PolicyFacts(UserStates userStates) {
        this.userStates = userStates;
    }

    PolicyRequest request(Caller caller, Optional<String> mcpSessionId, List<OperationPlanner.Resolved> resolved) {
        Optional<UserState> state = mcpSessionId.map(id -> userStates.forCaller(caller.subject(), id));
        return PolicyRequest.of(resolved.stream().map(OperationPlanner.Resolved::facts).toList(), caller.email(),
                state);
    }
}
