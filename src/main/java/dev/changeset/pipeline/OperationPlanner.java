package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.changeset.catalog.Product;
import dev.changeset.catalog.ProductField;
import dev.changeset.catalog.ProductSheet;
import dev.changeset.catalog.RowProblem;
import dev.changeset.policy.OperationFacts;

/**
 * Resolves checked operations against the product sheet as the Reader read it: the product's row, the cells each
 * operation writes with their current and new values, and the facts the policy needs. Relative stock changes
 * become absolute targets here, so a repeated write cannot apply a delta twice. Refuses, naming the operation and
 * cell: unknown SKUs, formula cells (never overwritten), cells that hold no usable value, stock below 0.
 */
final class OperationPlanner {

    /** One operation resolved: what it writes and what the policy is told. */
    record Resolved(Operation operation, Product product, List<CellChange> cells, BigDecimal changePercent,
            OperationFacts facts) {
    }

    private OperationPlanner() {
    }

    /** The sheet's products by SKU (case-insensitive), each SKU with every row that holds it. */
    static Map<String, List<Product>> bySku(ProductSheet sheet) {
        Map<String, List<Product>> bySku = new HashMap<>();
        sheet.products().forEach(p -> bySku.computeIfAbsent(p.sku().toUpperCase(Locale.ROOT), k -> new ArrayList<>())
                .add(p));
        return bySku;
    }

    /**
     * The one row holding {@code sku}, or null after adding why not to {@code refusals}: no row, or several (a
     * duplicate SKU makes any change to it ambiguous: writing the first row could leave the product a person means
     * unchanged, and its cost would steer the tier).
     */
    static Product onlyRow(Map<String, List<Product>> bySku, String sku, String where, String missing,
            List<String> refusals) {
        List<Product> rows = bySku.getOrDefault(sku.toUpperCase(Locale.ROOT), List.of());
        if (rows.isEmpty()) {
            refusals.add(where + ": " + missing);
            return null;
        }
        if (rows.size() > 1) {
            refusals.add(where + ": SKU " + sku + " is on rows "
                    + rows.stream().map(p -> String.valueOf(p.row())).collect(Collectors.joining(", "))
                    + " of the sheet; which one is meant is ambiguous, so nothing is changed until a person fixes the"
                    + " duplicate");
            return null;
        }
        return rows.get(0);
    }

