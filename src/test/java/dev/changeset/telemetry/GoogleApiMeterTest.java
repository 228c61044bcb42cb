package dev.changeset.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.BatchUpdateValuesRequest;
import com.google.api.services.sheets.v4.model.ValueRange;

/**
 * The API method tag is read from the URLs the real Google clients build (requests built, never sent), so a
 * client upgrade that changes its paths fails here rather than in a dashboard.
 */
class GoogleApiMeterTest {

    private static final String ID = "1SbxCommerceChangesetDemoCatalog2026";
    private final Sheets sheets = new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), r -> {
    }).setRootUrl("http://127.0.0.1:1/").setApplicationName("test").build();
    private final Gmail gmail = new Gmail.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), r -> {
    }).setRootUrl("http://127.0.0.1:1/").setApplicationName("test").build();

    @Test
    void every_call_we_make_has_its_method_name() throws IOException {
        Sheets.Spreadsheets.Values values = sheets.spreadsheets().values();
        assertEquals("sheets.values.get", method(values.get(ID, "Products!A1:Z")));
        assertEquals("sheets.values.get", method(values.get(ID, "'Launch Schedule'!A1:F")));
        assertEquals("sheets.values.batchGet", method(values.batchGet(ID).setRanges(List.of("Products!B2"))));
        assertEquals("sheets.values.batchUpdate", method(values.batchUpdate(ID, new BatchUpdateValuesRequest())));
        assertEquals("sheets.values.update", method(values.update(ID, "Products!B2", new ValueRange())));
        assertEquals("sheets.values.append", method(values.append(ID, "Products!A1", new ValueRange())));
        assertEquals("sheets.values.clear", method(values.clear(ID, "Products!A1", null)));
        assertEquals("sheets.spreadsheets.get", method(sheets.spreadsheets().get(ID)));
        assertEquals("gmail.messages.send", method(gmail.users().messages().send("me", new Message().setRaw("eA"))));
    }

    @Test
    void anything_else_is_other_never_a_path() {
        assertEquals("sheets.values.other", GoogleApiMeter.method("POST", "/v4/spreadsheets/" + ID
                + "/values:somethingNew"));
        assertEquals("other", GoogleApiMeter.method("POST", "/upload/drive/v3/files"));
        assertEquals("other", GoogleApiMeter.method("GET", null));
    }

    private static String method(AbstractGoogleClientRequest<?> request) throws IOException {
        HttpRequest http = request.buildHttpRequest();
        return GoogleApiMeter.method(http.getRequestMethod(), http.getUrl().getRawPath());
    }
}
