package dev.changeset.catalog;

import java.util.regex.Pattern;

/** A1 addresses as Google writes them: {@code Products!D7}, {@code 'Launch Schedule'!A2}. */
public final class A1 {

    private static final Pattern PLAIN_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern LOOKS_LIKE_CELL = Pattern.compile("^[A-Za-z]{1,3}\\d+$|^[Rr]\\d*[Cc]\\d*$");

    private A1() {
    }

    /** The sheet name, quoted when Google would quote it. */
    static String sheet(String name) {
        if (PLAIN_NAME.matcher(name).matches() && !LOOKS_LIKE_CELL.matcher(name).matches()) {
            return name;
        }
        return "'" + name.replace("'", "''") + "'";
    }

    /** The address of one cell: 1-based row, 0-based column. */
    static String cell(String sheet, int row, int column) {
        return sheet(sheet) + "!" + column(column) + row;
    }

    /** The letters of a 0-based column: 0 is A, 26 is AA. */
    public static String column(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return s.toString();
    }
}
