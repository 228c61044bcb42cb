package dev.changeset.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An A1 range as the Sheets API reads it: an optional sheet name (quoted with {@code '} when it needs it, {@code ''}
 * for a quote inside), then nothing (the whole sheet), a cell ({@code B3}), a box ({@code A1:C10}), whole columns
 * ({@code A:C}), whole rows ({@code 2:5}) or a box open at the bottom ({@code A2:C}). Rows and columns are 0-based
 * here; {@code -1} for an end means "to the edge of the grid".
 *
 * @param sheet the sheet's name, or null for the first sheet
 */
record A1Range(String sheet, int firstRow, int firstColumn, int lastRow, int lastColumn, boolean singleCell) {

    static final int OPEN = -1;

    private static final Pattern CELL = Pattern.compile("^([A-Za-z]{0,3})(\\d*)$");
    private static final Pattern PLAIN_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern LOOKS_LIKE_CELL = Pattern.compile("^[A-Za-z]{1,3}\\d+$|^[Rr]\\d*[Cc]\\d*$");

    /** Parses {@code text}, or empty when it is not an A1 range. */
    static Optional<A1Range> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String sheet = null;
        String cells = text;
        if (text.startsWith("'")) {
            int end = closingQuote(text);
            if (end < 0) {
                return Optional.empty();
            }
            sheet = text.substring(1, end).replace("''", "'");
            String rest = text.substring(end + 1);
            if (rest.isEmpty()) {
                cells = "";
            } else if (rest.startsWith("!")) {
                cells = rest.substring(1);
            } else {
                return Optional.empty();
            }
        } else {
            int bang = text.lastIndexOf('!');
            if (bang >= 0) {
                sheet = text.substring(0, bang);
                cells = text.substring(bang + 1);
            } else if (!text.contains(":") && !text.matches("^\\$?[A-Za-z]{1,3}\\$?\\d+$")) {
                return Optional.of(new A1Range(text, 0, 0, OPEN, OPEN, false)); // a bare sheet name
            }
        }
        if (sheet != null && sheet.isEmpty()) {
            return Optional.empty();
        }
        if (cells.isEmpty()) {
            return sheet == null ? Optional.empty() : Optional.of(new A1Range(sheet, 0, 0, OPEN, OPEN, false));
        }
        String[] parts = cells.split(":", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        int[] start = cell(parts[0]);
        int[] end = parts.length == 2 ? cell(parts[1]) : start;
        if (start == null || end == null) {
            return Optional.empty();
        }
        boolean single = parts.length == 1;
        if (single && (start[0] == OPEN || start[1] == OPEN)) {
            return Optional.empty(); // "A" or "3" alone is not a range
        }
        int firstRow = start[0] == OPEN ? 0 : start[0];
        int firstCol = start[1] == OPEN ? 0 : start[1];
        int lastRow = end[0];
        int lastCol = end[1];
        if (lastRow != OPEN && lastRow < firstRow) { // "B5:A1" means the same box as "A1:B5"
            int t = firstRow;
            firstRow = lastRow;
            lastRow = t;
        }
        if (lastCol != OPEN && lastCol < firstCol) {
            int t = firstCol;
            firstCol = lastCol;
            lastCol = t;
        }
        return Optional.of(new A1Range(sheet, firstRow, firstCol, lastRow, lastCol, single));
    }

    /** {row, column}, 0-based, each {@link #OPEN} when absent; null when malformed. */
    private static int[] cell(String text) {
        Matcher m = CELL.matcher(text.replace("$", ""));
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        int row = m.group(2).isEmpty() ? OPEN : Integer.parseInt(m.group(2)) - 1;
        if (row < OPEN || (row == -1 && !m.group(2).isEmpty())) {
            return null; // row 0 does not exist
        }
        int col = m.group(1).isEmpty() ? OPEN : columnIndex(m.group(1));
        return new int[] { row, col };
    }

    private static int closingQuote(String text) {
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    static int columnIndex(String letters) {
        int n = 0;
        for (char c : letters.toUpperCase().toCharArray()) {
            n = n * 26 + (c - 'A' + 1);
        }
        return n - 1;
    }

    static String columnLetters(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return s.toString();
    }

    /** A sheet name as Google writes it in a range: quoted only when it needs to be. */
    static String quote(String sheet) {
        if (PLAIN_NAME.matcher(sheet).matches() && !LOOKS_LIKE_CELL.matcher(sheet).matches()) {
            return sheet;
        }
        return "'" + sheet.replace("'", "''") + "'";
    }

    /** {@code Sheet!A1:C10} for a box with both corners known (0-based, inclusive). */
    static String format(String sheet, int firstRow, int firstColumn, int lastRow, int lastColumn) {
        String start = columnLetters(firstColumn) + (firstRow + 1);
        String end = columnLetters(lastColumn) + (lastRow + 1);
        return quote(sheet) + "!" + (start.equals(end) ? start : start + ":" + end);
    }
}
