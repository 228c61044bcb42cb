package dev.changeset.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.api.services.sheets.v4.model.ValueRange;

import dev.changeset.vault.Delegation;

/**
 * Reads product rows by SKU or by page at a cost that follows the rows asked for, not the catalog: a {@link SkuIndex}
 * kept per spreadsheet and sheet (in this process; each replica keeps its own) says which rows to read, and one
 * batchGet reads the header row, the last SKU cell and the one below it, and those rows. The index is checked on
 * every use by that same batchGet: the header must be as it was, the last SKU where it was with nothing below it,
 * and every row read must hold the SKU the index puts there. Otherwise (a person inserted, deleted, sorted or
 * appended rows, another replica's person did, columns moved) the index is rebuilt from the header row and the SKU
 * column, and the rows read again; nothing read through a stale index is ever used.
 */
@ApplicationScoped
class IndexedRows {

    private static final Logger LOG = Logger.getLogger(IndexedRows.class);
    /** A read that finds the sheet moved rebuilds the index and reads again, this many times at most. */
    private static final int READS = 3;

    private final GoogleCalls calls;
    private final CatalogConfig config;
    private final ConcurrentMap<String, SkuIndex> indexes = new ConcurrentHashMap<>();

    IndexedRows(GoogleCalls calls, CatalogConfig config) {
        this.calls = calls;
        this.config = config;
    }

    ProductSheet bySku(Delegation delegation, Collection<String> skus) {
        SkuIndex held = indexes.get(key());
        SkuIndex index;
        if (held == null) {
            index = rebuild(delegation, null, "first use");
        } else if (skus.stream().anyMatch(s -> held.rowsOf(s).isEmpty())
                && held.builtAt().plus(config.unknownSkuRefresh()).isBefore(Instant.now())) {
            index = rebuild(delegation, held, "a SKU it does not know was asked for");
        } else {
            index = held;
        }
        for (int attempt = 1; ; attempt++) {
            List<Integer> rows = new ArrayList<>();
            for (String sku : skus) {
                rows.addAll(index.rowsOf(sku));
            }
            ProductSheet read = read(delegation, index, rows);
            if (read != null) {
                return read;
            }
            if (attempt == READS) {
                throw moving();
            }
            index = rebuild(delegation, index, "the sheet moved");
        }
    }

    int count() {
        SkuIndex index = indexes.get(key());
        return index == null ? 0 : index.products();
    }

    ProductPage page(Delegation delegation, int offset, int limit) {
        SkuIndex index = indexes.get(key());
        if (index == null) {
            index = rebuild(delegation, null, "first use");
        }
        for (int attempt = 1; ; attempt++) {
            List<Integer> all = index.productRows();
            List<Integer> rows = offset >= all.size() ? List.of()
                    : all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
            ProductSheet read = read(delegation, index, rows);
            if (read != null) {
                return new ProductPage(read, index.products());
            }
            if (attempt == READS) {
                throw moving();
            }
            index = rebuild(delegation, index, "the sheet moved");
        }
    }

    private String key() {
        return config.spreadsheetId() + "|" + config.products().sheet();
    }

    private String quotedSheet() {
        return A1.sheet(config.products().sheet());
    }

