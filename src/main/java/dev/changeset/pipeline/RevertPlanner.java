package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.changeset.text.Printable;
import dev.changeset.audit.Receipt;
import dev.changeset.catalog.Product;
import dev.changeset.catalog.ProductField;
import dev.changeset.catalog.ProductSheet;
import dev.changeset.catalog.RowProblem;
import dev.changeset.policy.OperationFacts;

/**
 * Plans a revert from a sealed receipt: for each of its operations, the same kind of operation on the same product,
 * found again by SKU in the sheet as read now (rows move), whose cells go from the receipt's "after" values (what the
 * guard must still find) back to its "before" values (what is written). The values come from the receipt alone,
 * typed by their field as the preview typed them: prices, percents and stock are numbers, the promotion switch a
 * boolean.
 * <p>
 * The operation kinds are the existing ones (set_price, set_promotion, set_inventory: an adjust_inventory had become
 * an absolute target at its preview), so the policy tiers a revert through the same rules as any change (undoing a
 * 40% cut is a 67% raise). What they cannot say is carried by the cells: a promotion percent that was blank before is
 * written back blank (an empty string, which is how the Sheets API empties a cell: "To set a cell to an empty value,
 * set the string value to an empty string", ValueRange.values in
 * https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values#ValueRange), where
 * set_promotion could only write 0.
 */
final class RevertPlanner {

    /** The revert's operations, and the cells that no longer hold what the reverted changeset wrote. */
    record Plan(List<OperationPlanner.Resolved> resolved, List<String> stale) {
    }

    private static final Set<String> PRICE = Set.of(ProductField.PRICE.key());
    private static final Set<String> PROMOTION = Set.of(ProductField.PROMOTION_ACTIVE.key(),
            ProductField.PROMOTION_PERCENT.key());
    private static final Set<String> INVENTORY = Set.of(ProductField.INVENTORY.key());

    private RevertPlanner() {
    }

    static Plan plan(Receipt reverted, ProductSheet sheet) {
        Map<String, List<Product>> bySku = OperationPlanner.bySku(sheet);
        Map<String, RowProblem> problems = new HashMap<>();
        sheet.problems().forEach(p -> problems.put(p.cell(), p));
        List<String> refusals = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<OperationPlanner.Resolved> resolved = new ArrayList<>();
        for (int i = 0; i < reverted.operations().size(); i++) {
            Receipt.Operation op = reverted.operations().get(i);
            String where = "operation " + (i + 1) + " of " + reverted.changesetCode() + " (" + op.sku() + ")";
            Product product = OperationPlanner.onlyRow(bySku, op.sku(), where, "no product with SKU " + op.sku()
                    + " in the catalog any more; nothing of " + reverted.changesetCode() + " can be set back there",
                    refusals);
            if (product == null) {
                continue;
            }
            try {
                Reverted r = new Reverted(i, op, product);
                for (CellChange cell : r.cells) {
                    Object now = current(cell, product, problems);
                    if (!SheetValues.same(cell.before(), now)) { // the guard would refuse it too: say so now
                        stale.add(cell.cell() + " (" + op.sku() + " " + cell.field() + ") holds "
                                + SheetValues.inMessage(now) + ", not " + SheetValues.inMessage(cell.before()) + " as "
                                + reverted.changesetCode() + " left it");
                    }
                }
                resolved.add(r.resolve());
            } catch (IllegalArgumentException e) {
                refusals.add(where + ": " + e.getMessage());
            }
        }
        if (!refusals.isEmpty()) {
            throw new InvalidChangesetException(refusals);
        }
        return new Plan(resolved, stale);
    }

    /** What a cell holds now, as the preview read it: its value, or the text of a cell that did not parse. */
    private static Object current(CellChange cell, Product product, Map<String, RowProblem> problems) {
        RowProblem problem = problems.get(cell.cell());
        if (problem != null) {
            return problem.found();
        }
        return switch (field(cell.field())) {
            case PRICE -> product.price();
            case PROMOTION_ACTIVE -> product.promotionActive();
            case PROMOTION_PERCENT -> product.promotionPercent();
            case INVENTORY -> product.inventory();
            default -> throw new IllegalArgumentException("a revert cannot set back " + cell.field());
        };
    }

    /** One receipt operation turned around: its cells from "after" back to "before", and what the policy is told. */
    private static final class Reverted {
        private final int index;
        private final Receipt.Operation op;
        private final Product product;
        private final List<CellChange> cells = new ArrayList<>();
        private final Map<String, Object> before = new HashMap<>();
        private final Map<String, Object> after = new HashMap<>();

