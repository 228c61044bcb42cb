package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.util.Locale;

import dev.changeset.text.Printable;

/**
 * Compares and shows cell values as the Sheets API returns them with FORMULA rendering: numbers (maybe as numeric
 * text), booleans (maybe as "TRUE"/"FALSE"), text, or nothing for an empty cell. Two values are the same when a
 * person would call them the same: 19.9 and 19.90 are; 19.9 and "=A1" are not.
 */
final class SheetValues {

    private SheetValues() {
    }

    static boolean same(Object expected, Object actual) {
        Object a = blank(actual) ? null : actual;
        Object e = blank(expected) ? null : expected;
        if (e == null || a == null) {
            return e == null && a == null;
        }
        BigDecimal en = number(e);
        BigDecimal an = number(a);
        if (en != null || an != null) {
            return en != null && an != null && en.compareTo(an) == 0;
        }
        if (e instanceof Boolean || a instanceof Boolean) {
            return bool(e) != null && bool(e).equals(bool(a));
        }
        return e.toString().equals(a.toString());
    }

    /** How a value reads in messages and receipts. */
    static String shown(Object value) {
        if (blank(value)) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        return value.toString();
    }

    /**
     * How a value reads inside a sentence this server writes (a stale-cell detail, what a person approves): as
     * {@link #shown}, but a cell's text is the sheet editor's, not ours, so it is cut and every character a person
     * cannot see is shown as '?' ({@link Printable#echo}): a cell cannot add lines or reorder the words around it.
     */
    static String inMessage(Object value) {
        return Printable.echo(shown(value));
    }

    private static boolean blank(Object value) {
        return value == null || (value instanceof String s && s.isEmpty());
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s && s.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(s);
        }
        return null;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = value.toString().toUpperCase(Locale.ROOT);
        return s.equals("TRUE") ? Boolean.TRUE : s.equals("FALSE") ? Boolean.FALSE : null;
    }
}