    static List<Resolved> plan(List<Operation> operations, ProductSheet sheet) {
        Map<String, List<Product>> bySku = bySku(sheet);
        Map<String, RowProblem> problems = new HashMap<>();
        sheet.problems().forEach(p -> problems.put(p.row() + "|" + p.field(), p));
        List<String> refusals = new ArrayList<>();
        List<Resolved> resolved = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            String where = "operation " + (i + 1) + " (" + op.name() + " " + op.sku() + ")";
            Product product = onlyRow(bySku, op.sku(), where, "no product with SKU " + op.sku() + " in the catalog",
                    refusals);
            if (product == null) {
                continue;
            }
            Cells cells = new Cells(product, problems, where, refusals);
            Resolved r;
            if (op instanceof Operation.SetPrice p) {
                r = price(i, p, product, cells);
            } else if (op instanceof Operation.SetPromotion p) {
                r = promotion(i, p, product, cells);
            } else if (op instanceof Operation.AdjustInventory a) {
                r = inventory(i, a, product, cells, a.delta(), true, where, refusals);
            } else {
                Operation.SetInventory s = (Operation.SetInventory) op;
                r = inventory(i, s, product, cells, s.quantity(), false, where, refusals);
            }
            if (r != null) {
                resolved.add(r);
            }
        }
        if (!refusals.isEmpty()) {
            throw new InvalidChangesetException(refusals);
        }
        return resolved;
    }

    private static Resolved price(int index, Operation.SetPrice p, Product product, Cells cells) {
        Optional<BigDecimal> old = cells.usable(ProductField.PRICE, product.price());
        Optional<BigDecimal> cost = cells.usable(ProductField.COST, product.cost());
        if (old.isEmpty() || cost.isEmpty()) {
            return null;
        }
        BigDecimal price = p.price().setScale(2, RoundingMode.UNNECESSARY);
        return new Resolved(p, product, List.of(cells.change(ProductField.PRICE, old.get(), price)),
                percent(old.get(), price),
                OperationFacts.price(index, product.sku(), old.get(), price, cost.get()));
    }

    private static Resolved promotion(int index, Operation.SetPromotion p, Product product, Cells cells) {
        Optional<Boolean> active = cells.usable(ProductField.PROMOTION_ACTIVE, product.promotionActive());
        BigDecimal oldPercent = product.promotionPercent() == null ? BigDecimal.ZERO : product.promotionPercent();
        if (active.isEmpty() || cells.refusedIfBroken(ProductField.PROMOTION_PERCENT)) {
            return null;
        }
        return new Resolved(p, product, List.of(
                cells.change(ProductField.PROMOTION_ACTIVE, active.get(), p.active()),
                cells.change(ProductField.PROMOTION_PERCENT, product.promotionPercent(), p.percent())), null,
                OperationFacts.promotion(index, product.sku(), active.get(), oldPercent, p.active(), p.percent()));
    }

    private static Resolved inventory(int index, Operation op, Product product, Cells cells, long value,
            boolean relative, String where, List<String> refusals) {
        Optional<Integer> old = cells.usable(ProductField.INVENTORY, product.inventory());
        if (old.isEmpty()) {
            return null;
        }
        long target = relative ? old.get() + value : value;
        if (target < 0) {
            refusals.add(where + ": stock would be " + target + " (now " + old.get() + "); it cannot go below 0");
            return null;
        }
        BigDecimal before = BigDecimal.valueOf(old.get());
        return new Resolved(op, product, List.of(cells.change(ProductField.INVENTORY, before, BigDecimal.valueOf(target))),
                percent(before, BigDecimal.valueOf(target)),
                OperationFacts.inventory(index, product.sku(), old.get(), target));
    }

    /** The change from {@code old} to {@code now} in percent (2 decimals), or null from 0. */
    static BigDecimal percent(BigDecimal old, BigDecimal now) {
        if (old.signum() == 0) {
            return null;
        }
        return now.subtract(old).multiply(BigDecimal.valueOf(100)).divide(old, 2, RoundingMode.HALF_EVEN);
    }

    /** The cells of one product row, with refusals for cells that cannot be used. */
    private record Cells(Product product, Map<String, RowProblem> problems, String where, List<String> refusals) {

        <T> Optional<T> usable(ProductField field, T value) {
            if (value != null) {
                return Optional.of(value);
            }
            refuse(field);
            return Optional.empty();
        }

        /** True (and refused) when the field's cell has a problem; a blank optional cell is fine. */
        boolean refusedIfBroken(ProductField field) {
            if (problems.containsKey(product.row() + "|" + field.key())) {
                refuse(field);
                return true;
            }
            return false;
        }

        CellChange change(ProductField field, Object before, Object after) {
            return new CellChange(field.key(), product.cells().get(field.key()), before, after);
        }

        private void refuse(ProductField field) {
            RowProblem problem = problems.get(product.row() + "|" + field.key());
            String cell = product.cells().get(field.key());
            if (problem != null && problem.found() != null && problem.found().startsWith("=")) {
                refusals.add(where + ": cell " + cell + " holds a formula (" + problem.found()
                        + "); formula cells are never overwritten: change the sheet by hand or remove the formula");
            } else {
                refusals.add(where + ": cell " + cell + " (" + field.key() + ") holds "
                        + (problem == null || problem.found() == null ? "nothing" : "'" + problem.found() + "'")
                        + ", not a usable value" + (problem == null ? "" : ": " + problem.problem()));
            }
        }
    }
}
