package dev.changeset.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule-session fact for one operation: its numbers, with the derived percents the rules compare, and the
 * outcome the rules write into it (tier, rules fired, sentences). Public only because the rule engine's
 * generated code reads it; nothing outside this package should use it. One instance lives for one evaluation.
 */
public final class Assessment {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final OperationFacts op;
    private final BigDecimal priceChange;
    private final BigDecimal stockChange;
    private Tier tier;
    private final List<String> rulesFired = new ArrayList<>(4);
    private final List<String> reasons = new ArrayList<>(2);
    private final List<String> escalations = new ArrayList<>(2);

    Assessment(OperationFacts op) {
        this.op = op;
        this.priceChange = op.kind() == OperationKind.PRICE ? percentChange(op.oldPrice(), op.newPrice()) : null;
        this.stockChange = op.kind() == OperationKind.INVENTORY
                ? percentChange(BigDecimal.valueOf(op.oldInventory()), BigDecimal.valueOf(op.newInventory()))
                : null;
    }

    /** Signed percent change from {@code from} to {@code to}; null when {@code from} is zero (no base). */
    private static BigDecimal percentChange(BigDecimal from, BigDecimal to) {
        if (from.signum() == 0) {
            return null;
        }
        // DECIMAL128 (34 digits) cannot round a change of prices with 2 decimals onto a threshold it misses.
        return to.subtract(from).multiply(HUNDRED).divide(from, MathContext.DECIMAL128);
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

    /** Size of the price move in percent, either way; null when the current price is zero. */
    public BigDecimal getPriceMove() {
        return priceChange == null ? null : priceChange.abs();
    }

    /** Size of the price cut in percent (negative for a rise); null when the current price is zero. */
    public BigDecimal getPriceCut() {
        return priceChange == null ? null : priceChange.negate();
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

    /** Size of the stock move in percent, either way; null when the current stock is zero. */
    public BigDecimal getStockMove() {
        return stockChange == null ? null : stockChange.abs();
    }

    /** Stock set on a product that has none: no percent exists, so it counts as a large move. */
    public boolean isStockFromZero() {
        return op.kind() == OperationKind.INVENTORY && op.oldInventory() == 0 && op.newInventory() != 0;
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
        return signed(priceChange);
    }

    /** The signed stock change, formatted for a sentence. */
    public String getStockChangeText() {
        return signed(stockChange);
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

    private static String signed(BigDecimal change) {
        if (change == null) {
            return "from zero";
        }
        return (change.signum() > 0 ? "+" : "") + percent(change);
    }
}
