package dev.changeset.approval;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on the pushes one person can be sent, per kind (a changeset's approval, mailing a receipt to other
 * addresses, turning signals off): an assistant that asks again and again must not be able to wear a person down
 * into tapping Approve (push fatigue). A request over a bound is refused with no push. Changesets have bounds of
 * their own: the server cannot check that the person was shown each preview (a review found an assistant could
 * preview, apply and cancel in a loop, one push each time).
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

    /**
     * At most this many changeset approvals a person asked for themselves (as requester) may wait at once; applying
     * another is refused without a push and the changeset stays previewed.
     */
    @WithDefault("3")
    int changesetMaxPending();

    /** At most this many changeset approvals a person asks for themselves (as requester) within {@code window}. */
    @WithDefault("20")
    int changesetMaxPerWindow();

    /**
     * At most this many changeset approvals may wait on one person's phone at once from everyone together: their own
     * and those asked of them as a second approver. Larger than {@code changeset-max-pending}, so one requester's
     * own bound can never fill a shared second approver's phone and block everyone's four-eyes changes (a review
     * found alice's three pending T3 changes refused carol's); several requesters together are bounded by this.
     */
    @WithDefault("10")
    int phoneMaxPending();

    /**
     * At most this many changeset approvals are sent to one person within {@code window} from everyone together,
     * decided or not. Larger than {@code changeset-max-per-window}, for the same reason.
     */
    @WithDefault("60")
    int phoneMaxPerWindow();
}
