package dev.changeset.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each SKU of the product sheet is: its rows (a SKU on two rows is a problem the read reports), built from the
 * sheet's header row and its SKU column only. It is a hint, never trusted: every read through it also reads the
 * header row, the SKU cells of the rows it reads, and the last SKU cell with the one below it, in the same batchGet,
 * and any difference (a row inserted, deleted, sorted or appended, a column moved) rebuilds it before anything is
 * used. Immutable; a rebuilt index replaces it.
 *
 * @param header the header row as read
 * @param skuColumn the SKU column (0-based)
 * @param width the columns a product row is read over: up to the last product column
 * @param skuAt the SKU (as read, trimmed) on each row that holds a usable one
 * @param productRows the rows holding a usable SKU, in sheet order
 * @param lastRow the last row whose SKU cell is not blank (1 when none is)
 * @param lastSkuCell what that cell showed
 */
record SkuIndex(List<Object> header, int skuColumn, int width, Map<Integer, String> skuAt,
        Map<String, List<Integer>> rowsBySku, List<Integer> productRows, int lastRow, String lastSkuCell,
        Instant builtAt) {

    /** Builds the index from the header row and the SKU column read from row 2 down. */
    static SkuIndex build(List<Object> header, int skuColumn, int width, List<List<Object>> skuColumnFromRow2,
            Instant builtAt) {
        Map<Integer, String> skuAt = new HashMap<>();
        Map<String, List<Integer>> rowsBySku = new HashMap<>();
        List<Integer> productRows = new ArrayList<>();
        int lastRow = 1;
        String lastCell = skuColumn < header.size() ? Cells.shown(header.get(skuColumn)) : null; // row 1: the header
        List<List<Object>> cells = skuColumnFromRow2 == null ? List.of() : skuColumnFromRow2;
        for (int i = 0; i < cells.size(); i++) {
            int row = i + 2;
            Object raw = cells.get(i) == null || cells.get(i).isEmpty() ? null : cells.get(i).get(0);
            if (Cells.blank(raw)) {
                continue;
            }
            lastRow = row;
            lastCell = Cells.shown(raw);
            String sku = Cells.text(raw, true).value();
            if (sku != null) {
                skuAt.put(row, sku);
                rowsBySku.computeIfAbsent(key(sku), k -> new ArrayList<>()).add(row);
                productRows.add(row);
            }
        }
        return new SkuIndex(List.copyOf(header), skuColumn, width, Map.copyOf(skuAt), Map.copyOf(rowsBySku),
                Collections.unmodifiableList(productRows), lastRow, lastCell, builtAt);
    }

    static String key(String sku) {
        return sku.trim().toUpperCase(Locale.ROOT);
    }

    /** Every row holding {@code sku} (any case), or none. */
    List<Integer> rowsOf(String sku) {
        return rowsBySku.getOrDefault(key(sku), List.of());
    }

    int products() {
        return productRows.size();
    }

    /** True when the cell read on {@code row} of the SKU column holds the SKU this index puts there. */
    boolean holds(int row, Object skuCell) {
        String expected = skuAt.get(row);
        String now = Cells.blank(skuCell) ? null : Cells.text(skuCell, true).value();
        return expected == null ? now == null : now != null && key(expected).equals(key(now));
    }
}
