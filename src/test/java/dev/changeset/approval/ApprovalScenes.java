package dev.changeset.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.changeset.support.SandboxClient;
import dev.changeset.support.Story;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What the approval-gate stories share: following a changeset, its receipt, the sandbox's view of its requests. */
final class ApprovalScenes {

    private ApprovalScenes() {
    }

    /**
     * get_changeset until the changeset is in {@code state} and, if that state is terminal, has its receipt (the
     * state moves a moment before the receipt is attached); fails the test after {@code within}.
     */
    static JsonObject awaitState(Story story, String changesetId, String state, Duration within)
            throws InterruptedException {
        Instant end = Instant.now().plus(within);
        JsonObject c;
        do {
            c = story.ok("get_changeset", Map.of("changesetId", changesetId));
            if (state.equals(c.getString("state")) && (c.getString("receiptId") != null
                    || List.of("AWAITING_APPROVAL", "APPROVED", "EXECUTING").contains(state))) {
                return c;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(end));
        return fail("changeset " + changesetId + " is " + c.getString("state") + ", not " + state + " after "
                + within + ": " + c.encode());
    }

    /** The sealed receipt of a changeset that ended, read with get_receipt. */
    static JsonObject receipt(Story story, JsonObject changeset) {
        String receiptId = changeset.getString("receiptId");
        if (receiptId == null) {
            return fail("changeset " + changeset.getString("code") + " has no receipt: " + changeset.encode());
        }
        return story.ok("get_receipt", Map.of("receiptId", receiptId));
    }

    /** The one CIBA request the sandbox received for {@code user}. */
    static JsonObject onlyRequest(Story story, String user) {
        return onlyRequest(story.sandbox, user);
    }

    static JsonObject onlyRequest(SandboxClient sandbox, String user) {
        JsonArray requests = sandbox.get("/sandbox/ciba/requests?user=" + user).getJsonArray("requests");
        assertEquals(1, requests.size(), "one CIBA request for " + user + ": " + requests.encode());
        return requests.getJsonObject(0);
    }

    /** The times the sandbox saw polls of a request, in order. */
    static List<Instant> pollTimes(JsonObject request) {
        List<Instant> times = new ArrayList<>();
        request.getJsonArray("polled_at").forEach(t -> times.add(Instant.parse((String) t)));
        return times;
    }

    /** Every stored column of the approval requests of a changeset, as text (for secrecy checks). */
    static List<Map<String, String>> approvalRows(DataSource db, String changesetId) throws SQLException {
        return rows(db, "SELECT * FROM approval_request WHERE changeset_id = ?", changesetId);
    }

    static List<Map<String, String>> rows(DataSource db, String sql, Object... args) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(r.getMetaData().getColumnLabel(i).toLowerCase(), r.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static int update(DataSource db, String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }
}
