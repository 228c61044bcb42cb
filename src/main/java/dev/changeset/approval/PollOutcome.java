package dev.changeset.approval;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.changeset.identity.AccessToken;

/**
 * What one poll of a CIBA request learned, in the fixed ladder of CIBA Core section 11: still pending, poll
 * slower, approved, denied, expired, not a valid request, or no answer at all. Only {@link Approved},
 * {@link Denied}, {@link Expired} and {@link Invalid} end a request; {@link Unavailable} is never a decision.
 */
public sealed interface PollOutcome {

    /** {@code authorization_pending}: poll again after the current interval. */
    record Pending() implements PollOutcome {
    }

    /**
     * {@code slow_down}: this request's interval grows by the slow-down step (5 s) for every later poll. Auth0 may
     * name the interval it expects ({@code interval} in the body); {@link #nextInterval} takes the larger.
     */
    record SlowDown(Optional<Duration> serverInterval, Duration step) implements PollOutcome {
        /** The interval to use from now on for this request, given the one used so far. */
        public Duration nextInterval(Duration current) {
            Duration grown = current.plus(step);
            return serverInterval.filter(s -> s.compareTo(grown) > 0).orElse(grown);
        }
    }

    /**
     * The user approved. {@code accessToken} has this server's API as audience and the approver as subject;
     * {@code authorizationDetails} is the RAR array Auth0 echoed (empty when it echoed none).
     */
    record Approved(AccessToken accessToken, Duration expiresIn, String scope,
            Optional<String> authorizationDetails) implements PollOutcome {
        public Approved {
            Objects.requireNonNull(accessToken, "accessToken");
        }

        /** The {@code operations_hash} the approver saw, as echoed by Auth0. */
        public Optional<String> echoedOperationsHash() {
            return authorizationDetails.flatMap(ApprovalDetails::operationsHashIn);
        }

        @Override
        public String toString() {
            return "Approved[expiresIn=" + expiresIn + ", scope=" + scope + ", operationsHash="
                    + echoedOperationsHash().orElse("none") + "]";
        }
    }

    /** {@code access_denied}: the user tapped Deny, or (Auth0) the request expired unanswered. */
    record Denied(String description) implements PollOutcome {
    }

    /** {@code expired_token}: the request expired (CIBA Core); a new request would be needed. */
    record Expired(String description) implements PollOutcome {
    }

    /** {@code invalid_grant}: Auth0 does not know this id, or it was already redeemed (single use). */
    record Invalid(String description) implements PollOutcome {
    }

    /** No decision could be read: try again at the next interval, until the request's own deadline. */
    record Unavailable(Reason reason, String detail) implements PollOutcome {
    }

    /** Why a poll gave no decision. */
    enum Reason {
        /** Connection refused, reset or timed out. */
        NETWORK,
        /** Auth0 answered 5xx. */
        SERVER_ERROR,
        /** Auth0 answered 429. */
        RATE_LIMITED,
        /** Auth0 refused this server's client (401, {@code invalid_client}, {@code unauthorized_client}): fix
         * {@code changeset.approval.client-id}/{@code client-secret}. */
        CLIENT_MISCONFIGURED,
        /** An answer this client does not understand. */
        UNEXPECTED_ANSWER
    }
}
