package dev.changeset.approval;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One operation as the approver sees it and as its hash binds it: the row's SKU, the column, the cell's value
 * before (as previewed) and after, and the operation's tier. {@code before} and {@code after} are the cells' text;
 * {@code null} stands for an empty cell.
 */
public record ApprovalItem(String sku, String field, String before, String after, String tier) {

    private static final Pattern TIER = Pattern.compile("T[0-3]");

    public ApprovalItem {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(field, "field");
        if (sku.isBlank() || field.isBlank()) {
            throw new IllegalArgumentException("an approval item needs a SKU and a field");
        }
        if (tier == null || !TIER.matcher(tier).matches()) {
            throw new IllegalArgumentException("tier '" + tier + "' is not one of T0, T1, T2, T3");
        }
    }
}