    /** One batchGet: header, last SKU cell and the one below, the rows. Null when the index no longer fits. */
    private ProductSheet read(Delegation delegation, SkuIndex index, List<Integer> wanted) {
        String q = quotedSheet();
        String sku = A1.column(index.skuColumn());
        List<String> ranges = new ArrayList<>();
        ranges.add(q + "!1:1");
        ranges.add(q + "!" + sku + index.lastRow() + ":" + sku + (index.lastRow() + 1));
        List<RowBands.Band> bands = RowBands.of(wanted,
                RowBands.fitting(q, index.lastRow() + 1, RowBands.URL_BUDGET) - ranges.size());
        String last = A1.column(index.width() - 1);
        bands.forEach(b -> ranges.add(q + "!A" + b.top() + ":" + last + b.bottom()));
        GoogleCalls.Done<List<ValueRange>> done = calls.asReader(delegation, c -> c.batchGet(ranges));
        List<ValueRange> got = done.value();
        if (got.size() != ranges.size()) {
            throw new IllegalStateException("asked Sheets for " + ranges.size() + " ranges, it answered "
                    + got.size());
        }
        List<Object> header = firstRow(got.get(0));
        if (!header.equals(index.header())) {
            return null;
        }
        List<List<Object>> tail = values(got.get(1));
        if (!Objects.equals(Cells.shown(cell(tail, 0, 0)), index.lastSkuCell()) || !Cells.blank(cell(tail, 1, 0))) {
            return null;
        }
        Map<Integer, List<Object>> byRow = new HashMap<>();
        for (int i = 0; i < bands.size(); i++) {
            List<List<Object>> values = values(got.get(i + 2));
            RowBands.Band band = bands.get(i);
            for (int row = band.top(); row <= band.bottom(); row++) {
                int at = row - band.top();
                byRow.put(row, at < values.size() && values.get(at) != null ? values.get(at) : List.of());
            }
        }
        List<Integer> rows = new ArrayList<>(new TreeSet<>(wanted));
        List<List<Object>> data = new ArrayList<>();
        for (int row : rows) {
            List<Object> values = byRow.get(row);
            if (!index.holds(row, cell(List.of(values), 0, index.skuColumn()))) {
                return null;
            }
            data.add(values);
        }
        return ProductRows.parse(config.spreadsheetId(), config.products(),
                SheetTable.of(config.products().sheet(), header, rows, data), Instant.now(),
                done.access().tokenExchangeId());
    }

    /**
     * The header row and the SKU column, in one batchGet (a header read first when the SKU column is not known or
     * has moved).
     */
    private SkuIndex rebuild(Delegation delegation, SkuIndex old, String why) {
        String q = quotedSheet();
        Integer column = old == null ? null : old.skuColumn();
        for (int attempt = 0; attempt < READS; attempt++) {
            if (column == null) {
                List<Object> header = firstRow(calls.asReader(delegation, c -> c.get(q + "!1:1")).value());
                column = columns(header).get(ProductField.SKU);
            }
            String letters = A1.column(column);
            List<String> ranges = List.of(q + "!1:1", q + "!" + letters + "2:" + letters);
            List<ValueRange> got = calls.asReader(delegation, c -> c.batchGet(ranges)).value();
            List<Object> header = firstRow(got.get(0));
            Map<ProductField, Integer> columns = columns(header);
            if (columns.get(ProductField.SKU).equals(column)) {
                int width = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                SkuIndex index = SkuIndex.build(header, column, width, values(got.get(1)), Instant.now());
                indexes.put(key(), index);
                LOG.infof("SKU index of sheet '%s' rebuilt (%s): %d products, last SKU on row %d",
                        config.products().sheet(), why, index.products(), index.lastRow());
                return index;
            }
            column = columns.get(ProductField.SKU);
        }
        throw moving();
    }

    private Map<ProductField, Integer> columns(List<Object> header) {
        return ProductRows.columns(config.products(), SheetTable.of(config.products().sheet(), header, List.of(),
                List.of()));
    }

    private CatalogException moving() {
        return new CatalogException(CatalogException.Kind.SHEET_CHANGED, "The product sheet '"
                + config.products().sheet() + "' kept changing shape (rows or columns moving) while it was read: "
                + "nothing was used from it. Try again in a moment.");
    }

    private static List<List<Object>> values(ValueRange range) {
        return range == null || range.getValues() == null ? List.of() : range.getValues();
    }

    private static List<Object> firstRow(ValueRange range) {
        List<List<Object>> values = values(range);
        return values.isEmpty() || values.get(0) == null ? List.of() : values.get(0);
    }

    private static Object cell(List<List<Object>> rows, int row, int column) {
        if (row >= rows.size() || rows.get(row) == null || column >= rows.get(row).size()) {
            return null;
        }
        return rows.get(row).get(column);
    }
}
