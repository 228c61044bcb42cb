package dev.changeset.pipeline;

/**
 * Where a request to mail a receipt to other addresses stands: {@code AWAITING_APPROVAL -> APPROVED -> SENDING ->
 * MAILED} (the Notifier took it; its delivery tells Gmail's answer), or {@code DENIED}, {@code EXPIRED}, {@code
 * FAILED} (nothing was sent). Waiting for it uses the changesets' one watch: each state maps to the changeset state
 * of the same step of the story ({@link #watched()}).
 */
public enum ResendState {
    AWAITING_APPROVAL(ChangesetState.AWAITING_APPROVAL),
    APPROVED(ChangesetState.APPROVED),
    SENDING(ChangesetState.EXECUTING),
    MAILED(ChangesetState.SEALED),
    DENIED(ChangesetState.DENIED),
    EXPIRED(ChangesetState.EXPIRED),
    FAILED(ChangesetState.FAILED);

    private final ChangesetState watched;

    ResendState(ChangesetState watched) {
        this.watched = watched;
    }

    /** The changeset state that {@link ChangesetWatch} reports for this one. */
    ChangesetState watched() {
        return watched;
    }

    /** Still going: asking the same receipt and recipients again resumes it. */
    public boolean isOpen() {
        return !watched.isTerminal();
    }
}
