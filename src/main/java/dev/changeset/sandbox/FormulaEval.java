package dev.changeset.sandbox;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.BiFunction;

/**
 * Computes the few formulas the demo sheets hold, so {@code UNFORMATTED_VALUE} and {@code FORMATTED_VALUE} show a
 * value as Google would: numbers, same-sheet cell references, {@code + - * /}, parentheses, {@code ROUND(x[, n])}
 * and {@code SUM(A1:B3, ...)}. Anything else is {@code #NAME?}; a bad operand {@code #VALUE!}. Hand-written because
 * it is a test double for a tiny grammar; a spreadsheet engine would be far more than the sandbox needs.
 */
final class FormulaEval {

    /** Looks a cell up by 0-based row and column. */
    private final BiFunction<Integer, Integer, SheetCell> cells;
    private final int depth;
    private String text;
    private int pos;

    private FormulaEval(BiFunction<Integer, Integer, SheetCell> cells, int depth) {
        this.cells = cells;
        this.depth = depth;
    }

    /** The value of {@code formula} (starting with {@code =}): a number, or an error string such as {@code #VALUE!}. */
    static Object evaluate(String formula, BiFunction<Integer, Integer, SheetCell> cells, int depth) {
        if (depth > 20) {
            return "#REF!"; // a reference cycle
        }
        FormulaEval e = new FormulaEval(cells, depth);
        e.text = formula.substring(1).replace(" ", "").toUpperCase();
        try {
            BigDecimal value = e.sum();
            return e.pos == e.text.length() ? SheetCell.normalize(value) : "#ERROR!";
        } catch (FormulaError error) {
            return error.getMessage();
        } catch (ArithmeticException | IndexOutOfBoundsException | NumberFormatException error) {
            return "#ERROR!";
        }
    }

    private static final class FormulaError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormulaError(String code) {
            super(code, null, false, false);
        }
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (pos < text.length() && (peek() == '+' || peek() == '-')) {
            char op = text.charAt(pos++);
            BigDecimal right = product();
            value = op == '+' ? value.add(right) : value.subtract(right);
        }
        return value;
    }

    private BigDecimal product() {
        BigDecimal value = unary();
        while (pos < text.length() && (peek() == '*' || peek() == '/')) {
            char op = text.charAt(pos++);
            BigDecimal right = unary();
            if (op == '/' && right.signum() == 0) {
                throw new FormulaError("#DIV/0!");
            }
            value = op == '*' ? value.multiply(right) : value.divide(right, MathContext.DECIMAL64);
        }
        return value;
    }

    private BigDecimal unary() {
        if (peek() == '-') {
            pos++;
            return unary().negate();
        }
        if (peek() == '(') {
            pos++;
            BigDecimal value = sum();
            expect(')');
            return value;
        }
        if (Character.isDigit(peek()) || peek() == '.') {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(peek()) || peek() == '.')) {
                pos++;
            }
            return new BigDecimal(text.substring(start, pos));
        }
        String word = word();
        if (peek() == '(') {
            pos++;
            return function(word);
        }
        return cell(word);
    }

    private BigDecimal function(String name) {
        if (name.equals("ROUND")) {
            BigDecimal value = sum();
            int places = 0;
            if (peek() == ',') {
                pos++;
                places = sum().intValue();
            }
            expect(')');
            return value.setScale(places, RoundingMode.HALF_UP);
        }
        if (name.equals("SUM")) {
            BigDecimal total = BigDecimal.ZERO;
            do {
                if (peek() == ',') {
                    pos++;
                }
                total = total.add(rangeOrValue());
            } while (peek() == ',');
            expect(')');
            return total;
        }
        throw new FormulaError("#NAME?");
    }

    private BigDecimal rangeOrValue() {
        int start = pos;
        String first = word();
        if (peek() != ':') {
            pos = start;
            return sum();
        }
        pos++;
        A1Range box = A1Range.parse(first + ":" + word()).orElseThrow(() -> new FormulaError("#REF!"));
        BigDecimal total = BigDecimal.ZERO;
        for (int r = box.firstRow(); r <= box.lastRow(); r++) {
            for (int c = box.firstColumn(); c <= box.lastColumn(); c++) {
                total = total.add(number(cells.apply(r, c), true));
            }
        }
        return total;
    }

    private BigDecimal cell(String ref) {
        A1Range at = A1Range.parse(ref).filter(A1Range::singleCell).orElseThrow(() -> new FormulaError("#NAME?"));
        return number(cells.apply(at.firstRow(), at.firstColumn()), false);
    }

    private BigDecimal number(SheetCell cell, boolean inSum) {
        Object value = cell.isFormula() ? evaluate(cell.formula(), cells, depth + 1) : cell.value();
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof String s && s.startsWith("#")) {
            throw new FormulaError(s);
        }
        if (inSum) {
            return BigDecimal.ZERO; // SUM skips text and booleans
        }
        throw new FormulaError("#VALUE!");
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '$')) {
            pos++;
        }
        if (start == pos) {
            throw new FormulaError("#ERROR!");
        }
        return text.substring(start, pos);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new FormulaError("#ERROR!");
        }
        pos++;
    }
}
