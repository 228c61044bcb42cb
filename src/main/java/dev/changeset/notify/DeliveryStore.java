package dev.changeset.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.jdbc.Timestamps;

/** Delivery status of receipt emails, beside the receipts (which never change, whatever happens to the email). */
@ApplicationScoped
class DeliveryStore {

    /** One send request and where it stands. */
    record Delivery(String id, String receiptId, String requestedBy, List<String> recipients, String state,
            int attempts, int maxAttempts, String gmailMessageId, String lastError, Instant updatedAt) {
    }

    private final DataSource db;

    DeliveryStore(DataSource db) {
        this.db = db;
    }

    void insert(String id, String receiptId, String requestedBy, List<String> to, int maxAttempts) {
        Instant now = Instant.now();
        run("INSERT INTO receipt_delivery (id, receipt_id, requested_by, recipients, state, attempts, max_attempts,"
                + " next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,'PENDING',0,?,?,?,?)",
                id, receiptId, requestedBy, String.join(",", to), maxAttempts, Timestamps.utc(now), Timestamps.utc(now), Timestamps.utc(now));
    }

    /** Records an attempt's outcome: SENT, FAILED, AMBIGUOUS, or PENDING again with the next attempt's time. */
    void attempted(String id, String state, String chainHead, String messageId, String error, Instant next) {
        run("UPDATE receipt_delivery SET state = ?, attempts = attempts + 1, chain_head_hash = ?,"
                + " gmail_message_id = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
                state, chainHead, messageId, error == null ? null : error.substring(0, Math.min(error.length(), 1000)),
                next == null ? null : Timestamps.utc(next), Timestamps.utc(Instant.now()), id);
    }

    /** Gmail refused for a limit: still PENDING, next try at {@code next}; no attempt used up. */
    void waiting(String id, String chainHead, String why, Instant next) {
        run("UPDATE receipt_delivery SET state = 'PENDING', chain_head_hash = ?, last_error = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE id = ?", chainHead, why.substring(0, Math.min(why.length(), 1000)),
                Timestamps.utc(next), Timestamps.utc(Instant.now()), id);
    }

    List<Delivery> forReceipt(String receiptId) {
        List<Delivery> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, receipt_id, requested_by, recipients, state,"
                        + " attempts, max_attempts, gmail_message_id, last_error, updated_at FROM receipt_delivery"
                        + " WHERE receipt_id = ? ORDER BY created_at")) {
            s.setString(1, receiptId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new Delivery(r.getString(1), r.getString(2), r.getString(3),
                            List.of(r.getString(4).split(",")), r.getString(5), r.getInt(6), r.getInt(7),
                            r.getString(8), r.getString(9), Timestamps.instant(r, 10)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the deliveries of receipt " + receiptId + " could not be read", e);
        }
        return found;
    }

    Optional<Delivery> find(String receiptId, String id) {
        return forReceipt(receiptId).stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private void run(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the delivery status could not be stored", e);
        }
    }
}
