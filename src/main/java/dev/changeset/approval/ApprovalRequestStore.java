package dev.changeset.approval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.approval.ApprovalRequest.Purpose;
import dev.changeset.approval.ApprovalRequest.Role;
import dev.changeset.approval.ApprovalRequest.Status;
import dev.changeset.jdbc.Timestamps;

/**
 * Approval requests in the database. Replicas share the pending rows: {@link #claimDue} hands a due row to one
 * replica at a time ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, and a conditional claim everywhere), and every
 * decision is a compare-and-set on {@code PENDING}.
 */
@ApplicationScoped
class ApprovalRequestStore {

    /** How many requests were sent in a window, and when the first of them was. */
    record Sent(int count, Instant first) {
    }

    /** A claimed row with its auth_req_id opened, for the poller only. */
    record Claimed(ApprovalRequest request, AuthReqId authReqId) {
    }

    private static final String COLUMNS = "id, changeset_id, approver, role, status, auth_req_id_sealed,"
            + " auth_req_id_hash, operations_hash, interval_seconds, next_poll_at, expires_at, deadline, poll_count,"
            + " created_at, decided_at, detail, purpose, channel";

    private final DataSource db;
    private final RequestIdSeal seal;

    ApprovalRequestStore(DataSource db, ApprovalConfig config) {
        this.db = db;
        this.seal = new RequestIdSeal(config.clientSecret());
    }

