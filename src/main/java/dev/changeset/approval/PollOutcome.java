package dev.changeset.approval;

import java.time.Duration;
import java.util.List;
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
     * {@code slow_down}, whatever the HTTP status it came with (400 as CIBA Core section 11 says, or 429): this
     * request's interval grows by the slow-down step (5 s) for every later poll. Auth0 may name the interval it
     * expects ({@code interval} in the body) and adds a {@code Retry-After} header ("how many seconds to wait before
     * attempting to poll again", https://auth0.com/docs/api/authentication/login/check-back-channel-login-status);
     * {@link #nextInterval} takes the largest of the three.
     */
    record SlowDown(Optional<Duration> serverInterval, Optional<Duration> retryAfter, Duration step)
            implements PollOutcome {
        public SlowDown(Optional<Duration> serverInterval, Duration step) {
            this(serverInterval, Optional.empty(), step);
        }

        /** The interval to use from now on for this request, given the one used so far. */
        public Duration nextInterval(Duration current) {
            Duration next = current.plus(step);
            for (Optional<Duration> asked : List.of(serverInterval, retryAfter)) {
                if (asked.isPresent() && asked.get().compareTo(next) > 0) {
                    next = asked.get();
                }
            }
            return next;
        }
    }

    /**
     * The user approved. {@code accessToken} has this server's API as audience and the approver as subject;
     * {@code authorizationDetails} is the RAR array Auth0 echoed (empty when it echoed none); {@code channel} how the
     * person answered ({@code guardian-push} or {@code email}), from the access token's
     * {@code changeset.approval.channel-claim} (empty when the tenant's Action did not set it).
     */
    record Approved(AccessToken accessToken, Duration expiresIn, String scope,
            Optional<String> authorizationDetails, Optional<String> channel) implements PollOutcome {
        public Approved {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(channel, "channel");
        }

        public Approved(AccessToken accessToken, Duration expiresIn, String scope,
                Optional<String> authorizationDetails) {
            this(accessToken, expiresIn, scope, authorizationDetails, Optional.empty());
        }

        /** The {@code operations_hash} the approver saw, as echoed by Auth0. */
        public Optional<String> echoedOperationsHash() {
            return authorizationDetails.flatMap(ApprovalDetails::operationsHashIn);
        }

        @Override
        public String toString() {
            return "Approved[expiresIn=" + expiresIn + ", scope=" + scope + ", operationsHash="
                    + echoedOperationsHash().orElse("none") + ", channel=" + channel.orElse("unknown") + "]";
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

    /**
     * No decision could be read: try again at the next interval, or after {@code retryAfter} when Auth0 said so
     * (a 429 without {@code slow_down}), until the request's own deadline.
     */
    record Unavailable(Reason reason, String detail, Optional<Duration> retryAfter) implements PollOutcome {
        public Unavailable(Reason reason, String detail) {
            this(reason, detail, Optional.empty());
        }

        /** When to poll again, given the request's interval: never sooner than Auth0 asked. */
        public Duration nextPollIn(Duration interval) {
            return retryAfter.filter(r -> r.compareTo(interval) > 0).orElse(interval);
        }
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
