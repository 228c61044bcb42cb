package dev.changeset.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the launch schedule's rows into entries; a date or SKU that does not parse becomes a {@link RowProblem}. */
final class LaunchRows {

    private LaunchRows() {
    }

    static LaunchSchedule parse(String spreadsheetId, CatalogConfig.Launches config, List<List<Object>> values,
            Instant readAt, String tokenExchangeId) {
        SheetTable table = new SheetTable(config.sheet(), values);
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("changeset.catalog.launches.date", config.date());
        wanted.put("changeset.catalog.launches.sku", config.sku());
        wanted.put("changeset.catalog.launches.channel", config.channel());
        wanted.put("changeset.catalog.launches.campaign", config.campaign());
        wanted.put("changeset.catalog.launches.status", config.status());
        Map<String, Integer> found = table.columns(wanted);
        Map<String, Integer> columns = new LinkedHashMap<>();
        found.forEach((setting, index) -> columns.put(setting.substring(setting.lastIndexOf('.') + 1), index));
        List<LaunchEntry> entries = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        for (int i = 0; i < table.dataRows(); i++) {
            if (table.blankRow(i)) {
                continue;
            }
            int index = i;
            Map<String, String> cells = new LinkedHashMap<>();
            columns.forEach((key, c) -> cells.put(key, table.cell(index, c)));
            Cells.Parsed<String> sku = Cells.text(table.raw(i, columns.get("sku")), true);
            Cells.Parsed<LocalDate> date = Cells.date(table.raw(i, columns.get("date")), true);
            if (sku.problem() != null) {
                problems.add(new RowProblem(i + 2, null, "sku", cells.get("sku"),
                        Cells.shown(table.raw(i, columns.get("sku"))), sku.problem()));
            }
            if (date.problem() != null) {
                problems.add(new RowProblem(i + 2, sku.value(), "date", cells.get("date"),
                        Cells.shown(table.raw(i, columns.get("date"))), date.problem()));
            }
            entries.add(new LaunchEntry(i + 2, date.value(), sku.value(), text(table, i, columns.get("channel")),
                    text(table, i, columns.get("campaign")), text(table, i, columns.get("status")), cells));
        }
        return new LaunchSchedule(spreadsheetId, config.sheet(), readAt, List.copyOf(entries), List.copyOf(problems),
                tokenExchangeId);
    }

    private static String text(SheetTable table, int index, int column) {
        return Cells.shown(table.raw(index, column));
    }
}
