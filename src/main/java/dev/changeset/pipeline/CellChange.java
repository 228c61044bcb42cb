package dev.changeset.pipeline;

import java.math.BigDecimal;

/**
 * One cell an operation writes: which product field, its A1 address ({@code 'Products'!D17}), the value the
 * preview read and the value to write. Values are what the Sheets API carries: a String, a number (always held
 * as BigDecimal, so a stored and re-read value is equal to itself), a Boolean, or null for an empty cell.
 */
public record CellChange(String field, String cell, Object before, Object after) {

    public CellChange {
        before = normalise(before);
        after = normalise(after);
    }

    static Object normalise(Object value) {
        if (value instanceof Number n && !(value instanceof BigDecimal)) {
            return new BigDecimal(n.toString());
        }
        return value;
    }
}