        Reverted(int index, Receipt.Operation op, Product product) {
            this.index = index;
            this.op = op;
            this.product = product;
            for (Receipt.FieldChange change : op.changes()) {
                String cell = product.cells().get(change.field());
                if (cell == null) {
                    throw new IllegalArgumentException("the receipt names a field '" + change.field()
                            + "' the catalog does not have");
                }
                // the revert finds the receipt's "after" and writes its "before"
                Object now = typed(change.field(), change.after());
                Object back = typed(change.field(), change.before());
                after.put(change.field(), now);
                before.put(change.field(), back);
                cells.add(new CellChange(change.field(), cell, now, back == null ? "" : back));
            }
        }

        OperationPlanner.Resolved resolve() {
            Set<String> fields = op.changes().stream().map(Receipt.FieldChange::field).collect(Collectors.toSet());
            String sku = product.sku();
            if (fields.equals(PRICE)) {
                BigDecimal from = number(after, ProductField.PRICE);
                BigDecimal to = number(before, ProductField.PRICE);
                if (product.cost() == null) {
                    throw new IllegalArgumentException("the cost of " + sku + " (cell " + product.cells().get(
                            ProductField.COST.key()) + ") cannot be read, and the policy needs it to judge a price");
                }
                return new OperationPlanner.Resolved(new Operation.SetPrice(sku, to), product, cells,
                        OperationPlanner.percent(from, to), OperationFacts.price(index, sku, from, to, product.cost()));
            }
            if (fields.equals(PROMOTION)) {
                Boolean activeNow = (Boolean) after.get(ProductField.PROMOTION_ACTIVE.key());
                Boolean activeBack = (Boolean) before.get(ProductField.PROMOTION_ACTIVE.key());
                BigDecimal percentNow = (BigDecimal) after.get(ProductField.PROMOTION_PERCENT.key());
                BigDecimal percentBack = (BigDecimal) before.get(ProductField.PROMOTION_PERCENT.key());
                if (activeNow == null || activeBack == null) {
                    throw new IllegalArgumentException("the receipt holds no promotion switch to set back");
                }
                return new OperationPlanner.Resolved(new Operation.SetPromotion(sku, activeBack, percentBack), product,
                        cells, null, OperationFacts.promotion(index, sku, activeNow, orZero(percentNow), activeBack,
                                orZero(percentBack)));
            }
            if (fields.equals(INVENTORY)) {
                long from = number(after, ProductField.INVENTORY).longValueExact();
                long to = number(before, ProductField.INVENTORY).longValueExact();
                return new OperationPlanner.Resolved(new Operation.SetInventory(sku, to), product, cells,
                        OperationPlanner.percent(BigDecimal.valueOf(from), BigDecimal.valueOf(to)),
                        OperationFacts.inventory(index, sku, from, to));
            }
            throw new IllegalArgumentException("the receipt changes " + String.join(", ", fields)
                    + " together, which no operation does");
        }

        private static BigDecimal number(Map<String, Object> values, ProductField field) {
            if (values.get(field.key()) instanceof BigDecimal n) {
                return n;
            }
            throw new IllegalArgumentException("the receipt holds no " + field.key() + " to set back");
        }

        private static BigDecimal orZero(BigDecimal percent) {
            return percent == null ? BigDecimal.ZERO : percent;
        }
    }

    /**
     * A receipt value typed as its field's cell held it: the preview read each field as one type (prices, percents
     * and stock as numbers, the promotion switch as a boolean) and the receipt shows it as text. Blank is null.
     */
    static Object typed(String field, String shown) {
        if (shown == null || shown.isEmpty()) {
            return null;
        }
        if (field(field) == ProductField.PROMOTION_ACTIVE) {
            if (!shown.equals("TRUE") && !shown.equals("FALSE")) {
                throw new IllegalArgumentException("the receipt's " + field + " '" + Printable.echo(shown)
                        + "' is not TRUE or FALSE");
            }
            return Boolean.valueOf(shown.equals("TRUE"));
        }
        try {
            return new BigDecimal(shown);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the receipt's " + field + " '" + Printable.echo(shown)
                    + "' is not a number");
        }
    }

    /** The field of a key ({@code promotionActive -> PROMOTION_ACTIVE}). */
    private static ProductField field(String key) {
        for (ProductField f : ProductField.values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("the receipt names a field '" + Printable.echo(key)
                + "' the catalog does not have");
    }
}
