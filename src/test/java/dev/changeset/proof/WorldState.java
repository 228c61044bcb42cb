package dev.changeset.proof;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a refused call must leave as it was: both sheets byte for byte (the sandbox's SHA-256 over every stored
 * cell), the rows of every table the server stores into, the state and version of every changeset no background
 * task can move, and the sandbox's logs of Google writes and CIBA requests. Receipts and their deliveries are
 * counted for changesets made since this state, and changesets awaiting or past an approval (AWAITING_APPROVAL,
 * APPROVED, EXECUTING, VERIFIED) are not compared: an earlier test class's changeset whose approval expires meanwhile
 * moves and gets its receipt from the poller, and that is no call's doing.
 */
record WorldState(Instant at, String products, String launches, Map<String, Long> rows,
        Map<String, String> settledChangesets, long googleCalls, int cibaRequests) {

    /** States only a tool call moves a changeset out of (PREVIEWED), or that never change (the terminal ones). */
    private static final String SETTLED = "'PREVIEWED', 'SEALED', 'DENIED', 'EXPIRED', 'STALE', 'FAILED', 'CANCELLED'";

    static WorldState of(SandboxClient sandbox, DataSource db) {
        Instant at = Instant.now().minusSeconds(1);
        return new WorldState(at, hash(sandbox, "Products"), hash(sandbox, "Launch%20Schedule"), rows(db, at),
                settled(db), sandbox.callMark(),
                sandbox.get("/sandbox/ciba/requests").getJsonArray("requests").size());
    }

    /** What changed since this state, if anything: a sheet, stored rows, a Google write, a CIBA request. */
    Optional<String> changesSince(SandboxClient sandbox, DataSource db) {
        WorldState now = new WorldState(at, hash(sandbox, "Products"), hash(sandbox, "Launch%20Schedule"),
                rows(db, at), settled(db), sandbox.callMark(), sandbox.get("/sandbox/ciba/requests")
                        .getJsonArray("requests").size());
        if (!now.products.equals(products) || !now.launches.equals(launches)) {
            return Optional.of("the sheet changed");
        }
        if (!now.rows.equals(rows)) {
            return Optional.of("rows were stored: " + rows + " -> " + now.rows);
        }
        List<String> moved = settledChangesets.entrySet().stream()
                .filter(e -> !e.getValue().equals(now.settledChangesets.get(e.getKey())))
                .map(e -> e.getKey() + " " + e.getValue() + " -> " + now.settledChangesets.get(e.getKey())).toList();
        if (!moved.isEmpty()) {
            return Optional.of("stored changesets moved: " + moved);
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

    /** Changeset id to "state v<version>", for every changeset in a settled state. */
    static Map<String, String> settled(DataSource db) {
        Map<String, String> states = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, state, version FROM changeset WHERE state IN ("
                        + SETTLED + ")");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                states.put(r.getString(1), r.getString(2) + " v" + r.getInt(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored changesets", e);
        }
        return states;
    }

    static Map<String, Long> rows(DataSource db, Instant since) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("changeset", "SELECT COUNT(*) FROM changeset");
        queries.put("approval_request", "SELECT COUNT(*) FROM approval_request");
        queries.put("receipt", "SELECT COUNT(*) FROM receipt r JOIN changeset c ON c.id = r.changeset_id"
                + " WHERE c.created_at >= ?");
        queries.put("receipt_delivery", "SELECT COUNT(*) FROM receipt_delivery d JOIN receipt r ON"
                + " r.receipt_id = d.receipt_id JOIN changeset c ON c.id = r.changeset_id WHERE c.created_at >= ?");
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (PreparedStatement s = c.prepareStatement(query.getValue())) {
                    if (query.getValue().contains("?")) {
                        s.setObject(1, since.atOffset(ZoneOffset.UTC));
                    }
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        counts.put(query.getKey(), r.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count stored rows", e);
        }
        return counts;
    }
}
