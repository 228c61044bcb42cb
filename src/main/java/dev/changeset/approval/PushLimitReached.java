package dev.changeset.approval;

/** A push was not sent: the person already has as many approvals of this kind as the bounds allow. */
public class PushLimitReached extends RuntimeException {

    PushLimitReached(String message) {
        super(message);
    }
}
