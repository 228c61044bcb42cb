package dev.changeset.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One operation as the policy sees it: what it does and the numbers the rules compare. Only the fields of its
 * kind are read; the others stay null. Money and percents are {@link BigDecimal}; stock is a whole number.
 *
 * @param index the operation's position in its changeset (decisions come back with it)
 * @param sku the product, for the sentences people read
 * @param kind what the operation does
 * @param oldPrice the current price (PRICE)
 * @param newPrice the proposed price (PRICE)
 * @param cost the product's unit cost (PRICE)
 * @param oldInventory the current stock (INVENTORY)
 * @param newInventory the stock after the change (INVENTORY)
 * @param promotionActiveBefore whether a promotion runs now (PROMOTION)
 * @param promotionPercentBefore its percent now (PROMOTION)
 * @param promotionActiveAfter whether it runs after the change (PROMOTION)
 * @param promotionPercentAfter its percent after the change (PROMOTION)
 * @param recipient where a message goes (NOTIFY); appears in no decision text
 * @param recipientIsCaller whether that address is the caller's own (NOTIFY)
 * @param baseline where the price or stock stood at the start of the drift window, when this server changed it
 *        within the window (PRICE, INVENTORY); null when it did not: the current value is the baseline then
 */
public record OperationFacts(int index, String sku, OperationKind kind,
        BigDecimal oldPrice, BigDecimal newPrice, BigDecimal cost,
        Long oldInventory, Long newInventory,
        Boolean promotionActiveBefore, BigDecimal promotionPercentBefore,
        Boolean promotionActiveAfter, BigDecimal promotionPercentAfter,
        String recipient, Boolean recipientIsCaller, Baseline baseline) {

    public OperationFacts {
        Objects.requireNonNull(kind, "kind");
    }

    public static OperationFacts read(int index, String sku) {
        return new OperationFacts(index, sku, OperationKind.READ, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public static OperationFacts price(int index, String sku, BigDecimal oldPrice, BigDecimal newPrice,
            BigDecimal cost) {
        return new OperationFacts(index, sku, OperationKind.PRICE, oldPrice, newPrice, cost, null, null, null, null,
                null, null, null, null, null);
    }

    public static OperationFacts promotion(int index, String sku, boolean activeBefore, BigDecimal percentBefore,
            boolean activeAfter, BigDecimal percentAfter) {
        return new OperationFacts(index, sku, OperationKind.PROMOTION, null, null, null, null, null, activeBefore,
                percentBefore, activeAfter, percentAfter, null, null, null);
    }

    public static OperationFacts inventory(int index, String sku, long oldInventory, long newInventory) {
        return new OperationFacts(index, sku, OperationKind.INVENTORY, null, null, null, oldInventory, newInventory,
                null, null, null, null, null, null, null);
    }

    public static OperationFacts notification(int index, String recipient, boolean recipientIsCaller) {
        return new OperationFacts(index, null, OperationKind.NOTIFY, null, null, null, null, null, null, null, null,
                null, recipient, recipientIsCaller, null);
    }

    /** These facts with {@code baseline} (null: none); see {@link Baseline}. */
    public OperationFacts withBaseline(Baseline baseline) {
        return new OperationFacts(index, sku, kind, oldPrice, newPrice, cost, oldInventory, newInventory,
                promotionActiveBefore, promotionPercentBefore, promotionActiveAfter, promotionPercentAfter, recipient,
                recipientIsCaller, baseline);
    }
}
