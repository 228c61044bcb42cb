package dev.changeset.pipeline;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.jdbc.Timestamps;
import dev.changeset.policy.Baseline;

/**
 * The cell changes this server executed (table {@code executed_change}, V4_2): recorded when a changeset is sealed,
 * read back as the baselines of the drift rules (docs/architecture.md, "Policy facts"). A field's baseline is the
 * value before the earliest change to that SKU's field executed within the window, by anyone; none when there was no
 * such change. Each look-up is a range read of the index on (sku, field, executed_at).
 */
@ApplicationScoped
class ExecutedChanges {

    /** The value before the earliest change to one field in the window (a range read of executed_change_drift). */
    static final String FIRST_IN_WINDOW = "SELECT before_value FROM executed_change WHERE sku = ? AND field = ?"
            + " AND executed_at >= ? ORDER BY executed_at, changeset_id FETCH FIRST 1 ROWS ONLY";
    /** How many changes to one field are in the window (the same range). */
    static final String COUNT_IN_WINDOW = "SELECT COUNT(*) FROM executed_change WHERE sku = ? AND field = ?"
            + " AND executed_at >= ?";

    private final DataSource db;

    ExecutedChanges(DataSource db) {
        this.db = db;
    }

    /**
     * Records every cell a verified changeset wrote, once: a second call for the same changeset (a late seal after a
     * refused receipt) finds its rows and adds none. All rows or none (one transaction).
     */
    void record(Changeset verified) {
        String sql = "INSERT INTO executed_change (changeset_id, op_index, field, sku, before_value, after_value,"
                + " executed_at) VALUES (?,?,?,?,?,?,?)";
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!recorded(connection, verified.id())) {
                    try (PreparedStatement s = connection.prepareStatement(sql)) {
                        Object at = Timestamps.utc(Instant.now());
                        for (PlannedOperation op : verified.operations()) {
                            for (CellChange cell : op.cells()) {
                                s.setString(1, verified.id());
                                s.setInt(2, op.index());
                                s.setString(3, cell.field());
                                s.setString(4, key(op.sku()));
                                s.setString(5, text(cell.before()));
                                s.setString(6, text(cell.after()));
                                s.setObject(7, at);
                                s.addBatch();
                            }
                        }
                        s.executeBatch();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("the changes of changeset " + verified.id() + " could not be recorded", e);
        }
    }

    private static boolean recorded(Connection connection, String changesetId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 1 FROM executed_change WHERE changeset_id = ?")) {
            s.setString(1, changesetId);
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** One field of one product. */
    record Field(String sku, String field) {
        Field {
            sku = key(sku);
        }
    }

    /**
     * The baselines of {@code fields} within {@code window} before now: for each field with a change executed in
     * it, the value before the earliest such change and how many there were. Two indexed reads per field.
     */
    Map<Field, Baseline> baselines(List<Field> fields, Duration window) {
        Map<Field, Baseline> found = new HashMap<>();
        if (fields.isEmpty()) {
            return found;
        }
        Object since = Timestamps.utc(Instant.now().minus(window));
        try (Connection connection = db.getConnection();
                PreparedStatement first = connection.prepareStatement(FIRST_IN_WINDOW);
                PreparedStatement count = connection.prepareStatement(COUNT_IN_WINDOW)) {
            for (Field f : fields) {
                if (found.containsKey(f)) {
                    continue;
                }
                Optional<String> before = firstBefore(first, f, since);
                if (before.isEmpty()) {
                    continue;
                }
                found.put(f, new Baseline(number(f, before.get()), count(count, f, since)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("the changes executed within the drift window could not be read", e);
        }
        return found;
    }

    /** Empty when no change is in the window; a change whose before-value was an empty cell counts as 0. */
    private static Optional<String> firstBefore(PreparedStatement s, Field f, Object since) throws SQLException {
        bind(s, f, since);
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            String value = r.getString(1);
            return Optional.of(value == null ? "0" : value);
        }
    }

    private static int count(PreparedStatement s, Field f, Object since) throws SQLException {
        bind(s, f, since);
        try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void bind(PreparedStatement s, Field f, Object since) throws SQLException {
        s.setString(1, f.sku());
        s.setString(2, f.field());
        s.setObject(3, since);
    }

    private static BigDecimal number(Field f, String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new PersistenceException("the recorded value of " + f.field() + " of " + f.sku() + " is not a"
                    + " number", e);
        }
    }

    private static String key(String sku) {
        return sku.toUpperCase(Locale.ROOT);
    }

    /** A cell value as text: numbers in plain notation, so that they read back as the same BigDecimal. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
