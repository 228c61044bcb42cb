package dev.changeset.sandbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One spreadsheet and the values API over it: get, batchGet, update, batchUpdate (all ranges or none) and append,
 * answering with Google's shapes (ValueRange, BatchGetValuesResponse, UpdateValuesResponse,
 * BatchUpdateValuesResponse, AppendValuesResponse). Every operation holds the spreadsheet's lock.
 */
final class SandboxSpreadsheet {

    final String id;
    private final Map<String, SheetGrid> sheets = new LinkedHashMap<>();

    SandboxSpreadsheet(String id) {
        this.id = id;
    }

    synchronized SheetGrid addSheet(String name) {
        return sheets.computeIfAbsent(name, SheetGrid::new);
    }

    /** The sheet a range names (the first sheet when it names none) and the parsed range. */
    record Target(SheetGrid sheet, A1Range range) {
    }

    synchronized Target resolve(String text) {
        A1Range range = A1Range.parse(text).orElseThrow(() -> SheetsError.badRequest("Unable to parse range: " + text));
        SheetGrid sheet = range.sheet() == null ? sheets.values().iterator().next()
                : sheets.values().stream().filter(s -> s.name.equalsIgnoreCase(range.sheet())).findFirst()
                        .orElseThrow(() -> new SheetsError(404, "NOT_FOUND", "notFound",
                                "Unable to parse range: " + text + " (no sheet named '" + range.sheet() + "')"));
        if (!sheet.insideGrid(range)) {
            throw SheetsError.badRequest("Range (" + text + ") exceeds grid limits. Max rows: " + sheet.gridRows()
                    + ", max columns: " + sheet.gridColumns());
        }
        return new Target(sheet, range);
    }

    synchronized JsonObject get(String text, String render, String majorDimension) {
        Target t = resolve(text);
        boolean columns = "COLUMNS".equals(majorDimension);
        JsonObject out = new JsonObject().put("range", t.sheet().bounded(t.range()))
                .put("majorDimension", columns ? "COLUMNS" : "ROWS");
        List<List<Object>> values = t.sheet().read(t.range(), render, columns);
        if (!values.isEmpty()) {
            out.put("values", values);
        }
        return out;
    }

    synchronized JsonObject batchGet(List<String> ranges, String render, String majorDimension) {
        JsonArray valueRanges = new JsonArray();
        ranges.forEach(r -> resolve(r)); // all ranges must exist before any is read
        ranges.forEach(r -> valueRanges.add(get(r, render, majorDimension)));
        return new JsonObject().put("spreadsheetId", id).put("valueRanges", valueRanges);
    }

    /** One planned write: where it starts and what it writes; checked in full before anything changes. */
    private record Write(Target target, int row, int column, List<List<Object>> values, boolean userEntered) {

        int height() {
            return values.size();
        }

        int width() {
            return values.stream().mapToInt(List::size).max().orElse(0);
        }
    }

    synchronized JsonObject update(String text, JsonObject valueRange, String input, boolean corrupt) {
        Write write = plan(text, valueRange, input);
        return apply(write, corrupt);
    }

