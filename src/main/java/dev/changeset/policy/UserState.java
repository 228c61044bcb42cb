package dev.changeset.policy;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The caller's state as the user-state rule sees it. Escalation only: it can raise a write's tier, never lower it.
 *
 * @param stress the live signal's stress, 0..1, when an assistive sidecar posted one that has not expired
 * @param sessionMinutes whole minutes since the MCP session started
 * @param signalsEnabled false when the user turned user-state signals off: then the rule ignores all of it
 */
public record UserState(Optional<BigDecimal> stress, long sessionMinutes, boolean signalsEnabled) {

    public UserState {
        stress = stress == null ? Optional.empty() : stress;
    }

    /** The stress the rules compare: the live signal's, else zero (no signal, no penalty). */
    public BigDecimal stressOrZero() {
        return stress.orElse(BigDecimal.ZERO);
    }

    /**
     * Why the user-state rule raised a tier, in words (without a full stop). It names the threshold crossed, never the signal's value:
     * the reason is stored with the changeset and its receipt, the signal itself is not.
     */
    public String escalationReason(Thresholds thresholds) {
        StringBuilder why = new StringBuilder();
        if (stressOrZero().compareTo(thresholds.stress()) > 0) {
            why.append("your assistive signal reports stress above ").append(thresholds.stress().toPlainString());
        }
        if (sessionMinutes > thresholds.sessionMinutes()) {
            why.append(why.length() == 0 ? "" : " and ").append("this session has run ").append(sessionMinutes)
                    .append(" minutes, more than ").append(thresholds.sessionMinutes());
        }
        return Character.toUpperCase(why.charAt(0)) + why.substring(1);
    }

    /** A user state with no live signal. */
    public static UserState sessionOnly(long sessionMinutes) {
        return new UserState(Optional.empty(), sessionMinutes, true);
    }
}
