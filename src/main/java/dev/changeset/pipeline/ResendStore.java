package dev.changeset.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.jdbc.Timestamps;

/**
 * Receipt mail requests (table {@code receipt_resend}). One open request per person, receipt and recipient set
 * (a unique {@code open_key} while open, NULL once ended), and every move a compare-and-set on the state.
 */
@ApplicationScoped
class ResendStore implements ChangesetStates {

    /** One request as stored. */
    record Row(String id, String receiptId, String requestedBy, List<String> recipients, String recipientsHash,
            ResendState state, String tier, List<String> rulesFired, String bindingMessage, Instant approvalDeadline,
            String deliveryId, String detail, Instant updatedAt) {
    }

    private static final String COLUMNS = "id, receipt_id, requested_by, recipients, recipients_hash, state, tier,"
            + " rules_fired, binding_message, approval_deadline, delivery_id, detail, updated_at";

    private final DataSource db;

    ResendStore(DataSource db) {
        this.db = db;
    }

    static String newId() {
        return "mail-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Stores a new open request; empty when the same person already has one open for this receipt and set. */
    Optional<Row> insertOpen(Row r) {
        Instant now = Instant.now();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO receipt_resend"
                + " (" + COLUMNS + ", open_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            s.setString(++i, r.id());
            s.setString(++i, r.receiptId());
            s.setString(++i, r.requestedBy());
            s.setString(++i, String.join(",", r.recipients()));
            s.setString(++i, r.recipientsHash());
            s.setString(++i, r.state().name());
            s.setString(++i, r.tier());
            s.setString(++i, String.join(",", r.rulesFired()));
            s.setString(++i, r.bindingMessage());
            s.setObject(++i, Timestamps.utc(r.approvalDeadline()));
            s.setString(++i, null);
            s.setString(++i, null);
            s.setObject(++i, Timestamps.utc(now));
            s.setString(++i, openKey(r.requestedBy(), r.recipientsHash()));
            s.setObject(++i, Timestamps.utc(now));
            s.executeUpdate();
            return find(r.id());
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation (H2 and PostgreSQL): one is open already
                return Optional.empty();
            }
            throw new PersistenceException("the mail request could not be stored", e);
        }
    }

    /** The person's open request for this receipt and recipient set, if any. */
    Optional<Row> open(String requestedBy, String recipientsHash) {
        return queryOne("open_key", openKey(requestedBy, recipientsHash));
    }

    Optional<Row> find(String id) {
        return queryOne("id", id);
    }

    /**
     * Moves a request from {@code from} to {@code to} if it is still in {@code from} (an ended one no longer holds
     * its open key); empty when another call moved it first.
     */
    Optional<Row> move(String id, ResendState from, ResendState to, String deliveryId, String detail) {
        String sql = "UPDATE receipt_resend SET state = ?, delivery_id = COALESCE(?, delivery_id),"
                + " detail = COALESCE(?, detail), updated_at = ?" + (to.isOpen() ? "" : ", open_key = NULL")
                + " WHERE id = ? AND state = ?";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, to.name());
            s.setString(2, deliveryId);
            s.setString(3, detail == null ? null : detail.substring(0, Math.min(detail.length(), 600)));
            s.setObject(4, Timestamps.utc(Instant.now()));
            s.setString(5, id);
            s.setString(6, from.name());
            return s.executeUpdate() == 1 ? find(id) : Optional.empty();
        } catch (SQLException e) {
            throw new PersistenceException("the mail request " + id + " could not be updated", e);
        }
    }

    /** Forgets a request that never asked anyone (its push was refused before it was sent). */
    void delete(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM receipt_resend WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("the mail request " + id + " could not be removed", e);
        }
    }

    /** The states of the mail requests among {@code ids}, as the changesets' watch knows them. */
    @Override
    public Map<String, ChangesetState> of(Collection<String> ids) {
        Map<String, ChangesetState> states = new HashMap<>();
        List<String> mine = ids.stream().filter(id -> id.startsWith("mail-")).toList();
        if (mine.isEmpty()) {
            return states;
        }
        String marks = String.join(",", Collections.nCopies(mine.size(), "?"));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, state FROM receipt_resend WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < mine.size(); i++) {
                s.setString(i + 1, mine.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    states.put(r.getString(1), ResendState.valueOf(r.getString(2)).watched());
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("mail request states could not be read", e);
        }
        return states;
    }

    private Optional<Row> queryOne(String column, String value) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM receipt_resend WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("the mail request could not be read", e);
        }
    }

    private static Row read(ResultSet r) throws SQLException {
        return new Row(r.getString("id"), r.getString("receipt_id"), r.getString("requested_by"),
                List.of(r.getString("recipients").split(",")), r.getString("recipients_hash"),
                ResendState.valueOf(r.getString("state")), r.getString("tier"), split(r.getString("rules_fired")),
                r.getString("binding_message"), Timestamps.instant(r, "approval_deadline"), r.getString("delivery_id"),
                r.getString("detail"), Timestamps.instant(r, "updated_at"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static String openKey(String requestedBy, String recipientsHash) {
        return requestedBy + "|" + recipientsHash;
    }
}
