package dev.changeset.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.changeset.catalog.CellRange;

/**
 * What the Writer checks and writes for a changeset: before the write, every target cell must still hold its
 * previewed value and every row its SKU (rows move when people insert or sort); the write is every target cell in
 * one batch; after it, every cell must read back as its target.
 */
final class WriteGuard {

    private WriteGuard() {
    }

    /** Every target cell and every row's SKU cell, read in one batchGet before the write (as windows). */
    static List<String> guardedRanges(Changeset c) {
        return CellWindows.ranges(guardedCells(c));
    }

    /** Every target cell, read back in one batchGet after the write (as windows). */
    static List<String> targetRanges(Changeset c) {
        return CellWindows.ranges(targetCells(c));
    }

    private static List<String> guardedCells(Changeset c) {
        List<String> cells = new ArrayList<>();
        for (PlannedOperation op : c.operations()) {
            cells.add(op.skuCell());
            op.cells().forEach(cell -> cells.add(cell.cell()));
        }
        return cells;
    }

    private static List<String> targetCells(Changeset c) {
        return c.operations().stream().flatMap(op -> op.cells().stream()).map(CellChange::cell).toList();
    }

    /** The cells that no longer hold what was previewed, each described; empty when the write may go ahead. */
    static List<String> stale(Changeset c, List<CellRange> read) {
        Map<String, Object> now = CellWindows.values(guardedCells(c), read);
        List<String> stale = new ArrayList<>();
        for (PlannedOperation op : c.operations()) {
            Object sku = now.get(op.skuCell());
            if (!SheetValues.same(op.sku(), sku)) {
                stale.add("row " + op.row() + " now holds SKU '" + SheetValues.inMessage(sku) + "', not " + op.sku()
                        + " (rows moved)");
                continue;
            }
            for (CellChange cell : op.cells()) {
                Object value = now.get(cell.cell());
                if (!SheetValues.same(cell.before(), value)) {
                    stale.add(cell.cell() + " (" + op.sku() + " " + cell.field() + ") was "
                            + SheetValues.inMessage(cell.before()) + " at preview, is now " + SheetValues.inMessage(value));
                }
            }
        }
        return stale;
    }

    /** The whole changeset as one list of single-cell ranges with their target values. */
    static List<CellRange> writes(Changeset c) {
        List<CellRange> data = new ArrayList<>();
        for (PlannedOperation op : c.operations()) {
            for (CellChange cell : op.cells()) {
                data.add(new CellRange(cell.cell(), List.of(List.of(cell.after()))));
            }
        }
        return data;
    }

    /** Read-back: which cells differ from their targets (empty: verified). */
    static List<Mismatch> mismatches(Changeset c, List<CellRange> readBack) {
        Map<String, Object> now = CellWindows.values(targetCells(c), readBack);
        List<Mismatch> wrong = new ArrayList<>();
        for (PlannedOperation op : c.operations()) {
            for (CellChange cell : op.cells()) {
                Object value = now.get(cell.cell());
                if (!SheetValues.same(cell.after(), value)) {
                    wrong.add(new Mismatch(op.sku(), cell.field(), cell.cell(), SheetValues.shown(cell.after()),
                            SheetValues.shown(value)));
                }
            }
        }
        return wrong;
    }

    /** From a read of {@link #guardedRanges}: every row still holds its SKU and every target its new value. */
    static boolean written(Changeset c, List<CellRange> guardedRead) {
        Map<String, Object> now = CellWindows.values(guardedCells(c), guardedRead);
        return c.operations().stream().allMatch(op -> SheetValues.same(op.sku(), now.get(op.skuCell()))
                && op.cells().stream().allMatch(cell -> SheetValues.same(cell.after(), now.get(cell.cell()))));
    }

    /** True when every target cell still holds its previewed value: nothing of the changeset was written. */
    static boolean untouched(Changeset c, List<CellRange> readBack) {
        Map<String, Object> now = CellWindows.values(targetCells(c), readBack);
        return c.operations().stream().flatMap(op -> op.cells().stream())
                .allMatch(cell -> SheetValues.same(cell.before(), now.get(cell.cell())));
    }

    /** A cell that did not read back as written. */
    record Mismatch(String sku, String field, String cell, String expected, String actual) {
        @Override
        public String toString() {
            return cell + " (" + sku + " " + field + ") reads " + actual + ", expected " + expected;
        }
    }
}
