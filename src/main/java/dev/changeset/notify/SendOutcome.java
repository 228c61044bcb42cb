package dev.changeset.notify;

/**
 * What became of one Gmail send. The delivery status beside a receipt is kept from it: {@link Sent} is SENT,
 * {@link Rejected} and {@link Failed} are FAILED (nothing was sent), {@link Ambiguous} is AMBIGUOUS (maybe sent:
 * never re-sent on its own).
 */
public sealed interface SendOutcome {

    /** Gmail accepted the message. */
    record Sent(String messageId, String threadId) implements SendOutcome {
    }

    /**
     * Gmail refused the request (4xx other than 429): retrying the same request will not help. A 401 means the
     * Google token is no longer valid (drop it, exchange again, retry once); 403 {@code insufficientPermissions}
     * means the user did not grant {@code gmail.send}.
     */
    record Rejected(int status, String reason, String message) implements SendOutcome {
    }

    /** Nothing was sent and trying again later may work: 429, 5xx, or the connection could not be made. */
    record Failed(int status, String message) implements SendOutcome {
    }

    /** The request may have reached Gmail but no answer came back (timeout or connection lost after sending). */
    record Ambiguous(String message) implements SendOutcome {
    }
}
