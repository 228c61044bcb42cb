package dev.changeset.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.changeset.catalog.A1;
import dev.changeset.catalog.CellRange;
import dev.changeset.catalog.RowBands;

/**
 * Reads many single cells as few ranges: on each sheet, bands of rows ({@link RowBands}) over the columns the cells
 * use. A batchGet names its ranges in the URL, and a changeset of 500 operations has 1,000 cells to check: one range
 * per cell would make a URL of about 20 KB, which servers refuse (the sandbox at 4 KB, Google's front ends at about
 * 16 KB). Bands keep the call within {@link RowBands#URL_BUDGET} whatever the size, and read the rows of the
 * changeset (and at most a few rows between them when it touches very many), never the whole catalog: a changeset
 * of one row in a sheet of 50,000 reads that row. Cells read beside the wanted ones are ignored. Writes never use
 * windows: they name every cell, so nothing else is touched.
 */
final class CellWindows {

    private static final Pattern CELL = Pattern.compile("^(.+)!([A-Z]{1,3})([1-9][0-9]*)$");

    private CellWindows() {
    }

    /** One rectangle: rows {@code top..bottom} (1-based), columns {@code left..right} (0-based). */
    record Window(String sheet, int top, int bottom, int left, int right) {

        String a1() {
            return sheet + "!" + A1.column(left) + top + ":" + A1.column(right) + bottom;
        }

        boolean holds(Cell c) {
            return c.sheet().equals(sheet) && c.row() >= top && c.row() <= bottom;
        }
    }

    /** A cell address split up: {@code Products!D7} is sheet {@code Products}, row 7, column 3. */
    private record Cell(String sheet, int row, int column) {

        static Cell of(String a1) {
            Matcher m = CELL.matcher(a1);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a single-cell A1 address: " + a1);
            }
            int column = 0;
            for (char ch : m.group(2).toCharArray()) {
                column = column * 26 + (ch - 'A' + 1);
            }
            return new Cell(m.group(1), Integer.parseInt(m.group(3)), column - 1);
        }
    }

    /** The windows covering {@code cells}: per sheet (in the order sheets first appear), bands of rows. */
    static List<Window> cover(List<String> cells) {
        Map<String, List<Cell>> bySheet = new LinkedHashMap<>();
        for (String a1 : cells) {
            Cell c = Cell.of(a1);
            bySheet.computeIfAbsent(c.sheet(), k -> new ArrayList<>()).add(c);
        }
        List<Window> out = new ArrayList<>();
        int sheets = Math.max(1, bySheet.size());
        bySheet.forEach((sheet, list) -> {
            int left = list.stream().mapToInt(Cell::column).min().orElse(0);
            int right = list.stream().mapToInt(Cell::column).max().orElse(0);
            int maxRow = list.stream().mapToInt(Cell::row).max().orElse(1);
            int fitting = Math.max(1, RowBands.fitting(sheet, maxRow, RowBands.URL_BUDGET / sheets));
            RowBands.of(list.stream().map(Cell::row).toList(), fitting)
                    .forEach(b -> out.add(new Window(sheet, b.top(), b.bottom(), left, right)));
        });
        return List.copyOf(out);
    }

    /** The A1 ranges to read for {@code cells}. */
    static List<String> ranges(List<String> cells) {
        return cover(cells).stream().map(Window::a1).toList();
    }

    /**
     * Each of {@code cells} with its value (null when empty), from a read of {@link #ranges} of the same cells.
     * Sheets answers a batchGet in request order, each range's values starting at its top-left corner (leading
     * empty rows and cells kept, trailing ones left out).
     */
    static Map<String, Object> values(List<String> cells, List<CellRange> read) {
        List<Window> windows = cover(cells);
        if (windows.size() != read.size()) {
            throw new IllegalStateException("asked for " + windows.size() + " ranges, Sheets answered " + read.size());
        }
        Map<String, Object> out = new HashMap<>();
        for (String a1 : cells) {
            Cell c = Cell.of(a1);
            int i = 0;
            while (!windows.get(i).holds(c)) {
                i++; // every cell is in one window: cover made them so
            }
            Window w = windows.get(i);
            out.put(a1, at(read.get(i).values(), c.row() - w.top(), c.column() - w.left()));
        }
        return out;
    }

    private static Object at(List<List<Object>> rows, int row, int column) {
        if (rows == null || row >= rows.size() || rows.get(row) == null || column >= rows.get(row).size()) {
            return null;
        }
        return rows.get(row).get(column);
    }
}