    void insert(ApprovalRequest r, AuthReqId authReqId) {
        String sql = "INSERT INTO approval_request (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 0;
            s.setString(++i, r.id());
            s.setString(++i, r.changesetId());
            s.setString(++i, r.approver());
            s.setString(++i, r.role().name());
            s.setString(++i, r.status().name());
            s.setString(++i, seal.seal(authReqId));
            s.setString(++i, r.authReqIdHash());
            s.setString(++i, r.operationsHash());
            s.setInt(++i, (int) r.interval().toSeconds());
            s.setObject(++i, Timestamps.utc(r.nextPollAt()));
            s.setObject(++i, Timestamps.utc(r.expiresAt()));
            s.setObject(++i, Timestamps.utc(r.deadline()));
            s.setInt(++i, 0);
            s.setObject(++i, Timestamps.utc(r.createdAt()));
            s.setObject(++i, null);
            s.setString(++i, null);
            s.setString(++i, r.purpose().name());
            s.setString(++i, r.channel());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the approval request could not be stored", e);
        }
    }

    List<ApprovalRequest> forChangeset(String changesetId) {
        List<ApprovalRequest> found = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM approval_request WHERE changeset_id = ? ORDER BY created_at, id")) {
            s.setString(1, changesetId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(read(r));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("approval requests of " + changesetId + " could not be read", e);
        }
        return found;
    }

    /** How many requests for {@code purpose} ask {@code approver} (in {@code role}, or any) and are still pending. */
    int pending(String approver, Purpose purpose, Optional<Role> role) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM"
                + " approval_request WHERE approver = ? AND purpose = ? AND status = 'PENDING'"
                + (role.isPresent() ? " AND role = ?" : ""))) {
            s.setString(1, approver);
            s.setString(2, purpose.name());
            if (role.isPresent()) {
                s.setString(3, role.get().name());
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("approval requests of " + approver + " could not be counted", e);
        }
    }

    /**
     * How many requests for {@code purpose} were sent to {@code approver} (in {@code role}, or any) since
     * {@code since}, decided or not, and when the first of them was (null when none).
     */
    Sent sentSince(String approver, Purpose purpose, Optional<Role> role, Instant since) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*),"
                + " MIN(created_at) FROM approval_request WHERE approver = ? AND purpose = ? AND created_at >= ?"
                + (role.isPresent() ? " AND role = ?" : ""))) {
            s.setString(1, approver);
            s.setString(2, purpose.name());
            s.setObject(3, Timestamps.utc(since));
            if (role.isPresent()) {
                s.setString(4, role.get().name());
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Sent(r.getInt(1), Timestamps.instant(r, 2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("approval requests of " + approver + " could not be counted", e);
        }
    }

    /** Requests pending now and requests sent since {@code since}, all approvers and purposes together. */
    int[] tenantCounts(Instant since) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT"
                + " (SELECT COUNT(*) FROM approval_request WHERE status = 'PENDING'),"
                + " (SELECT COUNT(*) FROM approval_request WHERE created_at >= ?)")) {
            s.setObject(1, Timestamps.utc(since));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new int[] { r.getInt(1), r.getInt(2) };
            }
        } catch (SQLException e) {
            throw new IllegalStateException("approval requests could not be counted", e);
        }
    }

    /** Claims up to {@code limit} due pending rows for {@code owner} until {@code now + lease}. */
    List<Claimed> claimDue(String owner, Instant now, Duration lease, int limit) {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            String select = "SELECT " + COLUMNS + " FROM approval_request WHERE status = 'PENDING' AND next_poll_at <= ?"
                    + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_poll_at"
                    + " FETCH FIRST " + limit + " ROWS ONLY" + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
            List<Claimed> due = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(select)) {
                s.setObject(1, Timestamps.utc(now));
                s.setObject(2, Timestamps.utc(now));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        due.add(new Claimed(read(r), seal.open(r.getString("auth_req_id_sealed"))));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE approval_request SET claimed_by = ?, claimed_until = ?"
                    + " WHERE id = ? AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)")) {
                for (Claimed d : due) {
                    s.setString(1, owner);
                    s.setObject(2, Timestamps.utc(now.plus(lease)));
                    s.setString(3, d.request().id());
                    s.setObject(4, Timestamps.utc(now));
                    if (s.executeUpdate() == 1) {
                        claimed.add(d);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("due approval requests could not be claimed", e);
        }
        return claimed;
    }

    /** Still pending: poll again at {@code next} with {@code interval}, and release the claim. */
    void reschedule(String id, Duration interval, Instant next) {
        update("UPDATE approval_request SET interval_seconds = ?, next_poll_at = ?, poll_count = poll_count + 1,"
                + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'PENDING'",
                (int) interval.toSeconds(), Timestamps.utc(next), id);
    }

    /** Decides a pending request; false when it was no longer pending (someone else decided it first). */
    boolean decide(String id, Status status, String detail) {
        return decide(id, status, detail, null);
    }

    /** The same, recording how the person answered ({@code channel}, null when unknown). */
    boolean decide(String id, Status status, String detail, String channel) {
        return update("UPDATE approval_request SET status = ?, decided_at = ?, detail = ?, channel = ?,"
                + " poll_count = poll_count + 1, claimed_by = NULL, claimed_until = NULL WHERE id = ?"
                + " AND status = 'PENDING'", status.name(), Timestamps.utc(Instant.now()), detail, channel, id) == 1;
    }

    /** Marks every still-pending request of a changeset as no longer needed (there is no outcome to deliver). */
    void abandonPending(String changesetId, String why) {
        Instant now = Instant.now();
        update("UPDATE approval_request SET status = 'ABANDONED', decided_at = ?, detail = ?, claimed_by = NULL,"
                + " claimed_until = NULL, outcome_delivered_at = ? WHERE changeset_id = ? AND status = 'PENDING'",
                Timestamps.utc(now), why, Timestamps.utc(now), changesetId);
    }

    /** The changeset's outcome was handed to the pipeline: the sweep need not deliver it again. */
    void delivered(String changesetId) {
        update("UPDATE approval_request SET outcome_delivered_at = ? WHERE changeset_id = ?"
                + " AND outcome_delivered_at IS NULL", Timestamps.utc(Instant.now()), changesetId);
    }

    /**
     * Changesets with a request decided before {@code decidedBefore} and none pending whose outcome was never
     * delivered (the deciding process stopped, or the pipeline failed to take it): the sweep delivers them again.
     */
    List<String> undelivered(Instant decidedBefore, int limit) {
        List<String> ids = new ArrayList<>();
        String sql = "SELECT DISTINCT r.changeset_id FROM approval_request r WHERE r.outcome_delivered_at IS NULL"
                + " AND r.status <> 'PENDING' AND r.decided_at < ? AND NOT EXISTS (SELECT 1 FROM approval_request p"
                + " WHERE p.changeset_id = r.changeset_id AND p.status = 'PENDING')";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, Timestamps.utc(decidedBefore));
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("undelivered approval outcomes could not be read", e);
        }
        return ids;
    }

    /** Gives back this owner's claims (a replica stopping): another replica may poll those rows at once. */
    void releaseClaims(String owner) {
        update("UPDATE approval_request SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?"
                + " AND status = 'PENDING'", owner);
    }

    /** When the earliest pending request is next due, if any. */
    Optional<Instant> nextDue() {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT MIN(next_poll_at) FROM approval_request WHERE status = 'PENDING'");
                ResultSet r = s.executeQuery()) {
            return Optional.ofNullable(r.next() ? Timestamps.instant(r, 1) : null);
        } catch (SQLException e) {
            throw new IllegalStateException("the next due approval could not be read", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("an approval request could not be updated", e);
        }
    }

    private static ApprovalRequest read(ResultSet r) throws SQLException {
        return new ApprovalRequest(r.getString("id"), r.getString("changeset_id"), r.getString("approver"),
                Role.valueOf(r.getString("role")), Status.valueOf(r.getString("status")),
                r.getString("auth_req_id_hash"), r.getString("operations_hash"),
                Duration.ofSeconds(r.getInt("interval_seconds")), Timestamps.instant(r, "next_poll_at"),
                Timestamps.instant(r, "expires_at"), Timestamps.instant(r, "deadline"), r.getInt("poll_count"),
                Timestamps.instant(r, "created_at"), Timestamps.instant(r, "decided_at"), r.getString("detail"),
                Purpose.valueOf(r.getString("purpose")), r.getString("channel"));
    }
}
