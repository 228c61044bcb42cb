package dev.changeset.catalog;

import java.io.IOException;
import java.util.List;

import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesResponse;
import com.google.api.services.sheets.v4.model.ValueRange;

/**
 * The Writer's Sheets client: it can read the cells it is about to write (batchGet, {@code FORMULA} rendering) and
 * make one {@code RAW} {@code values:batchUpdate} (atomic, and a value starting with {@code =} stays text), and
 * nothing else: no update, no append, no {@code USER_ENTERED}.
 */
final class WriterSheets {

    private final Sheets.Spreadsheets.Values values;
    private final String spreadsheetId;

    WriterSheets(Sheets sheets, String spreadsheetId) {
        this.values = sheets.spreadsheets().values();
        this.spreadsheetId = spreadsheetId;
    }

    List<ValueRange> batchGet(List<String> ranges) throws IOException {
        List<ValueRange> out = values.batchGet(spreadsheetId).setRanges(ranges)
                .setValueRenderOption(ReaderSheets.RENDER).setDateTimeRenderOption(ReaderSheets.DATES).execute()
                .getValueRanges();
        return out == null ? List.of() : out;
    }

    BatchUpdateValuesResponse batchUpdateRaw(List<ValueRange> data) throws IOException {
        BatchUpdateValuesRequest request = new BatchUpdateValuesRequest().setValueInputOption("RAW")
                .setIncludeValuesInResponse(false).setData(data);
        return values.batchUpdate(spreadsheetId, request).execute();
    }
}
