package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.text.Printable;

/**
 * Checks proposed operations before any sheet read or policy: types, ranges, one operation per SKU and field, the
 * changeset's size. Every problem is reported, each naming the operation and field. Checks that need the sheet
 * (the SKU exists, stock stays at or above 0) happen when the preview resolves operations against the catalog.
 */
@ApplicationScoped
public class OperationRules {

    private static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(OperationName.MAX_PROMOTION_PERCENT);

    private final PipelineConfig config;
    private final Pattern skuPattern;

    OperationRules(PipelineConfig config) {
        this.config = config;
        this.skuPattern = Pattern.compile(config.skuPattern());
    }

    /** The operations, checked; or an {@link InvalidChangesetException} listing every problem. */
    public List<Operation> check(List<OperationInput> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidChangesetException(List.of("operations: give at least one operation"));
        }
        if (inputs.size() > config.maxOperations()) {
            throw new InvalidChangesetException(List.of("operations: " + inputs.size() + " operations is more than the "
                    + config.maxOperations() + " one changeset may hold; split it"));
        }
        List<String> problems = new ArrayList<>();
        List<Operation> operations = new ArrayList<>(inputs.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            OperationInput input = inputs.get(i);
            String where = "operation " + (i + 1);
            if (input == null) {
                problems.add(where + ": is empty");
                continue;
            }
            int before = problems.size();
            if (input.sku() == null || !skuPattern.matcher(input.sku()).matches()) {
                problems.add(where + " field sku: " + (input.sku() == null ? "is missing"
                        : "'" + Printable.echo(input.sku()) + "' is not a valid SKU (letters, digits, '.', '_', '-', at most 64)"));
            } else {
                where = where + " (" + input.op() + " " + input.sku() + ")";
            }
            Operation operation = toOperation(input, where, problems);
            if (operation != null && problems.size() == before) {
                if (!seen.add(operation.sku() + "|" + operation.field())) {
                    problems.add(where + ": a second operation on the " + operation.field().name().toLowerCase()
                            + " of " + operation.sku() + "; one operation per SKU and field");
                } else {
                    operations.add(operation);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidChangesetException(problems);
        }
        return operations;
    }

    private Operation toOperation(OperationInput in, String where, List<String> problems) {
        if (in.op() == null) {
            problems.add(where + " field op: is missing (" + OperationName.ALL + ")");
            return null;
        }
        Optional<OperationName> name = OperationName.of(in.op());
        if (name.isEmpty()) {
            problems.add(where + " field op: '" + Printable.echo(in.op()) + "' is not an operation ("
                    + OperationName.ALL + ")");
            return null;
        }
        return switch (name.get()) {
            case SET_PRICE -> {
                unexpected(in, where, problems, "price");
                BigDecimal price = required(in.price(), where, "price", problems);
                if (price == null) {
                    yield null;
                }
                if (price.signum() <= 0) {
                    problems.add(where + " field price: must be above 0, got " + price.toPlainString());
                } else if (price.stripTrailingZeros().scale() > 2) {
                    problems.add(where + " field price: at most 2 decimals, got " + price.toPlainString());
                } else if (price.compareTo(config.priceCeiling()) >= 0) {
                    problems.add(where + " field price: must be below " + config.priceCeiling().toPlainString()
                            + ", got " + shortNumber(price));
                }
                yield new Operation.SetPrice(in.sku(), price);
            }
            case SET_PROMOTION -> {
                unexpected(in, where, problems, "active", "percent");
                Boolean active = in.active();
                if (active == null) {
                    problems.add(where + " field active: is missing (true or false)");
                }
                BigDecimal percent = in.percent() != null ? in.percent()
                        : Boolean.FALSE.equals(active) ? BigDecimal.ZERO : null;
                if (percent == null) {
                    problems.add(where + " field percent: is missing (0 to " + OperationName.MAX_PROMOTION_PERCENT + ")");
                } else if (percent.signum() < 0 || percent.compareTo(MAX_PERCENT) > 0) {
                    problems.add(where + " field percent: must be 0 to " + OperationName.MAX_PROMOTION_PERCENT + ", got "
                            + shortNumber(percent));
                } else if (percent.stripTrailingZeros().scale() > 2) {
                    problems.add(where + " field percent: at most 2 decimals, got " + percent.toPlainString());
                }
                yield active == null || percent == null ? null : new Operation.SetPromotion(in.sku(), active, percent);
            }
            case ADJUST_INVENTORY -> {
                unexpected(in, where, problems, "delta");
                Long delta = wholeNumber(in.delta(), where, "delta", problems);
                if (delta != null && delta == 0) {
                    problems.add(where + " field delta: 0 changes nothing");
                }
                yield delta == null ? null : new Operation.AdjustInventory(in.sku(), delta);
            }
            case SET_INVENTORY -> {
                unexpected(in, where, problems, "quantity");
                Long quantity = wholeNumber(in.quantity(), where, "quantity", problems);
                if (quantity != null && quantity < 0) {
                    problems.add(where + " field quantity: must be 0 or more, got " + quantity);
                }
                yield quantity == null ? null : new Operation.SetInventory(in.sku(), quantity);
            }
        };
    }

    private Long wholeNumber(BigDecimal value, String where, String field, List<String> problems) {
        BigDecimal number = required(value, where, field, problems);
        if (number == null) {
            return null;
        }
        if (number.stripTrailingZeros().scale() > 0) {
            problems.add(where + " field " + field + ": must be a whole number, got " + shortNumber(number));
            return null;
        }
        if (number.abs().compareTo(BigDecimal.valueOf(config.inventoryCeiling())) > 0) {
            problems.add(where + " field " + field + ": must be at most " + config.inventoryCeiling()
                    + " in size, got " + shortNumber(number));
            return null;
        }
        return number.longValueExact();
    }

    private static BigDecimal required(BigDecimal value, String where, String field, List<String> problems) {
        if (value == null) {
            problems.add(where + " field " + field + ": is missing");
        }
        return value;
    }

    /** Fields that belong to another operation are refused rather than silently ignored. */
    private static void unexpected(OperationInput in, String where, List<String> problems, String... allowed) {
        Set<String> ok = Set.of(allowed);
        check(in.price(), "price", ok, where, problems);
        check(in.active(), "active", ok, where, problems);
        check(in.percent(), "percent", ok, where, problems);
        check(in.delta(), "delta", ok, where, problems);
        check(in.quantity(), "quantity", ok, where, problems);
    }

    private static void check(Object value, String field, Set<String> ok, String where, List<String> problems) {
        if (value != null && !ok.contains(field)) {
            problems.add(where + " field " + field + ": does not belong to this operation");
        }
    }

    private static String shortNumber(BigDecimal n) {
        String plain = n.abs().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0 ? n.toString() : n.toPlainString();
        return plain.length() > 40 ? plain.substring(0, 37) + "..." : plain;
    }
}
