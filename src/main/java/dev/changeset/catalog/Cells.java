package dev.changeset.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one cell, as Sheets returns it with {@code FORMULA} rendering (a number, a string, a boolean, or a formula's
 * text), into a typed value or a problem a person can fix. Strict on purpose: "$1,299.00" is not read as 1299,
 * because a price the server half-understood must not become the base of a change.
 */
final class Cells {

    /** A value, or why there is none. Both null: a blank cell where blank is allowed. */
    record Parsed<T>(T value, String problem) {

        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(value, null);
        }

        static <T> Parsed<T> fail(String problem) {
            return new Parsed<>(null, problem);
        }
    }

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("^-?\\d+(\\.\\d+)?$");
    private static final Pattern PLAIN_INTEGER = Pattern.compile("^-?\\d+$");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    /** Day 0 of Sheets' serial dates. */
    private static final LocalDate SERIAL_EPOCH = LocalDate.of(1899, 12, 30);

    private Cells() {
    }

    static boolean blank(Object raw) {
        return raw == null || (raw instanceof String s && s.isBlank());
    }

    static boolean formula(Object raw) {
        return raw instanceof String s && s.startsWith("=");
    }

    /** The cell as a person would read its content, for problem reports. */
    static String shown(Object raw) {
        if (blank(raw)) {
            return null;
        }
        return raw instanceof BigDecimal d ? d.toPlainString() : String.valueOf(raw);
    }

    static Parsed<String> text(Object raw, boolean required) {
        if (blank(raw)) {
            return required ? Parsed.fail("blank: fill it in") : Parsed.ok(null);
        }
        if (formula(raw)) {
            return formulaProblem();
        }
        return Parsed.ok(shown(raw).trim());
    }

    static Parsed<BigDecimal> decimal(Object raw, boolean required) {
        if (blank(raw)) {
            return required ? Parsed.fail("blank: enter a number") : Parsed.ok(null);
        }
        if (formula(raw)) {
            return formulaProblem();
        }
        if (raw instanceof Number n) {
            return Parsed.ok(new BigDecimal(n.toString()));
        }
        String s = String.valueOf(raw).trim();
        if (PLAIN_DECIMAL.matcher(s).matches()) {
            return Parsed.ok(new BigDecimal(s));
        }
        if (s.matches("^-?[$€£]?[\\d,]+(\\.\\d+)?$") && s.matches(".*\\d.*")) {
            String plain = s.replaceAll("[$€£,]", "");
            return Parsed.fail("text, not a plain number: write it as " + plain + " (no currency sign or separators)");
        }
        return Parsed.fail("not a number: enter a plain number such as 19.99");
    }

    static Parsed<Integer> integer(Object raw) {
        Parsed<BigDecimal> d = decimal(raw, true);
        if (d.value() == null) {
            return Parsed.fail(d.problem().replace("a number", "a whole number"));
        }
        BigDecimal v = d.value();
        if (v.stripTrailingZeros().scale() > 0 || !PLAIN_INTEGER.matcher(v.stripTrailingZeros().toPlainString()).matches()) {
            return Parsed.fail("not a whole number: enter a count such as 12");
        }
        try {
            return Parsed.ok(v.intValueExact());
        } catch (ArithmeticException e) {
            return Parsed.fail("too large for a count");
        }
    }

    static Parsed<Boolean> bool(Object raw) {
        if (blank(raw)) {
            return Parsed.fail("blank: enter TRUE or FALSE");
        }
        if (formula(raw)) {
            return formulaProblem();
        }
        if (raw instanceof Boolean b) {
            return Parsed.ok(b);
        }
        String s = String.valueOf(raw).trim();
        if (s.equalsIgnoreCase("TRUE") || s.equalsIgnoreCase("FALSE")) {
            return Parsed.ok(Boolean.parseBoolean(s.toLowerCase(Locale.ROOT)));
        }
        return Parsed.fail("not TRUE or FALSE");
    }

    static Parsed<LocalDate> date(Object raw, boolean required) {
        if (blank(raw)) {
            return required ? Parsed.fail("blank: enter a date as YYYY-MM-DD") : Parsed.ok(null);
        }
        if (formula(raw)) {
            return formulaProblem();
        }
        if (raw instanceof Number n) {
            BigDecimal serial = new BigDecimal(n.toString());
            return Parsed.ok(SERIAL_EPOCH.plusDays(serial.longValue()));
        }
        String s = String.valueOf(raw).trim();
        try {
            return Parsed.ok(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            try {
                return Parsed.ok(LocalDate.parse(s, US_DATE));
            } catch (DateTimeParseException again) {
                return Parsed.fail("not a date: enter it as YYYY-MM-DD");
            }
        }
    }

    private static <T> Parsed<T> formulaProblem() {
        return Parsed.fail("a formula: the sheet computes this value, so it is not read here and will never be "
                + "overwritten");
    }
}
