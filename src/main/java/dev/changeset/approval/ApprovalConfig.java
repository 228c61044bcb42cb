package dev.changeset.approval;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The approval gate's settings: the Auth0 application that sends CIBA requests, and the clocks of a wait.
 * dev and test point at the sandbox's CIBA client (see application.properties); production reads the real client
 * from the environment. {@link ApprovalConfigCheck} refuses values Auth0 would not honour at start-up.
 */
@ConfigMapping(prefix = "changeset.approval")
public interface ApprovalConfig {

    /** The Auth0 application allowed to use CIBA (grant type {@code urn:openid:params:grant-type:ciba}). */
    String clientId();

    /** That application's client secret (client_secret_post). Never logged. */
    String clientSecret();

    /**
     * {@code requested_expiry} of each request: at most 300 s, since above that Auth0 drops the Guardian push and
     * sends an email instead.
     */
    @WithDefault("300S")
    Duration requestedExpiry();

    /** Space-separated scopes asked for; must contain {@code openid}. */
    @WithDefault("openid")
    String scope();

    /** Auth0 user ids (such as {@code auth0|abc}) who may give the second approval of a T3 changeset. */
    Optional<List<String>> secondApprovers();

    /** How long {@code apply_changeset} waits for a decision when the caller does not say. */
    @WithDefault("45S")
    Duration defaultWait();

    /**
     * The longest a tool call waits for an approval, counted from the call's start; at most 230 s (Claude Desktop
     * cuts remote tool calls at 4 minutes). A longer {@code waitSeconds} is cut to it.
     */
    @WithDefault("230S")
    Duration maxWait();

    /**
     * After this much time since the request started, an approval ends whatever Auth0 says (it should have
     * answered {@code access_denied} at {@code requested-expiry}). At least {@code requested-expiry}.
     */
    @WithDefault("320S")
    Duration hardDeadline();

    /**
     * The access-token claim that says how the person answered a CIBA request: {@code guardian-push} (the Guardian
     * push) or {@code email} (Auth0's CIBA email link, used when the user has no push enrollment and the CIBA
     * application has the email channel). Auth0 itself says nothing of the channel in its token answer; the tenant's
     * post-login Action sets this claim from {@code event.transaction.protocol} ({@code oidc-ciba} or
     * {@code oidc-ciba-web-link}); see README, "Running against a real Auth0 tenant", step 5.
     */
    @WithDefault("https://changeset.dev/approval_channel")
    String channelClaim();

    Poll poll();

    /** The Auth0 tenant's own CIBA limits, counted here before asking so that this server never meets them. */
    TenantLimits tenantLimits();

    interface TenantLimits {
        /**
         * {@code /bc-authorize} calls a minute, all users together: Auth0 allows 500 a minute from an IP address
         * (rate-limit configurations, "Back-Channel authorize (CIBA)"); lower it when several servers share a tenant.
         */
        @WithDefault("500")
        int perMinute();

        /** Requests pending at once, all users together: Auth0 allows 5,000 concurrent CIBA transactions. */
        @WithDefault("5000")
        int maxPending();
    }

    Http http();

    /**
     * How the {@code error_description} of a 400 {@code invalid_request} from {@code /bc-authorize} is recognised
     * as "this user has no Guardian push enrollment" (a regular expression, matched anywhere, case-insensitive).
     * Only such an answer becomes {@link CibaRequestFailed.Reason#NO_ENROLLMENT}; every other
     * {@code invalid_request} stays {@link CibaRequestFailed.Reason#REJECTED} with Auth0's words.
     */
    @WithDefault("enrol|push notification|guardian|authenticator")
    String noEnrollmentPattern();

    interface Poll {
        /** Polls in flight at once, per replica (each a blocking HTTP call to Auth0). */
        @WithDefault("8")
        int threads();

        /** The interval used when Auth0's answer carries none. */
        @WithDefault("5S")
        Duration defaultInterval();

        /** What each {@code slow_down} adds to the interval for the rest of that request (CIBA Core: 5 s). */
        @WithDefault("5S")
        Duration slowDownStep();

        /**
         * An approval outcome decided this long ago that never reached the pipeline (the deciding process stopped
         * in between) is delivered again; the sweep that looks for such outcomes runs as often.
         */
        @WithDefault("30S")
        Duration redeliverAfter();
    }

    interface Http {
        /** Connect timeout of every call to Auth0. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** Read timeout of every call to Auth0. */
        @WithDefault("10S")
        Duration readTimeout();
    }
}
