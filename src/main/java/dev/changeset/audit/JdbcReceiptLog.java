package dev.changeset.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.changeset.jdbc.Timestamps;
import dev.changeset.text.Sha256;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The receipt log on the application's datasource (H2 or PostgreSQL), in plain JDBC.
 * <p>
 * Appends take turns through the database, not through memory, so several replicas keep one linear chain: each
 * append locks the one row of {@code receipt_chain_head} ({@code SELECT ... FOR UPDATE}), links to the hash it
 * holds, inserts the receipt and moves the head, all in one transaction of its own. A row lock rather than a
 * PostgreSQL advisory lock works the same on H2; rather than optimistic retries it never makes writers redo the
 * hashing. The {@code UNIQUE (previous_hash)} constraint is the second lock: a fork cannot be stored at all.
 */
@ApplicationScoped
class JdbcReceiptLog implements ReceiptLog {

    private static final Logger LOG = Logger.getLogger(JdbcReceiptLog.class);

    private final AgroalDataSource dataSource;
    private final AuditConfig config;
    private final MeterRegistry meters;

    JdbcReceiptLog(AgroalDataSource dataSource, AuditConfig config, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.meters = meters;
    }

    @Override
    public StoredReceipt append(ReceiptDraft draft) {
        Objects.requireNonNull(draft, "draft");
        int seconds = (int) Math.max(1, config.appendTimeout().toSeconds());
        StoredReceipt stored;
        try {
            stored = QuarkusTransaction.requiringNew().timeout(seconds).call(() -> appendLocked(draft));
        } catch (ReceiptStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReceiptStoreException("the receipt for changeset " + draft.changesetId()
                    + " could not be stored: " + e.getMessage(), e);
        }
        Receipt receipt = stored.receipt();
        meters.counter("changeset.receipts.appended", "outcome", receipt.outcome().name()).increment();
        LOG.infof("receipt %s sealed at sequence %d for changeset %s (%s), hash %s", receipt.receiptId(),
                receipt.sequence(), receipt.changesetId(), receipt.outcome(), receipt.hash());
        return stored;
    }

    private StoredReceipt appendLocked(ReceiptDraft draft) {
        try (Connection c = dataSource.getConnection()) {
            boundLockWait(c);
            ChainHead head = lockHead(c);
            Optional<String> existing = receiptIdOfChangeset(c, draft.changesetId());
            if (existing.isPresent()) {
                throw new ReceiptConflictException(draft.changesetId(), existing.get());
            }
            Receipt unsealed = draft.seal(UUID.randomUUID().toString(), head.sequence() + 1, Instant.now(),
                    head.hash());
            String json = CanonicalJson.of(unsealed);
            String hash = Sha256.hex(json);
            insert(c, unsealed, hash, json);
            moveHead(c, unsealed.sequence(), hash);
            return new StoredReceipt(unsealed.withHash(hash), json);
        } catch (SQLException e) {
            throw new ReceiptStoreException("the receipt for changeset " + draft.changesetId()
                    + " could not be stored: " + e.getMessage(), e);
        }
    }

    /** Every wait has a deadline: the head's row lock is waited for at most the append timeout. */
    private void boundLockWait(Connection c) throws SQLException {
        long millis = config.appendTimeout().toMillis();
        String product = c.getMetaData().getDatabaseProductName();
        try (Statement s = c.createStatement()) {
            if ("PostgreSQL".equalsIgnoreCase(product)) {
                s.execute("SET LOCAL lock_timeout = '" + millis + "ms'");
            } else if ("H2".equalsIgnoreCase(product)) {
                s.execute("SET LOCK_TIMEOUT " + millis); // a session setting; H2's default is one second
            }
        }
    }

