package dev.changeset.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule-session fact for one operation: its numbers, the comparisons the rules make on them (exact, in
 * {@link BigDecimal}), and the
 * outcome the rules write into it (tier, rules fired, sentences). Public only because the rule engine's
 * generated code reads it; nothing outside this package should use it. One instance lives for one evaluation.
 */
public final class Assessment {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final OperationFacts op;
    private Tier tier;
    private final List<String> rulesFired = new ArrayList<>(4);
    private final List<String> reasons = new ArrayList<>(2);
    private final List<String> escalations = new ArrayList<>(2);

    Assessment(OperationFacts op) {
        this.op = op;
    }

    /**
     * Whether {@code to} differs from {@code from} by more than {@code percent} of {@code from} in the direction
     * {@code sign} (+1 up, -1 down, 0 either way). Exact: {@code |to - from| * 100 > percent * from}, with no
     * division and so no rounding at the boundary. False when {@code from} is zero (no base for a percent).
     */
    private static boolean movesOver(BigDecimal from, BigDecimal to, BigDecimal percent, int sign) {
        if (from.signum() == 0) {
            return false;
        }
        BigDecimal delta = to.subtract(from);
        BigDecimal moved = sign == 0 ? delta.abs() : sign > 0 ? delta : delta.negate();
        return moved.multiply(HUNDRED).compareTo(percent.multiply(from)) > 0;
    }

    /** Signed percent change for people; null when {@code from} is zero. Only sentences use it. */
    private static BigDecimal percentChange(BigDecimal from, BigDecimal to) {
        if (from.signum() == 0) {
            return null;
        }
        return to.subtract(from).multiply(HUNDRED).divide(from, MathContext.DECIMAL64);
    }

    // ---- what the rules read ------------------------------------------------------------------------------

    public int getIndex() {
        return op.index();
    }

    public String getSku() {
        return op.sku();
    }

    public OperationKind getKind() {
        return op.kind();
    }

    public boolean isWrite() {
        return op.kind().isWrite();
    }

    public BigDecimal getOldPrice() {
        return op.oldPrice();
    }

    public BigDecimal getNewPrice() {
        return op.newPrice();
    }

    public BigDecimal getCost() {
        return op.cost();
    }

    /** Whether the price moves by more than {@code percent}, up or down. */
    public boolean priceMovesOver(BigDecimal percent) {
        return op.kind() == OperationKind.PRICE && movesOver(op.oldPrice(), op.newPrice(), percent, 0);
    }

    /** Whether the price is cut by more than {@code percent}. */
    public boolean priceCutOver(BigDecimal percent) {
        return op.kind() == OperationKind.PRICE && movesOver(op.oldPrice(), op.newPrice(), percent, -1);
    }

    /** A price set on a product whose current price is zero: no percent exists, so it counts as a large move. */
    public boolean isPriceFromZero() {
        return op.kind() == OperationKind.PRICE && op.oldPrice().signum() == 0 && op.newPrice().signum() != 0;
    }

    public long getOldInventory() {
        return op.oldInventory() == null ? 0 : op.oldInventory();
    }

    public long getNewInventory() {
        return op.newInventory() == null ? 0 : op.newInventory();
    }

    /** Stock goes from something to nothing. */
    public boolean isStockZeroed() {
        return op.kind() == OperationKind.INVENTORY && op.newInventory() == 0 && op.oldInventory() != 0;
    }

    /** Whether the stock moves by more than {@code percent}, up or down. */
    public boolean stockMovesOver(BigDecimal percent) {
        return op.kind() == OperationKind.INVENTORY && movesOver(BigDecimal.valueOf(op.oldInventory()),
                BigDecimal.valueOf(op.newInventory()), percent, 0);
    }

    /** Stock set on a product that has none: no percent exists, so it counts as a large move. */
    public boolean isStockFromZero() {
        return op.kind() == OperationKind.INVENTORY && op.oldInventory() == 0 && op.newInventory() != 0;
    }

    // ---- drift: the change judged against where the field stood at the start of the window (see Baseline) ----

    /**
     * Whether {@code to} is farther from {@code baseline} than {@code from} is: a move back toward the value the
     * window began with is never judged by the drift rules (only by the move itself).
     */
    private static boolean away(BigDecimal baseline, BigDecimal from, BigDecimal to) {
        return to.subtract(baseline).abs().compareTo(from.subtract(baseline).abs()) > 0;
    }

    /** Whether a change of {@code from} to {@code to} drifts over {@code percent} from the baseline, that way. */
    private boolean driftsOver(BigDecimal from, BigDecimal to, BigDecimal percent, int sign) {
        Baseline b = op.baseline();
        return b != null && away(b.value(), from, to) && movesOver(b.value(), to, percent, sign);
    }

