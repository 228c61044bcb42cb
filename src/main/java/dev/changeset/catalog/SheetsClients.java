package dev.changeset.catalog;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;

import dev.changeset.telemetry.GoogleApiMeter;
import dev.changeset.vault.GoogleAccess;
import dev.changeset.vault.GoogleRole;

/**
 * Builds each role's Sheets client from a Google token that Token Vault issued and checked for that role: the
 * Reader gets a {@link ReaderSheets}, the Writer a {@link WriterSheets}, and a token checked for one role cannot
 * build the other's client. The token goes only into the Authorization header of the calls it makes.
 */
@ApplicationScoped
class SheetsClients {

    /** google-http-client writes the Authorization header into its log when this logger is at {@code ALL}. */
    private static final Logger HTTP_LOG = Logger.getLogger(HttpTransport.class.getName());

    private final NetHttpTransport transport = new NetHttpTransport();
    private final String rootUrl;
    private final String spreadsheetId;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final GoogleApiMeter meter;

    SheetsClients(CatalogConfig config, GoogleApiMeter meter) {
        String root = config.sheetsRootUrl().toString();
        this.rootUrl = (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/";
        this.spreadsheetId = config.spreadsheetId();
        this.connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) config.readTimeout().toMillis();
        this.meter = meter;
    }

    ReaderSheets reader(GoogleAccess access) {
        return new ReaderSheets(sheets(access, GoogleRole.READER), spreadsheetId);
    }

    WriterSheets writer(GoogleAccess access) {
        return new WriterSheets(sheets(access, GoogleRole.WRITER), spreadsheetId);
    }

    String spreadsheetId() {
        return spreadsheetId;
    }

    private Sheets sheets(GoogleAccess access, GoogleRole role) {
        if (access.role() != role) {
            throw new IllegalStateException("a Google token checked for " + access.role() + " cannot act as " + role);
        }
        if (HTTP_LOG.isLoggable(Level.ALL)) {
            HTTP_LOG.setLevel(Level.CONFIG); // still logs requests, with "Authorization: <Not Logged>"
            HTTP_LOG.warning("Lowered this logger from ALL to CONFIG: at ALL it would log Google tokens");
        }
        return new Sheets.Builder(transport, GsonFactory.getDefaultInstance(), request -> {
            request.getHeaders().setAuthorization("Bearer " + access.token().reveal());
            request.setConnectTimeout(connectTimeoutMillis);
            request.setReadTimeout(readTimeoutMillis);
            meter.watch(request);
        }).setRootUrl(rootUrl).setApplicationName("commerce-changeset-mcp").build();
    }
}