    private static ChainHead lockHead(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sequence, hash FROM receipt_chain_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the receipt chain head row is missing");
            }
            return new ChainHead(rs.getLong(1), rs.getString(2));
        }
    }

    private static Optional<String> receiptIdOfChangeset(Connection c, String changesetId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT receipt_id FROM receipt WHERE changeset_id = ?")) {
            s.setString(1, changesetId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, Receipt r, String hash, String json) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO receipt (sequence, receipt_id, changeset_id, changeset_code, state, subject, created_at,
                                     previous_hash, hash, canonical_json, reverts_receipt_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setLong(1, r.sequence());
            s.setString(2, r.receiptId());
            s.setString(3, r.changesetId());
            s.setString(4, r.changesetCode());
            s.setString(5, r.outcome().name());
            s.setString(6, r.subject());
            s.setObject(7, Timestamps.utc(r.timestamps().sealed()));
            s.setString(8, r.previousHash());
            s.setString(9, hash);
            s.setString(10, json);
            s.setString(11, r.reverts());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO receipt_sku (sequence, sku) VALUES (?, ?)")) {
            for (String sku : r.skus()) {
                s.setLong(1, r.sequence());
                s.setString(2, sku);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void moveHead(Connection c, long sequence, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE receipt_chain_head SET sequence = ?, hash = ? WHERE id = 1 AND sequence = ?")) {
            s.setLong(1, sequence);
            s.setString(2, hash);
            s.setLong(3, sequence - 1);
            if (s.executeUpdate() != 1) {
                throw new SQLException("the receipt chain head moved during an append");
            }
        }
    }

    @Override
    public Optional<StoredReceipt> find(String receiptId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT hash, canonical_json FROM receipt WHERE receipt_id = ?")) {
            s.setString(1, receiptId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new StoredReceipt(CanonicalJson.read(rs.getString(2), rs.getString(1)),
                                rs.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ReceiptStoreException("receipt " + receiptId + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Summary> revertsOf(String receiptId) {
        List<Summary> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT sequence, receipt_id, changeset_id, changeset_code, state, subject, created_at, hash
                FROM receipt WHERE reverts_receipt_id = ? ORDER BY sequence""")) {
            s.setString(1, receiptId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(summary(rs));
                }
            }
            Map<Long, List<String>> skus = skus(c, found.stream().map(Summary::sequence).toList());
            return found.stream().map(r -> withSkus(r, skus)).toList();
        } catch (SQLException e) {
            throw new ReceiptStoreException("the reverts of receipt " + receiptId + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    /** Without SKUs, a row of (sequence, receipt_id, changeset_id, code, state, subject, created_at, hash). */
    private static Summary summary(ResultSet rs) throws SQLException {
        return new Summary(rs.getString(2), rs.getLong(1), rs.getString(3), rs.getString(4),
                Outcome.valueOf(rs.getString(5)), rs.getString(6), Timestamps.instant(rs, 7),
                List.of(), rs.getString(8));
    }

    private static Summary withSkus(Summary r, Map<Long, List<String>> skus) {
        return new Summary(r.receiptId(), r.sequence(), r.changesetId(), r.changesetCode(), r.outcome(), r.subject(),
                r.sealedAt(), skus.getOrDefault(r.sequence(), List.of()), r.hash());
    }

    @Override
    public ReceiptPage list(ReceiptQuery q) {
        StringBuilder sql = new StringBuilder("""
                SELECT r.sequence, r.receipt_id, r.changeset_id, r.changeset_code, r.state, r.subject, r.created_at,
                       r.hash
                FROM receipt r
                WHERE 1 = 1""");
        List<Object> params = new ArrayList<>();
        q.outcome().ifPresent(o -> where(sql, params, " AND r.state = ?", o.name()));
        q.subject().ifPresent(v -> where(sql, params, " AND r.subject = ?", v));
        q.changesetId().ifPresent(v -> where(sql, params, " AND r.changeset_id = ?", v));
        q.from().ifPresent(v -> where(sql, params, " AND r.created_at >= ?", Timestamps.utc(v)));
        q.to().ifPresent(v -> where(sql, params, " AND r.created_at < ?", Timestamps.utc(v)));
        q.before().ifPresent(v -> where(sql, params, " AND r.sequence < ?", v));
        q.sku().ifPresent(v -> where(sql, params,
                " AND EXISTS (SELECT 1 FROM receipt_sku s WHERE s.sequence = r.sequence AND s.sku = ?)", v));
        sql.append(" ORDER BY r.sequence DESC LIMIT ").append(q.limit() + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<Summary> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && rows.size() <= q.limit()) {
                    rows.add(summary(rs));
                }
            }
            boolean more = rows.size() > q.limit();
            List<Summary> page = more ? rows.subList(0, q.limit()) : rows;
            Map<Long, List<String>> skus = skus(c, page.stream().map(Summary::sequence).toList());
            List<Summary> summaries = page.stream().map(r -> withSkus(r, skus)).toList();
            return new ReceiptPage(summaries, more ? summaries.get(summaries.size() - 1).sequence() : null);
        } catch (SQLException e) {
            throw new ReceiptStoreException("receipts could not be listed: " + e.getMessage(), e);
        }
    }

    private static void where(StringBuilder sql, List<Object> params, String clause, Object value) {
        sql.append(clause);
        params.add(value);
    }

    private static Map<Long, List<String>> skus(Connection c, List<Long> sequences) throws SQLException {
        if (sequences.isEmpty()) {
            return Map.of();
        }
        String marks = sequences.stream().map(x -> "?").collect(Collectors.joining(", "));
        Map<Long, List<String>> result = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sequence, sku FROM receipt_sku WHERE sequence IN (" + marks + ") ORDER BY sequence, sku")) {
            for (int i = 0; i < sequences.size(); i++) {
                s.setLong(i + 1, sequences.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return result;
    }

    @Override
    public ChainHead head() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT sequence, hash FROM receipt_chain_head WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the receipt chain head row is missing");
            }
            return new ChainHead(rs.getLong(1), rs.getString(2));
        } catch (SQLException e) {
            throw new ReceiptStoreException("the receipt chain head could not be read: " + e.getMessage(), e);
        }
    }
}
