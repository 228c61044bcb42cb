package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.util.List;

import dev.changeset.policy.Tier;

/**
 * An operation after preview: resolved against the sheet (row and cells, with the values read then and the
 * values to write) and decided by the policy (tier, the rules that fired, why, escalations).
 *
 * @param skuCell the A1 address of the row's SKU cell: the write checks the row still holds this SKU
 * @param changePercent the relative change of the price or stock, when there is one
 * @param verified set after the write: whether read-back found the target values
 */
public record PlannedOperation(int index, String op, String sku, String productName, int row, String skuCell,
        List<CellChange> cells, BigDecimal changePercent, Tier tier, List<String> rulesFired, String reason,
        List<String> escalations, Boolean verified) {

    public PlannedOperation withVerified(boolean ok) {
        return new PlannedOperation(index, op, sku, productName, row, skuCell, cells, changePercent, tier, rulesFired,
                reason, escalations, ok);
    }
}
