package dev.changeset.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sheet read from A1 as rows of raw cells, whose first row names the columns. Columns are found by header text
 * (trimmed, any case); a configured header that is missing fails the whole read with the setting to fix.
 */
final class SheetTable {

    private final String sheet;
    private final List<List<Object>> rows;
    private final Map<String, Integer> headers = new LinkedHashMap<>();

    SheetTable(String sheet, List<List<Object>> values) {
        this.sheet = sheet;
        this.rows = values == null ? List.of() : values;
        if (rows.isEmpty()) {
            throw new CatalogException(CatalogException.Kind.SHEET_LAYOUT, "The sheet '" + sheet + "' is empty: its "
                    + "first row must name the columns.");
        }
        List<Object> header = rows.get(0);
        for (int c = 0; c < header.size(); c++) {
            String text = Cells.shown(header.get(c));
            if (text != null) {
                headers.putIfAbsent(normal(text), c);
            }
        }
    }

    String sheet() {
        return sheet;
    }

    /** Column indexes for {@code wanted} (setting name to header text), or a layout error naming what is missing. */
    Map<String, Integer> columns(Map<String, String> wanted) {
        Map<String, Integer> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        wanted.forEach((setting, header) -> {
            Integer index = headers.get(normal(header));
            if (index == null) {
                missing.add("'" + header + "' (" + setting + ")");
            } else {
                found.put(setting, index);
            }
        });
        if (!missing.isEmpty()) {
            throw new CatalogException(CatalogException.Kind.SHEET_LAYOUT, "The sheet '" + sheet + "' has no column "
                    + String.join(", ", missing) + " in its first row; it has " + headerList()
                    + ". Rename the column in the sheet, or set the setting to the header it has.");
        }
        return found;
    }

    /** Data rows, excluding the header: 1-based sheet row number 2 onwards. */
    int dataRows() {
        return rows.size() - 1;
    }

    /** The raw cell of data row {@code index} (0 = sheet row 2) in {@code column}, or null beyond the row's end. */
    Object raw(int index, int column) {
        List<Object> row = rows.get(index + 1);
        return column < row.size() ? row.get(column) : null;
    }

    boolean blankRow(int index) {
        return rows.get(index + 1).stream().allMatch(Cells::blank);
    }

    String cell(int index, int column) {
        return A1.cell(sheet, index + 2, column);
    }

    private String headerList() {
        return headers.isEmpty() ? "no headers" : "'" + String.join("', '", rows.get(0).stream()
                .map(Cells::shown).filter(s -> s != null).toList()) + "'";
    }

    private static String normal(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }
}