    synchronized JsonObject batchUpdate(JsonObject request, boolean corrupt) {
        String input = request.getString("valueInputOption");
        JsonArray data = request.getJsonArray("data", new JsonArray());
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonObject vr = data.getJsonObject(i);
            writes.add(plan(vr.getString("range"), vr, input)); // throws before anything is applied
        }
        JsonArray responses = new JsonArray();
        int rows = 0;
        int columns = 0;
        int cells = 0;
        List<String> touchedSheets = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            JsonObject r = apply(writes.get(i), corrupt && i == 0);
            responses.add(r);
            rows += r.getInteger("updatedRows", 0);
            columns += r.getInteger("updatedColumns", 0);
            cells += r.getInteger("updatedCells", 0);
            if (!touchedSheets.contains(writes.get(i).target().sheet().name)) {
                touchedSheets.add(writes.get(i).target().sheet().name);
            }
        }
        return new JsonObject().put("spreadsheetId", id).put("totalUpdatedRows", rows)
                .put("totalUpdatedColumns", columns).put("totalUpdatedCells", cells)
                .put("totalUpdatedSheets", touchedSheets.size()).put("responses", responses);
    }

    synchronized JsonObject append(String text, JsonObject valueRange, String input) {
        Target t = resolve(text);
        checkInput(input);
        List<List<Object>> values = values(valueRange);
        int row = Math.max(t.sheet().dataRows(), t.range().firstRow());
        A1Range at = new A1Range(t.sheet().name, row, t.range().firstColumn(), A1Range.OPEN, A1Range.OPEN, true);
        Write write = new Write(new Target(t.sheet(), at), row, t.range().firstColumn(), values,
                "USER_ENTERED".equals(input));
        JsonObject out = new JsonObject().put("spreadsheetId", id);
        if (row > 0) {
            out.put("tableRange", A1Range.format(t.sheet().name, 0, t.range().firstColumn(), row - 1,
                    t.range().firstColumn() + Math.max(1, write.width()) - 1));
        }
        return out.put("updates", apply(write, false));
    }

    private Write plan(String text, JsonObject valueRange, String input) {
        if (text == null) {
            throw SheetsError.badRequest("Invalid data[0]: range is required");
        }
        checkInput(input);
        Target t = resolve(text);
        List<List<Object>> values = "COLUMNS".equals(valueRange.getString("majorDimension"))
                ? transpose(values(valueRange)) : values(valueRange);
        Write write = new Write(t, t.range().firstRow(), t.range().firstColumn(), values, "USER_ENTERED".equals(input));
        if (!t.range().singleCell()) {
            int lastRow = t.sheet().lastRow(t.range());
            int lastCol = t.sheet().lastColumn(t.range());
            if (write.row() + write.height() - 1 > lastRow) {
                throw SheetsError.badRequest("Requested writing within range [" + text + "], but tried writing to "
                        + "row [" + (write.row() + write.height()) + "]");
            }
            if (write.column() + write.width() - 1 > lastCol) {
                throw SheetsError.badRequest("Requested writing within range [" + text + "], but tried writing to "
                        + "column [" + A1Range.columnLetters(write.column() + write.width() - 1) + "]");
            }
        }
        return write;
    }

    private static void checkInput(String input) {
        if (input == null || !(input.equals("RAW") || input.equals("USER_ENTERED"))) {
            throw SheetsError.badRequest("Invalid valueInputOption: " + (input == null
                    ? "'valueInputOption' is required but not specified" : "'" + input + "'"));
        }
    }

    private JsonObject apply(Write write, boolean corrupt) {
        SheetGrid sheet = write.target().sheet();
        int cells = 0;
        int maxWidth = 0;
        int writtenRows = 0;
        for (int r = 0; r < write.height(); r++) {
            List<Object> line = write.values().get(r);
            boolean any = false;
            for (int c = 0; c < line.size(); c++) {
                Object v = line.get(c);
                if (v == null) {
                    continue; // Google skips nulls: the cell keeps its value
                }
                SheetCell cell = write.userEntered() ? SheetCell.userEntered(v) : SheetCell.raw(v);
                if (corrupt && cells == 0) {
                    cell = SheetCell.raw(cell.value() instanceof BigDecimal d ? d.add(BigDecimal.ONE)
                            : String.valueOf(cell.value()) + " (corrupted)");
                }
                sheet.put(write.row() + r, write.column() + c, cell);
                cells++;
                any = true;
                maxWidth = Math.max(maxWidth, c + 1);
            }
            writtenRows += any ? 1 : 0;
        }
        String range = write.height() == 0 || write.width() == 0
                ? A1Range.format(sheet.name, write.row(), write.column(), write.row(), write.column())
                : A1Range.format(sheet.name, write.row(), write.column(), write.row() + write.height() - 1,
                        write.column() + write.width() - 1);
        return new JsonObject().put("spreadsheetId", id).put("updatedRange", range).put("updatedRows", writtenRows)
                .put("updatedColumns", maxWidth).put("updatedCells", cells);
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> values(JsonObject valueRange) {
        JsonArray rows = valueRange.getJsonArray("values", new JsonArray());
        List<List<Object>> out = new ArrayList<>();
        for (Object row : rows) {
            if (!(row instanceof JsonArray a)) {
                throw SheetsError.badRequest("Invalid values: each row must be a list");
            }
            List<Object> line = new ArrayList<>(a.getList());
            for (Object v : line) {
                if (v instanceof Map || v instanceof List || v instanceof JsonObject || v instanceof JsonArray) {
                    throw SheetsError.badRequest("Invalid values: a cell must be a string, number or boolean");
                }
            }
            out.add(line);
        }
        return out;
    }

    private static List<List<Object>> transpose(List<List<Object>> columns) {
        int height = columns.stream().mapToInt(List::size).max().orElse(0);
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < height; r++) {
            List<Object> line = new ArrayList<>();
            for (List<Object> column : columns) {
                line.add(r < column.size() ? column.get(r) : null);
            }
            rows.add(line);
        }
        return rows;
    }

    synchronized JsonObject snapshot(String sheetName) {
        SheetGrid sheet = sheets.values().stream().filter(s -> s.name.equalsIgnoreCase(sheetName)).findFirst()
                .orElseThrow(SheetsError::notFound);
        JsonArray cells = sheet.snapshot();
        return new JsonObject().put("spreadsheetId", id).put("sheet", sheet.name).put("rows", cells)
                .put("sha256", sha256(cells.encode()));
    }

    synchronized void insertRow(String sheetName, int rowNumber, List<Object> values) {
        SheetGrid sheet = sheets.values().stream().filter(s -> s.name.equalsIgnoreCase(sheetName)).findFirst()
                .orElseThrow(SheetsError::notFound);
        if (rowNumber < 1) {
            throw SheetsError.badRequest("rows are numbered from 1");
        }
        sheet.insertRow(rowNumber - 1, values.stream().map(SheetCell::userEntered).toList());
    }

    synchronized JsonObject metadata() {
        JsonArray list = new JsonArray();
        sheets.values().forEach(s -> list.add(new JsonObject().put("properties", s.properties())));
        return new JsonObject().put("spreadsheetId", id).put("sheets", list);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
