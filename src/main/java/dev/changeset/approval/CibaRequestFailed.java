package dev.changeset.approval;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code /bc-authorize} did not start an approval. {@link #reason()} says what the caller can do; {@link
 * #getMessage()} says it in words for a person (Auth0's own description included, never a secret).
 */
public final class CibaRequestFailed extends Exception {

    /** What went wrong, by what can be done about it. */
    public enum Reason {
        /** The user has no Guardian push enrollment (and no email channel): they must enroll first. */
        NO_ENROLLMENT,
        /** Auth0 sends a user at most 5 requests a minute: try again after {@link #retryAfter()}. */
        TOO_MANY_REQUESTS,
        /** Auth0 refused this server's CIBA client (401/403): the server is misconfigured. */
        CLIENT_MISCONFIGURED,
        /** Auth0 refused the binding message. */
        BAD_BINDING_MESSAGE,
        /** Auth0 refused the request for another stated reason (unknown user, audience, details, ...). */
        REJECTED,
        /** Auth0 could not be reached or failed (network, timeout, 5xx): not a decision, try again later. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String error;
    private final transient Optional<Duration> retryAfter;

    CibaRequestFailed(Reason reason, String error, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** Auth0's {@code error} code, when it answered with one. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** When to try again, for {@link Reason#TOO_MANY_REQUESTS} when Auth0 said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
