package dev.changeset.policy;

import java.util.Optional;

/**
 * What the rules know about the changeset as a whole.
 *
 * @param writeCount how many of its operations are writes (the bulk rule counts these)
 * @param callerEmail the caller's address, when the token carries it
 */
public record ChangesetFacts(int writeCount, Optional<String> callerEmail) {

    public ChangesetFacts {
        callerEmail = callerEmail == null ? Optional.empty() : callerEmail;
    }
}
