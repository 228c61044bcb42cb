package dev.changeset.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.jdbc.Timestamps;
import dev.changeset.policy.Tier;

/**
 * Changesets in the database. Every state change is a compare-and-set on the current state, so two replicas (or
 * two calls) can never both move a changeset out of the same state: exactly one wins, the other sees
 * {@link Optional#empty()}.
 */
@ApplicationScoped
public class ChangesetStore implements ChangesetStates {

    private static final TypeReference<List<PlannedOperation>> OPERATIONS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, code, subject, client_id, caller_email, state, note, max_tier, approval,"
            + " operations_hash, preview_exchange_id, operations, created_at, updated_at, preview_expires_at, approval_deadline, detail,"
            + " receipt_id, version, reverts_receipt_id, revert_hold";

    private final DataSource db;
    private final ObjectMapper json;

    ChangesetStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /**
     * What a preview stores; the store adds the id, the code and the timestamps.
     *
     * @param revertsReceiptId for a revert, the receipt it sets back (null otherwise): the revert holds it
     */
    public record NewChangeset(String subject, String clientId, String callerEmail, String note, Tier maxTier,
            ApprovalNeed approval, String operationsHash, String previewExchangeId, List<PlannedOperation> operations,
            Instant previewExpiresAt, String revertsReceiptId) {
    }

    public Changeset insert(NewChangeset n) {
        return insert(newId(), n);
    }

    /** A new changeset's id, drawn before the preview's steps so that their trace spans can carry it. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    Changeset insert(String id, NewChangeset n) {
        String sql = "INSERT INTO changeset (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        for (int attempt = 0; ; attempt++) {
            Instant now = Instant.now();
            Changeset c = new Changeset(id, ChangesetCodes.next(), n.subject(),
                    n.clientId(), n.callerEmail(), ChangesetState.PREVIEWED, n.note(), n.maxTier(), n.approval(),
                    n.operationsHash(), n.previewExchangeId(), n.operations(), now, now, n.previewExpiresAt(), null,
                    null, null, 0, n.revertsReceiptId());
            try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(sql)) {
                int i = 0;
                s.setString(++i, c.id());
                s.setString(++i, c.code());
                s.setString(++i, c.subject());
                s.setString(++i, c.clientId());
                s.setString(++i, c.callerEmail());
                s.setString(++i, c.state().name());
                s.setString(++i, c.note());
                s.setString(++i, c.maxTier().name());
                s.setString(++i, c.approval().name());
                s.setString(++i, c.operationsHash());
                s.setString(++i, c.previewExchangeId());
                s.setString(++i, write(c.operations()));
                s.setObject(++i, Timestamps.utc(c.createdAt()));
                s.setObject(++i, Timestamps.utc(c.updatedAt()));
                s.setObject(++i, Timestamps.utc(c.previewExpiresAt()));
                s.setObject(++i, null);
                s.setString(++i, null);
                s.setString(++i, null);
                s.setInt(++i, 0);
                s.setString(++i, c.revertsReceiptId());
                s.setString(++i, c.revertsReceiptId()); // revert_hold: a revert holds what it reverts
                s.executeUpdate();
                return c;
            } catch (SQLException e) {
                boolean unique = e instanceof SQLIntegrityConstraintViolationException
                        || "23505".equals(e.getSQLState()); // H2, PostgreSQL (unique_violation)
                if (unique && n.revertsReceiptId() != null) {
                    where("revert_hold = ?", n.revertsReceiptId()).stream().findFirst().ifPresent(holder -> {
                        throw new RevertTaken(holder);
                    });
                }
                if (!unique || attempt >= 5) {
                    throw new PersistenceException(unique ? "no free changeset code after 6 draws"
                            : "the changeset could not be stored", e);
                }
                // a code clash: draw again
            }
        }
    }

    /** By id, or by code ("CS-7F3K") since that is what people read. */
    public Optional<Changeset> find(String idOrCode) {
        String column = idOrCode.startsWith("CS-") ? "code" : "id";
        return queryOne("SELECT " + COLUMNS + " FROM changeset WHERE " + column + " = ?", idOrCode);
    }

    /**
     * Moves a changeset from {@code from} to {@code to} if it is still in {@code from}; sets the detail, the
     * approval deadline and the operations when given (null keeps them).
     */
    public Optional<Changeset> move(String id, ChangesetState from, ChangesetState to, String detail,
            Instant approvalDeadline, List<PlannedOperation> operations) {
        return move(id, from, to, detail, approvalDeadline, operations, false);
    }

