package dev.changeset.proof;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a refused call must leave as it was: both sheets byte for byte (the sandbox's SHA-256 over every stored
 * cell), the rows of every table the server stores into, and the sandbox's logs of Google writes and CIBA requests.
 */
record WorldState(String products, String launches, Map<String, Long> rows, long googleCalls, int cibaRequests) {

    static final String[] TABLES = { "changeset", "approval_request", "receipt", "receipt_delivery" };

    static WorldState of(SandboxClient sandbox, DataSource db) {
        return new WorldState(hash(sandbox, "Products"), hash(sandbox, "Launch%20Schedule"), rows(db),
                sandbox.callMark(), sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").size());
    }

    /** What changed since this state, if anything: a sheet, stored rows, a Google write, a CIBA request. */
    Optional<String> changesSince(SandboxClient sandbox, DataSource db) {
        WorldState now = of(sandbox, db);
        if (!now.products.equals(products) || !now.launches.equals(launches)) {
            return Optional.of("the sheet changed");
        }
        if (!now.rows.equals(rows)) {
            return Optional.of("rows were stored: " + rows + " -> " + now.rows);
        }
        JsonArray writes = new JsonArray();
        sandbox.callsSince(googleCalls).stream().map(JsonObject.class::cast)
                .filter(c -> !c.getString("method").equals("values.batchGet") && !c.getString("method").equals(
                        "values.get") && !c.getString("method").equals("spreadsheets.get"))
                .forEach(writes::add);
        if (!writes.isEmpty()) {
            return Optional.of("Google writes were made: " + writes.encode());
        }
        return now.cibaRequests == cibaRequests ? Optional.empty()
                : Optional.of("a CIBA request was sent (" + cibaRequests + " -> " + now.cibaRequests + ")");
    }

    private static String hash(SandboxClient sandbox, String sheet) {
        return sandbox.get("/sandbox/google/spreadsheets/" + Story.SPREADSHEET + "/snapshot?sheet=" + sheet)
                .getString("sha256");
    }

    static Map<String, Long> rows(DataSource db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    counts.put(table, r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count stored rows", e);
        }
        return counts;
    }
}
