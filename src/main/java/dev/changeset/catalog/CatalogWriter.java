package dev.changeset.catalog;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;

import dev.changeset.vault.Delegation;

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
        if (ranges.isEmpty()) {
            return List.of();
        }
        return cellRanges(calls.asWriterReading(delegation, c -> c.batchGet(ranges)).value());
    }

    /**
     * Writes every range in one atomic RAW batch. A 429 is retried (nothing was written); a 5xx or a lost answer
     * throws {@link CatalogException.Kind#WRITE_OUTCOME_UNKNOWN}: read back to decide, never write again blindly.
     */
    public Written writeRaw(Delegation delegation, List<CellRange> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("nothing to write");
        }
        List<ValueRange> ranges = data.stream()
                .map(d -> new ValueRange().setRange(d.range()).setMajorDimension("ROWS").setValues(d.values()))
                .toList();
        GoogleCalls.Done<BatchUpdateValuesResponse> done = calls.asWriterWriting(delegation,
                c -> c.batchUpdateRaw(ranges));
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
