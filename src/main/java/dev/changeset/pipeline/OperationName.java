package dev.changeset.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The operations a changeset may hold, and the one place their wire names live: an operation's {@code op} as the
 * assistant writes it, in receipts and in stored changesets is {@link #wire()} ({@code set_price}, ...). The
 * guardrail checks an operation's shape, Jackson converts it to {@link OperationInput}, and {@link OperationRules}
 * checks its meaning by this name.
 */
public enum OperationName {

    SET_PRICE(Operation.Field.PRICE),
    SET_PROMOTION(Operation.Field.PROMOTION),
    ADJUST_INVENTORY(Operation.Field.INVENTORY),
    SET_INVENTORY(Operation.Field.INVENTORY);

    /**
     * Every wire name, in this order, as descriptions and messages list them. A constant so that annotations can use
     * it; {@code OperationNameTest} holds it to {@link #values()}.
     */
    public static final String ALL = "set_price, set_promotion, adjust_inventory, set_inventory";

    /** The highest promotion percent set_promotion takes (the rules check it; descriptions state it). */
    public static final int MAX_PROMOTION_PERCENT = 90;

    private final Operation.Field field;

    OperationName(Operation.Field field) {
        this.field = field;
    }

    /** The name as the assistant writes it: {@code set_price}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The product field such an operation writes. */
    public Operation.Field field() {
        return field;
    }

    /** The operation named {@code wire} exactly (lower case, as on the wire), or empty. */
    public static Optional<OperationName> of(String wire) {
        return Arrays.stream(values()).filter(n -> n.wire().equals(wire)).findFirst();
    }
}
