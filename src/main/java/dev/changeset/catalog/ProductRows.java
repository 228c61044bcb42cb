package dev.changeset.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the product sheet's rows into products, each cell that does not parse into a {@link RowProblem}. */
final class ProductRows {

    private ProductRows() {
    }

    static ProductSheet parse(String spreadsheetId, CatalogConfig.Products config, List<List<Object>> values,
            Instant readAt, String tokenExchangeId) {
        return parse(spreadsheetId, config, new SheetTable(config.sheet(), values), readAt, tokenExchangeId);
    }

    /** The product columns of a table, found by their configured headers (a layout error names what is missing). */
    static Map<ProductField, Integer> columns(CatalogConfig.Products config, SheetTable table) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ProductField f : ProductField.values()) {
            wanted.put(f.setting(), f.header(config));
        }
        Map<String, Integer> bySetting = table.columns(wanted);
        Map<ProductField, Integer> columns = new EnumMap<>(ProductField.class);
        for (ProductField f : ProductField.values()) {
            columns.put(f, bySetting.get(f.setting()));
        }
        return columns;
    }

    /** The products of the table's rows (the whole sheet, or some rows read with the header). */
    static ProductSheet parse(String spreadsheetId, CatalogConfig.Products config, SheetTable table, Instant readAt,
            String tokenExchangeId) {
        Map<ProductField, Integer> columns = columns(config, table);
        List<Product> products = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        Map<String, Integer> firstRowOfSku = new HashMap<>();
        for (int i = 0; i < table.dataRows(); i++) {
            if (table.blankRow(i)) {
                continue;
            }
            int row = table.rowNumber(i);
            Row r = new Row(table, i, columns, problems);
            String sku = r.value(ProductField.SKU, Cells.text(r.raw(ProductField.SKU), true), null);
            if (sku == null) {
                continue; // reported: a row without a SKU cannot be named by a change
            }
            Integer earlier = firstRowOfSku.putIfAbsent(sku.toUpperCase(Locale.ROOT), row);
            if (earlier != null) {
                problems.add(new RowProblem(row, sku, ProductField.SKU.key(), r.cell(ProductField.SKU), sku,
                        "duplicate SKU: also on row " + earlier + "; changes to this SKU are ambiguous until one "
                                + "row is fixed"));
            }
            String name = r.value(ProductField.NAME, Cells.text(r.raw(ProductField.NAME), true), sku);
            BigDecimal price = r.value(ProductField.PRICE, Cells.decimal(r.raw(ProductField.PRICE), true), sku);
            BigDecimal cost = r.value(ProductField.COST, Cells.decimal(r.raw(ProductField.COST), true), sku);
            Boolean active = r.value(ProductField.PROMOTION_ACTIVE, Cells.bool(r.raw(ProductField.PROMOTION_ACTIVE)),
                    sku);
            BigDecimal percent = r.value(ProductField.PROMOTION_PERCENT,
                    Cells.decimal(r.raw(ProductField.PROMOTION_PERCENT), Boolean.TRUE.equals(active)), sku);
            Integer inventory = r.value(ProductField.INVENTORY, Cells.integer(r.raw(ProductField.INVENTORY)), sku);
            LocalDate launch = r.value(ProductField.LAUNCH_DATE,
                    Cells.date(r.raw(ProductField.LAUNCH_DATE), false), sku);
            Map<String, String> cells = new LinkedHashMap<>();
            int index = i;
            columns.forEach((f, c) -> cells.put(f.key(), table.cell(index, c)));
            products.add(new Product(row, sku, name, price, cost, active, percent, inventory, launch, cells));
        }
        return new ProductSheet(spreadsheetId, config.sheet(), readAt, List.copyOf(products), List.copyOf(problems),
                tokenExchangeId);
    }

    /** One data row being read; records each field's problem as it goes. */
    private record Row(SheetTable table, int index, Map<ProductField, Integer> columns, List<RowProblem> problems) {

        Object raw(ProductField field) {
            return table.raw(index, columns.get(field));
        }

        String cell(ProductField field) {
            return table.cell(index, columns.get(field));
        }

        <T> T value(ProductField field, Cells.Parsed<T> parsed, String sku) {
            if (parsed.problem() != null) {
                String problem = field == ProductField.SKU
                        ? "no usable SKU (" + parsed.problem() + "): this row is left out, since changes name rows "
                                + "by SKU"
                        : parsed.problem();
                problems.add(new RowProblem(table.rowNumber(index), sku, field.key(), cell(field), Cells.shown(raw(field)),
                        problem));
            }
            return parsed.value();
        }
    }
}
