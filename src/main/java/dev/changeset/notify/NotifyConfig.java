package dev.changeset.notify;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Notifier (Gmail). */
@ConfigMapping(prefix = "changeset.notify")
public interface NotifyConfig {

    /** Gmail API root URL, with a trailing slash ({@code https://gmail.googleapis.com/} in production). */
    URI gmailRootUrl();

    /** Connect and read deadline of one Gmail call. */
    @WithDefault("20S")
    Duration gmailTimeout();

    /** At most this many recipients per receipt email. */
    @WithDefault("10")
    int maxRecipients();

    /** Attempts per email before it is FAILED (a lost answer is never retried: it is AMBIGUOUS). */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the second attempt; doubled for each later one. */
    @WithDefault("2S")
    Duration retryBackoff();

    /**
     * How long an email waits when Gmail refuses it for a rate or quota limit without saying until when (Gmail's
     * per-minute quotas refill every minute); a limit does not use up an attempt.
     */
    @WithDefault("60S")
    Duration limitWait();

    /** How many times one email waits out Gmail's limits before it is FAILED (nothing sent; send it again later). */
    @WithDefault("10")
    int maxLimitWaits();
}