    /** Whether the new price is more than {@code percent} from the baseline, up or down, and farther than now. */
    public boolean priceDriftsOver(BigDecimal percent) {
        return op.kind() == OperationKind.PRICE && driftsOver(op.oldPrice(), op.newPrice(), percent, 0);
    }

    /** Whether the new price is more than {@code percent} below the baseline, and farther than now. */
    public boolean priceDriftCutOver(BigDecimal percent) {
        return op.kind() == OperationKind.PRICE && driftsOver(op.oldPrice(), op.newPrice(), percent, -1);
    }

    /** Whether the new stock is more than {@code percent} from the baseline, up or down, and farther than now. */
    public boolean stockDriftsOver(BigDecimal percent) {
        return op.kind() == OperationKind.INVENTORY && driftsOver(BigDecimal.valueOf(op.oldInventory()),
                BigDecimal.valueOf(op.newInventory()), percent, 0);
    }

    /** The new price against the baseline, for a sentence ("61.19% below 66.99"). */
    public String getPriceDriftText() {
        return fromBaseline(op.newPrice());
    }

    /** The new stock against the baseline, for a sentence ("63.79% below 359"). */
    public String getStockDriftText() {
        return fromBaseline(BigDecimal.valueOf(op.newInventory()));
    }

    /** How long ago the baseline stood, in executed changes ("1 change ago", "8 changes ago"). */
    public String getBaselineAgo() {
        int changes = op.baseline() == null ? 0 : op.baseline().changes();
        return changes + (changes == 1 ? " change ago" : " changes ago");
    }

    private String fromBaseline(BigDecimal to) {
        BigDecimal from = op.baseline().value();
        String change = signed(percentChange(from, to));
        return change.startsWith("-") ? change.substring(1) + " below " + from.toPlainString()
                : change.replace("+", "") + " above " + from.toPlainString();
    }

    /** Whether a promotion is switched on or off, or its percent changes. */
    public boolean isPromotionChanged() {
        return op.kind() == OperationKind.PROMOTION
                && (!op.promotionActiveBefore().equals(op.promotionActiveAfter())
                        || op.promotionPercentBefore().compareTo(op.promotionPercentAfter()) != 0);
    }

    public boolean isPromotionActiveAfter() {
        return Boolean.TRUE.equals(op.promotionActiveAfter());
    }

    public BigDecimal getPromotionPercentAfter() {
        return op.promotionPercentAfter();
    }

    public boolean isRecipientIsCaller() {
        return Boolean.TRUE.equals(op.recipientIsCaller());
    }

    /** The signed price change, formatted for a sentence ("+20%", "-30.01%"). */
    public String getPriceChangeText() {
        return signed(percentChange(op.oldPrice(), op.newPrice()));
    }

    /** The signed stock change, formatted for a sentence. */
    public String getStockChangeText() {
        return signed(percentChange(BigDecimal.valueOf(op.oldInventory()), BigDecimal.valueOf(op.newInventory())));
    }

    // ---- what the rules write -----------------------------------------------------------------------------

    /**
     * Records that {@code rule} fired and requires at least {@code atLeast}. Its sentence becomes the reason when
     * it sets the highest tier so far (and joins it when it ties).
     */
    public void require(Tier atLeast, String rule, String sentence) {
        rulesFired.add(rule);
        if (tier == null || atLeast.compareTo(tier) > 0) {
            tier = atLeast;
            reasons.clear();
            reasons.add(sentence);
        } else if (atLeast == tier) {
            reasons.add(sentence);
        }
    }

    /**
     * Records that {@code rule} raised this operation one tier (never above T3) because of {@code why}, a
     * sentence without its full stop.
     */
    public void escalate(String rule, String why) {
        if (tier == null) {
            throw new IllegalStateException("rule " + rule + " escalated operation " + op.index()
                    + " before any rule gave it a tier");
        }
        rulesFired.add(rule);
        Tier raised = tier.raise();
        escalations.add(why + (raised == tier ? " (already at T3, the highest tier)" : "") + ".");
        tier = raised;
    }

    // ---- what the engine reads back -----------------------------------------------------------------------

    Tier tier() {
        return tier;
    }

    List<String> rulesFired() {
        return rulesFired;
    }

    List<String> escalations() {
        return escalations;
    }

    String reason() {
        StringBuilder text = new StringBuilder(String.join(" ", reasons));
        for (String escalation : escalations) {
            text.append(" Raised one tier: ").append(escalation);
        }
        return text.toString();
    }

    /** A percent for people: sign, at most two decimals, no trailing zeros. */
    public static String percent(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * A change for people, rounded away from zero at two decimals, so that a change over a threshold never reads
     * as equal to it (+10.001% reads +10.01%, not +10%).
     */
    private static String signed(BigDecimal change) {
        if (change == null) {
            return "from zero";
        }
        return (change.signum() > 0 ? "+" : "")
                + change.setScale(2, RoundingMode.UP).stripTrailingZeros().toPlainString() + "%";
    }
}
