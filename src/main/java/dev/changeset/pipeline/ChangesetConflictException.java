package dev.changeset.pipeline;

/** The changeset is not in a state where the asked step is possible (cancel after execution started, ...). */
public class ChangesetConflictException extends UserActionable {

    public ChangesetConflictException(String message) {
        super(Kind.CONFLICT, message);
    }
}
