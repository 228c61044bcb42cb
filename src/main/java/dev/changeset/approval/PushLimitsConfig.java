package dev.changeset.approval;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on the pushes one person can be sent for approvals other than a changeset's (mailing a receipt to other
 * addresses, turning signals off), per kind: an assistant that asks again and again must not be able to wear a
 * person down into tapping Approve (push fatigue). A request over a bound is refused with no push. Changesets are
 * not bounded here: each of their pushes follows a preview the person is shown.
 */
@ConfigMapping(prefix = "changeset.approval.push-limits")
public interface PushLimitsConfig {

    /**
     * At most this many approvals of one kind other than a changeset (email approvals, signals off) may wait on a
     * person's phone at once; another is refused without a push.
     */
    @WithDefault("3")
    int maxPending();

    /**
     * At most this many approvals of one kind other than a changeset are sent to a person within {@code window},
     * decided or not; another is refused without a push.
     */
    @WithDefault("10")
    int maxPerWindow();

    /** The rolling window that {@code max-per-window} counts in. */
    @WithDefault("1H")
    Duration window();
}
