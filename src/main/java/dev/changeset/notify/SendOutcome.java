package dev.changeset.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * What became of one Gmail send. The delivery status beside a receipt is kept from it: {@link Sent} is SENT,
 * {@link Rejected} is FAILED, {@link Failed} is retried a bounded number of times, {@link Limited} is retried later
 * (nothing was sent in any of these), {@link Ambiguous} is AMBIGUOUS (maybe sent: never re-sent on its own).
 */
public sealed interface SendOutcome {

    /** Gmail accepted the message. */
    record Sent(String messageId, String threadId) implements SendOutcome {
    }

    /**
     * Gmail refused the request (4xx other than a limit): retrying the same request will not help. A 401 means the
     * Google token is no longer valid (drop it, exchange again, retry once); {@code scopeInsufficient} (403
     * {@code insufficientPermissions} or {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}) means the user did not grant
     * {@code gmail.send}.
     */
    record Rejected(int status, String reason, String message, boolean scopeInsufficient) implements SendOutcome {
    }

    /**
     * Nothing was sent and trying again may work: 5xx, or the connection could not be made.
     */
    record Failed(int status, String message) implements SendOutcome {
    }

    /**
     * Nothing was sent: Gmail is limiting this user or this server's project (429, or 403
     * {@code rateLimitExceeded}, {@code userRateLimitExceeded}, {@code dailyLimitExceeded}: Gmail "Resolve errors").
     * Trying again later works, once the limit refills; {@code retryAt} is when Gmail said to, if it did.
     */
    record Limited(int status, String reason, String message, Optional<Instant> retryAt) implements SendOutcome {
    }

    /** The request may have reached Gmail but no answer came back (timeout or connection lost after sending). */
    record Ambiguous(String message) implements SendOutcome {
    }
}
