package dev.changeset.policy;

import java.util.List;
import java.util.Optional;

/** A whole changeset for one evaluation: its operations, the changeset's facts, and the caller's state if known. */
public record PolicyRequest(List<OperationFacts> operations, ChangesetFacts changeset, Optional<UserState> userState) {

    public PolicyRequest {
        operations = List.copyOf(operations);
        userState = userState == null ? Optional.empty() : userState;
    }

    /** A request whose write count is counted from the operations. */
    public static PolicyRequest of(List<OperationFacts> operations, Optional<String> callerEmail,
            Optional<UserState> userState) {
        int writes = (int) operations.stream().filter(o -> o.kind().isWrite()).count();
        return new PolicyRequest(operations, new ChangesetFacts(writes, callerEmail), userState);
    }
}
