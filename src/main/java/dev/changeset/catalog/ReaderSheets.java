package dev.changeset.catalog;

import java.io.IOException;
import java.util.List;

import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.ValueRange;

/**
 * The Reader's Sheets client: it can get and batchGet values of the configured spreadsheet, and nothing else.
 * Cells come with {@code FORMULA} rendering (a formula shows as its text, numbers exactly as stored) and dates as
 * formatted strings.
 */
final class ReaderSheets {

    static final String RENDER = "FORMULA";
    static final String DATES = "FORMATTED_STRING";

    private final Sheets.Spreadsheets.Values values;
    private final String spreadsheetId;

    ReaderSheets(Sheets sheets, String spreadsheetId) {
        this.values = sheets.spreadsheets().values();
        this.spreadsheetId = spreadsheetId;
    }

    ValueRange get(String range) throws IOException {
        return values.get(spreadsheetId, range).setValueRenderOption(RENDER).setDateTimeRenderOption(DATES)
                .execute();
    }

    List<ValueRange> batchGet(List<String> ranges) throws IOException {
        List<ValueRange> out = values.batchGet(spreadsheetId).setRanges(ranges).setValueRenderOption(RENDER)
                .setDateTimeRenderOption(DATES).execute().getValueRanges();
        return out == null ? List.of() : out;
    }
}
