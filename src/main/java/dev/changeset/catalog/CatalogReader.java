package dev.changeset.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.api.services.sheets.v4.model.ValueRange;

import dev.changeset.vault.Delegation;
import dev.changeset.vault.GoogleAccess;

/**
 * The Reader: reads the product sheet, the launch schedule and given cells on a user's behalf, with a Google token
 * that holds {@code spreadsheets.readonly} (or {@code spreadsheets}) and a client that can only read. It decides
 * nothing; cells that do not parse come back as row problems.
 */
@ApplicationScoped
public class CatalogReader {

    private final GoogleCalls calls;
    private final CatalogConfig config;
    private final IndexedRows rows;

    CatalogReader(GoogleCalls calls, CatalogConfig config, IndexedRows rows) {
        this.calls = calls;
        this.config = config;
        this.rows = rows;
    }

    /** The whole product sheet (a text search needs every name); one read of every cell. */
    public ProductSheet products(Delegation delegation) {
        String sheet = config.products().sheet();
        GoogleCalls.Done<ValueRange> read = calls.asReader(delegation, c -> c.get(A1.sheet(sheet)));
        return ProductRows.parse(config.spreadsheetId(), config.products(), read.value().getValues(), Instant.now(),
                read.access().tokenExchangeId());
    }

    /**
     * The products whose SKU is one of {@code skus} (any case; every row of a SKU that is on several), read through
     * the SKU index: one batchGet of the header row and those rows only, plus an index rebuild when the sheet moved.
     * A SKU the index does not know rebuilds it first unless it was built within
     * {@code changeset.catalog.unknown-sku-refresh}, so a product added since is found.
     */
    public ProductSheet productsBySku(Delegation delegation, Collection<String> skus) {
        return rows.bySku(delegation, skus);
    }

    /** How many products the SKU index counts (rows holding a usable SKU), as of its last check. */
    public int productCount() {
        return rows.count();
    }

    /**
     * Products {@code offset} to {@code offset + limit - 1} in sheet order, and how many there are, read through the
     * SKU index: one batchGet of the header row and the page's rows (plus an index rebuild when the sheet moved).
     */
    public ProductPage productsPage(Delegation delegation, int offset, int limit) {
        return rows.page(delegation, offset, limit);
    }

    /** The whole launch schedule. */
    public LaunchSchedule launches(Delegation delegation) {
        String sheet = config.launches().sheet();
        GoogleCalls.Done<ValueRange> read = calls.asReader(delegation, c -> c.get(A1.sheet(sheet)));
        return LaunchRows.parse(config.spreadsheetId(), config.launches(), read.value().getValues(), Instant.now(),
                read.access().tokenExchangeId());
    }

    /** The cells of {@code ranges} (A1, with sheet names), in one batchGet: for reading back after a write. */
    public List<CellRange> cells(Delegation delegation, List<String> ranges) {
        return cells(delegation, ranges, access -> {
        });
    }

    /** As {@link #cells(Delegation, List)}; {@code used} is told which Token Vault exchange read them (receipts). */
    public List<CellRange> cells(Delegation delegation, List<String> ranges, Consumer<GoogleAccess> used) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        GoogleCalls.Done<List<ValueRange>> read = calls.asReader(delegation, c -> c.batchGet(ranges));
        used.accept(read.access());
        return CatalogWriter.cellRanges(read.value());
    }
}
