package dev.changeset.sandbox;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * One stored cell: a number, a string, a boolean, a formula, or nothing. Values come in as Google's API takes them
 * ({@code RAW}: stored as sent; {@code USER_ENTERED}: parsed as if typed, so {@code =...} becomes a formula) and go
 * out as its three render options.
 */
record SheetCell(Object value, String formula) {

    static final SheetCell EMPTY = new SheetCell(null, null);

    /** Numbers as a person types them: {@code 1299}, {@code -3.5}, {@code 1,299.00}, {@code $1,299.00}. */
    private static final Pattern TYPED_NUMBER = Pattern.compile("^-?\\$?(\\d{1,3}(,\\d{3})+|\\d+)?(\\.\\d+)?$");
    private static final Pattern TYPED_PERCENT = Pattern.compile("^-?\\d+(\\.\\d+)?%$");

    boolean isEmpty() {
        return value == null && formula == null;
    }

    boolean isFormula() {
        return formula != null;
    }

    /** {@code valueInputOption=RAW}: numbers, booleans and strings stored as they are, a leading {@code =} too. */
    static SheetCell raw(Object json) {
        if (json instanceof Number n) {
            return new SheetCell(normalize(new BigDecimal(n.toString())), null);
        }
        if (json instanceof Boolean b) {
            return new SheetCell(b, null);
        }
        String s = String.valueOf(json);
        return s.isEmpty() ? EMPTY : new SheetCell(s, null);
    }

    /** {@code valueInputOption=USER_ENTERED}: strings parsed as if typed into the sheet. */
    static SheetCell userEntered(Object json) {
        if (!(json instanceof String s)) {
            return raw(json);
        }
        if (s.isEmpty()) {
            return EMPTY;
        }
        if (s.startsWith("=") && s.length() > 1) {
            return new SheetCell(null, s);
        }
        if (s.startsWith("'")) {
            return new SheetCell(s.substring(1), null);
        }
        String t = s.trim();
        if (t.equalsIgnoreCase("TRUE") || t.equalsIgnoreCase("FALSE")) {
            return new SheetCell(Boolean.parseBoolean(t.toLowerCase(Locale.ROOT)), null);
        }
        if (!t.isEmpty() && !t.equals("-") && !t.equals("$") && TYPED_NUMBER.matcher(t).matches()
                && t.matches(".*\\d.*")) {
            return new SheetCell(normalize(new BigDecimal(t.replace("$", "").replace(",", ""))), null);
        }
        if (TYPED_PERCENT.matcher(t).matches()) {
            return new SheetCell(normalize(new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(2)), null);
        }
        return new SheetCell(s, null);
    }

    /** Seed files hold what a person typed, so they load like {@code USER_ENTERED}. */
    static SheetCell typed(String text) {
        return userEntered(text);
    }

    /**
     * The cell as {@code valueRenderOption} shows it; {@code evaluate} computes a formula's value. Empty cells are
     * {@code ""}, as Google writes them inside a row.
     */
    Object render(String option, Function<String, Object> evaluate) {
        if (isEmpty()) {
            return "";
        }
        return switch (option) {
            case "FORMULA" -> formula != null ? formula : value;
            case "UNFORMATTED_VALUE" -> formula != null ? evaluate.apply(formula) : value;
            default -> formatted(formula != null ? evaluate.apply(formula) : value);
        };
    }

    private static String formatted(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        return String.valueOf(value);
    }

    /** The stored form, typed, for snapshots that must show a change of type as well as of value. */
    JsonObject stored() {
        if (formula != null) {
            return new JsonObject().put("formula", formula);
        }
        if (value instanceof BigDecimal d) {
            return new JsonObject().put("number", d.toPlainString());
        }
        if (value instanceof Boolean b) {
            return new JsonObject().put("bool", b);
        }
        return new JsonObject().put("string", value);
    }

    /** Numbers keep no trailing zeros, as Sheets keeps doubles: 24.00 is 24. */
    static BigDecimal normalize(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
