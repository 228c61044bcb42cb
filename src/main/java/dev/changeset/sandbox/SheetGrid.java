package dev.changeset.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** One sheet's cells, its grid size, and reading, writing and inserting as the Sheets API does them. */
final class SheetGrid {

    private static final Pattern CELL_REF = Pattern.compile("(\\$?[A-Z]{1,3})(\\$?)(\\d+)");

    final String name;
    private final List<List<SheetCell>> rows = new ArrayList<>();
    private int gridRows = 1000;
    private int gridColumns = 26;

    SheetGrid(String name) {
        this.name = name;
    }

    int gridRows() {
        return gridRows;
    }

    int gridColumns() {
        return gridColumns;
    }

    SheetCell at(int row, int column) {
        if (row < 0 || row >= rows.size()) {
            return SheetCell.EMPTY;
        }
        List<SheetCell> r = rows.get(row);
        return column < 0 || column >= r.size() ? SheetCell.EMPTY : r.get(column);
    }

    void put(int row, int column, SheetCell cell) {
        while (rows.size() <= row) {
            rows.add(new ArrayList<>());
        }
        List<SheetCell> r = rows.get(row);
        while (r.size() <= column) {
            r.add(SheetCell.EMPTY);
        }
        r.set(column, cell);
        gridRows = Math.max(gridRows, row + 1);
        gridColumns = Math.max(gridColumns, column + 1);
    }

    Object evaluate(String formula) {
        return FormulaEval.evaluate(formula, this::at, 0);
    }

    /** 1 + the last row holding anything, or 0. */
    int dataRows() {
        for (int r = rows.size() - 1; r >= 0; r--) {
            if (rows.get(r).stream().anyMatch(c -> !c.isEmpty())) {
                return r + 1;
            }
        }
        return 0;
    }

    int lastRow(A1Range range) {
        return range.lastRow() == A1Range.OPEN ? gridRows - 1 : range.lastRow();
    }

    int lastColumn(A1Range range) {
        return range.lastColumn() == A1Range.OPEN ? gridColumns - 1 : range.lastColumn();
    }

    /** The range as Google reports it back: open ends closed at the grid's edge. */
    String bounded(A1Range range) {
        return A1Range.format(name, range.firstRow(), range.firstColumn(), lastRow(range), lastColumn(range));
    }

    boolean insideGrid(A1Range range) {
        return range.firstRow() < gridRows && range.firstColumn() < gridColumns;
    }

    /** The values of {@code range}, trailing empty rows and cells left out, rows or columns first. */
    List<List<Object>> read(A1Range range, String render, boolean byColumns) {
        int lastRow = Math.min(lastRow(range), gridRows - 1);
        int lastCol = Math.min(lastColumn(range), gridColumns - 1);
        List<List<Object>> out = new ArrayList<>();
        if (!byColumns) {
            for (int r = range.firstRow(); r <= lastRow; r++) {
                List<Object> line = new ArrayList<>();
                for (int c = range.firstColumn(); c <= lastCol; c++) {
                    line.add(at(r, c).render(render, this::evaluate));
                }
                out.add(line);
            }
        } else {
            for (int c = range.firstColumn(); c <= lastCol; c++) {
                List<Object> line = new ArrayList<>();
                for (int r = range.firstRow(); r <= lastRow; r++) {
                    line.add(at(r, c).render(render, this::evaluate));
                }
                out.add(line);
            }
        }
        out.forEach(line -> {
            while (!line.isEmpty() && "".equals(line.get(line.size() - 1))) {
                line.remove(line.size() - 1);
            }
        });
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Inserts a row before 0-based {@code row}, moving the rows below down and fixing formulas that point at them. */
    void insertRow(int row, List<SheetCell> cells) {
        while (rows.size() < row) {
            rows.add(new ArrayList<>());
        }
        rows.add(row, new ArrayList<>(cells));
        gridRows++;
        for (List<SheetCell> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                SheetCell cell = r.get(c);
                if (cell.isFormula()) {
                    r.set(c, new SheetCell(null, shiftRows(cell.formula(), row)));
                }
            }
        }
    }

    private static String shiftRows(String formula, int insertedAt) {
        Matcher m = CELL_REF.matcher(formula);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int number = Integer.parseInt(m.group(3));
            String moved = number - 1 >= insertedAt ? String.valueOf(number + 1) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + moved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every stored cell, typed, row by row: equal snapshots mean equal sheets. */
    JsonArray snapshot() {
        JsonArray out = new JsonArray();
        int last = dataRows();
        for (int r = 0; r < last; r++) {
            JsonArray line = new JsonArray();
            List<SheetCell> row = rows.get(r);
            int end = row.size();
            while (end > 0 && row.get(end - 1).isEmpty()) {
                end--;
            }
            for (int c = 0; c < end; c++) {
                line.add(row.get(c).isEmpty() ? null : row.get(c).stored());
            }
            out.add(line);
        }
        return out;
    }

    JsonObject properties() {
        return new JsonObject().put("title", name)
                .put("gridProperties", new JsonObject().put("rowCount", gridRows).put("columnCount", gridColumns));
    }
}
