package dev.changeset.policy;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The numbers the rules compare against, from configuration ({@code changeset.policy.*}). Inserted into every
 * rule session as a fact. Every comparison is strict: a value equal to its threshold does not trigger the rule.
 *
 * @param priceMovePercent a price move over this percent (either way) is T2
 * @param priceCutPercent a price cut over this percent is T3
 * @param stockMovePercent a stock move over this percent (either way) is T2
 * @param bulkWrites a changeset with more writes than this raises each write one tier
 * @param stress a live stress signal over this (0..1) raises each write one tier
 * @param sessionMinutes an MCP session longer than this raises each write one tier
 * @param signalTtl how long a user-state signal counts after it was posted
 * @param driftWindow how far back a price or stock change is also judged from (the {@link Baseline}'s window)
 */
public record Thresholds(BigDecimal priceMovePercent, BigDecimal priceCutPercent, BigDecimal stockMovePercent,
        int bulkWrites, BigDecimal stress, long sessionMinutes, Duration signalTtl, Duration driftWindow) {

    /**
     * Refuses incomplete or senseless thresholds. This matters: in a rule, a comparison with a null is simply
     * false, so a missing threshold would silently switch its rule off instead of failing.
     */
    public Thresholds {
        requirePositive("price-move-percent", priceMovePercent);
        requirePositive("price-cut-percent", priceCutPercent);
        requirePositive("stock-move-percent", stockMovePercent);
        requirePositive("user-state.stress", stress);
        if (stress.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("changeset.policy.user-state.stress must be at most 1, got " + stress);
        }
        if (bulkWrites < 0 || sessionMinutes < 0) {
            throw new IllegalArgumentException("changeset.policy.bulk-writes and user-state.session-minutes must not "
                    + "be negative");
        }
        if (signalTtl == null || signalTtl.isNegative() || signalTtl.isZero()) {
            throw new IllegalArgumentException("changeset.policy.user-state.signal-ttl must be positive");
        }
        if (driftWindow == null || driftWindow.isNegative() || driftWindow.isZero()) {
            throw new IllegalArgumentException("changeset.policy.drift-window must be positive, got " + driftWindow);
        }
    }

    /** The drift window for people: "24 hours", "90 minutes", "20 seconds" (less than a second reads 1 second). */
    public String driftWindowText() {
        long seconds = Math.max(1, driftWindow.toSeconds());
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static void requirePositive(String name, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException("changeset.policy." + name + " must be a positive number, got " + value);
        }
    }

    static Thresholds of(PolicyConfig config) {
        return new Thresholds(config.priceMovePercent(), config.priceCutPercent(), config.stockMovePercent(),
                config.bulkWrites(), config.userState().stress(), config.userState().sessionMinutes(),
                config.userState().signalTtl(), config.driftWindow());
    }
}
