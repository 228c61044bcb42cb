package dev.changeset.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;

import dev.changeset.vault.Delegation;
import dev.changeset.vault.GoogleAccess;

/**
 * The Writer's narrow surface on the catalog spreadsheet, with a Google token that holds {@code spreadsheets}: read
 * the cells about to be written, and write them in one {@code RAW} {@code values:batchUpdate} (all ranges or none;
 * a value starting with {@code =} stays text). Deciding what to write, and whether the cells still hold what was
 * previewed, is the caller's job.
 */
@ApplicationScoped
public class CatalogWriter {

    /** What a write changed, and with which Token Vault exchange (for the receipt). */
    public record Written(String tokenExchangeId, int updatedCells, List<String> updatedRanges) {
    }

    private final GoogleCalls calls;

    CatalogWriter(GoogleCalls calls) {
        this.calls = calls;
    }

    /** The current content of {@code ranges}, as the Writer sees it just before writing. */
    public List<CellRange> read(Delegation delegation, List<String> ranges) {
        return read(delegation, ranges, access -> {
        });
    }

    /** As {@link #read(Delegation, List)}; {@code used} is told which Token Vault exchange read them (receipts). */
    public List<CellRange> read(Delegation delegation, List<String> ranges, Consumer<GoogleAccess> used) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        GoogleCalls.Done<List<ValueRange>> read = calls.asWriterReading(delegation, c -> c.batchGet(ranges));
        used.accept(read.access());
        return cellRanges(read.value());
    }

    /**
     * Writes every range in one atomic RAW batch. A 429 is retried (nothing was written); a 5xx or a lost answer
     * throws {@link CatalogException.Kind#WRITE_OUTCOME_UNKNOWN}: read back to decide, never write again blindly.
     */
    public Written writeRaw(Delegation delegation, List<CellRange> data) {
        return writeRaw(delegation, data, access -> {
        });
    }

    /** As {@link #writeRaw(Delegation, List)}; {@code used} is told which Token Vault exchange wrote (receipts). */
    public Written writeRaw(Delegation delegation, List<CellRange> data, Consumer<GoogleAccess> used) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("nothing to write");
        }
        List<ValueRange> ranges = data.stream()
                .map(d -> new ValueRange().setRange(d.range()).setMajorDimension("ROWS").setValues(d.values()))
                .toList();
        GoogleCalls.Done<BatchUpdateValuesResponse> done = calls.asWriterWriting(delegation,
                c -> c.batchUpdateRaw(ranges));
        used.accept(done.access());
        BatchUpdateValuesResponse answer = done.value();
        List<String> updated = new ArrayList<>();
        if (answer.getResponses() != null) {
            answer.getResponses().forEach(r -> updated.add(r.getUpdatedRange()));
        }
        int cells = answer.getTotalUpdatedCells() == null ? 0 : answer.getTotalUpdatedCells();
        return new Written(done.access().tokenExchangeId(), cells, List.copyOf(updated));
    }

    static List<CellRange> cellRanges(List<ValueRange> ranges) {
        return ranges.stream().map(v -> new CellRange(v.getRange(),
                v.getValues() == null ? List.of() : v.getValues())).toList();
    }
}
