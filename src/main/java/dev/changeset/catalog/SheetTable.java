package dev.changeset.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sheet read from A1 as rows of raw cells, whose first row names the columns, or some of its rows and that first
 * row ({@link #of(String, List, List, List)}). Columns are found by header text (trimmed, any case); a configured
 * header that is missing fails the whole read with the setting to fix.
 */
final class SheetTable {

    private final String sheet;
    /** The sheet name as A1 addresses quote it, worked out once (not once per cell). */
    private final String quotedSheet;
    private final List<Object> header;
    private final List<List<Object>> rows;
    /** The 1-based sheet row of each of {@code rows}. */
    private final List<Integer> rowNumbers;
    private final Map<String, Integer> headers = new LinkedHashMap<>();

    SheetTable(String sheet, List<List<Object>> values) {
        this(sheet, values == null || values.isEmpty() ? null : values.get(0),
                values == null || values.isEmpty() ? List.of() : values.subList(1, values.size()), null);
    }

    /** The header row and the rows {@code rowNumbers} (1-based, ascending) of a sheet, read apart. */
    static SheetTable of(String sheet, List<Object> header, List<Integer> rowNumbers, List<List<Object>> rows) {
        return new SheetTable(sheet, header, rows, rowNumbers);
    }

    private SheetTable(String sheet, List<Object> header, List<List<Object>> rows, List<Integer> rowNumbers) {
        this.sheet = sheet;
        this.quotedSheet = A1.sheet(sheet);
        this.header = header;
        this.rows = rows;
        this.rowNumbers = rowNumbers;
        if (header == null || header.isEmpty()) {
            throw new CatalogException(CatalogException.Kind.SHEET_LAYOUT, "The sheet '" + sheet + "' is empty: its "
                    + "first row must name the columns.");
        }
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

    /** Data rows, excluding the header. */
    int dataRows() {
        return rows.size();
    }

    /** The 1-based sheet row of data row {@code index} (0 is sheet row 2 in a whole sheet). */
    int rowNumber(int index) {
        return rowNumbers == null ? index + 2 : rowNumbers.get(index);
    }

    /** The raw cell of data row {@code index} in {@code column}, or null beyond the row's end. */
    Object raw(int index, int column) {
        List<Object> row = rows.get(index);
        return row != null && column < row.size() ? row.get(column) : null;
    }

    boolean blankRow(int index) {
        List<Object> row = rows.get(index);
        return row == null || row.stream().allMatch(Cells::blank);
    }

    String cell(int index, int column) {
        return quotedSheet + "!" + A1.column(column) + rowNumber(index);
    }

    private String headerList() {
        return headers.isEmpty() ? "no headers" : "'" + String.join("', '", header.stream()
                .map(Cells::shown).filter(s -> s != null).toList()) + "'";
    }

    private static String normal(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }
}