    /** As {@link #move}; {@code releaseRevertHold}: a revert ending without writes lets go of its receipt too. */
    Optional<Changeset> move(String id, ChangesetState from, ChangesetState to, String detail,
            Instant approvalDeadline, List<PlannedOperation> operations, boolean releaseRevertHold) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("a changeset cannot move from " + from + " to " + to);
        }
        if (releaseRevertHold && !to.isTerminal()) {
            throw new IllegalStateException("a revert lets go of its receipt only when it ends, not at " + to);
        }
        String sql = "UPDATE changeset SET state = ?, updated_at = ?, version = version + 1,"
                + " detail = COALESCE(?, detail), approval_deadline = COALESCE(?, approval_deadline),"
                + " operations = COALESCE(?, operations)" + (releaseRevertHold ? ", revert_hold = NULL" : "")
                + " WHERE id = ? AND state = ?";
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, to.name());
            s.setObject(2, Timestamps.utc(Instant.now()));
            s.setString(3, detail);
            s.setObject(4, approvalDeadline == null ? null : Timestamps.utc(approvalDeadline));
            s.setString(5, operations == null ? null : write(operations));
            s.setString(6, id);
            s.setString(7, from.name());
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("changeset " + id + " could not move to " + to, e);
        }
        return find(id);
    }

    /**
     * Claims a changeset for one step that keeps its state (reconciliation): bumps its version if it is still at
     * {@code version}; exactly one of several racing callers gets it.
     */
    public Optional<Changeset> claim(String id, int version) {
        String sql = "UPDATE changeset SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(sql)) {
            s.setObject(1, Timestamps.utc(Instant.now()));
            s.setString(2, id);
            s.setInt(3, version);
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("changeset " + id + " could not be claimed", e);
        }
        return find(id);
    }

    /** Sets the detail of a changeset that keeps its state (an execution waiting for reconciliation). */
    public Optional<Changeset> describe(String id, String detail) {
        update("UPDATE changeset SET detail = ?, updated_at = ?, version = version + 1 WHERE id = ?", detail,
                Timestamps.utc(Instant.now()), id);
        return find(id);
    }

    /** Records the receipt that sealed this changeset's story. */
    public void attachReceipt(String id, String receiptId) {
        update("UPDATE changeset SET receipt_id = ?, updated_at = ? WHERE id = ?", receiptId, Timestamps.utc(Instant.now()), id);
    }

    /** Changesets matching one condition on one value ({@code "receipt_id = ?"}), oldest first. */
    List<Changeset> where(String condition, String value) {
        return query("SELECT " + COLUMNS + " FROM changeset WHERE " + condition + " ORDER BY created_at", value);
    }

    /** {@code subject}'s previews still applicable at {@code now}: how many, and the soonest expiry (null if none). */
    public record OpenPreviews(int count, Instant nextExpiry) {
    }

    public OpenPreviews openPreviews(String subject, Instant now) {
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(
                "SELECT COUNT(*), MIN(preview_expires_at) FROM changeset WHERE subject = ? AND state = ?"
                        + " AND preview_expires_at > ?")) {
            s.setString(1, subject);
            s.setString(2, ChangesetState.PREVIEWED.name());
            s.setObject(3, Timestamps.utc(now));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new OpenPreviews(r.getInt(1), Timestamps.instant(r, 2));
            }
        } catch (SQLException e) {
            throw new PersistenceException("open previews could not be counted", e);
        }
    }

    /** Deletes the previews that expired before {@code before} and were never applied; how many. */
    public int purgePreviewsExpiredBefore(Instant before) {
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(
                "DELETE FROM changeset WHERE state = ? AND preview_expires_at < ?")) {
            s.setString(1, ChangesetState.PREVIEWED.name());
            s.setObject(2, Timestamps.utc(before));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("expired previews could not be purged", e);
        }
    }

    /** Ids of changesets in a state, oldest change first (recovery and expiry sweeps). */
    public List<String> idsIn(ChangesetState state, int limit) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = db.getConnection();
                PreparedStatement s = connection.prepareStatement(
                        "SELECT id FROM changeset WHERE state = ? ORDER BY updated_at")) {
            s.setString(1, state.name());
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("changesets in " + state + " could not be listed", e);
        }
        return ids;
    }

    @Override
    public Map<String, ChangesetState> of(Collection<String> ids) {
        Map<String, ChangesetState> states = new HashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (Connection connection = db.getConnection();
                PreparedStatement s = connection.prepareStatement(
                        "SELECT id, state, receipt_id FROM changeset WHERE id IN (" + marks + ")")) {
            int i = 0;
            for (String id : ids) {
                s.setString(++i, id);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ChangesetState state = ChangesetState.valueOf(r.getString(2));
                    if (!state.isTerminal() || r.getString(3) != null) { // terminal counts once its receipt is in
                        states.put(r.getString(1), state);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("changeset states could not be read", e);
        }
        return states;
    }

    private Optional<Changeset> queryOne(String sql, String arg) {
        return query(sql, arg).stream().findFirst();
    }

    private List<Changeset> query(String sql, String arg) {
        List<Changeset> found = new ArrayList<>();
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(read(r));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("changeset " + arg + " could not be read", e);
        }
        return found;
    }

    private void update(String sql, Object... args) {
        try (Connection connection = db.getConnection(); PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("changeset update failed", e);
        }
    }

    private Changeset read(ResultSet r) throws SQLException {
        return new Changeset(r.getString("id"), r.getString("code"), r.getString("subject"),
                r.getString("client_id"), r.getString("caller_email"), ChangesetState.valueOf(r.getString("state")),
                r.getString("note"), Tier.valueOf(r.getString("max_tier")), ApprovalNeed.valueOf(r.getString("approval")),
                r.getString("operations_hash"), r.getString("preview_exchange_id"),
                readOperations(r.getString("operations")),
                Timestamps.instant(r, "created_at"), Timestamps.instant(r, "updated_at"), Timestamps.instant(r, "preview_expires_at"),
                Timestamps.instant(r, "approval_deadline"), r.getString("detail"), r.getString("receipt_id"), r.getInt("version"),
                r.getString("reverts_receipt_id"));
    }

    private String write(List<PlannedOperation> operations) {
        try {
            return json.writeValueAsString(operations);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("operations could not be serialised", e);
        }
    }

    private List<PlannedOperation> readOperations(String text) {
        try {
            return json.readValue(text, OPERATIONS);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored operations could not be read", e);
        }
    }
}
