package dev.changeset.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.changeset.audit.ChainReport.Kind;
import dev.changeset.support.ReceiptDrafts;
import dev.changeset.support.SandboxResource;
import dev.changeset.text.Sha256;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Someone with database access alters the log directly (H2 has no append-only trigger, like a PostgreSQL owner who
 * disables it): the chain names what was done. Each test puts the rows back, so the shared log stays intact.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class TamperTest {

    @Inject
    ReceiptLog log;
    @Inject
    ChainVerifier verifier;
    @Inject
    AgroalDataSource dataSource;

    private final List<Receipt> mine = new ArrayList<>();

    @BeforeEach
    void fiveFreshReceipts() {
        assertTrue(verifier.verify(Optional.empty()).intact(), "the log is intact before tampering");
        for (int i = 0; i < 5; i++) {
            mine.add(log.append(ReceiptDrafts.sealed("auth0|alice", "SKU-T" + i, "10.00", "12.0" + i)).receipt());
        }
    }

    @Test
    void one_changed_byte_names_that_receipt() throws Exception {
        Receipt target = mine.get(2);
        String original = canonicalJson(target.sequence());
        String forged = original.replace("\"after\":\"12.02\"", "\"after\":\"12.92\"");
        assertEquals(original.length(), forged.length());
        assertNotEquals(original, forged);
        update(target.sequence(), forged);
        try {
            ChainReport report = verifier.verify(Optional.empty());
            assertFalse(report.intact());
            assertEquals(Kind.HASH_MISMATCH, report.firstProblem().kind());
            assertEquals(target.receiptId(), report.firstProblem().receiptId());
            assertEquals(target.sequence(), report.firstProblem().sequence());
            assertTrue(report.summary().contains(target.receiptId()), report.summary());
        } finally {
            update(target.sequence(), original);
        }
        assertTrue(verifier.verify(Optional.empty()).intact());
    }

    @Test
    void a_rewritten_and_rehashed_receipt_breaks_the_next_link() throws Exception {
        Receipt target = mine.get(1);
        String original = canonicalJson(target.sequence());
        String forged = original.replace("\"after\":\"12.01\"", "\"after\":\"99.99\"");
        execute("UPDATE receipt SET canonical_json = ?, hash = ? WHERE sequence = ?", forged,
                Sha256.hex(forged), target.sequence());
        try {
            ChainReport report = verifier.verify(Optional.empty());
            assertEquals(Kind.BROKEN_LINK, report.firstProblem().kind());
            assertEquals(mine.get(2).receiptId(), report.firstProblem().receiptId());
        } finally {
            execute("UPDATE receipt SET canonical_json = ?, hash = ? WHERE sequence = ?", original, target.hash(),
                    target.sequence());
        }
    }

    @Test
    void a_reverted_by_link_forged_in_its_column_is_named() throws Exception {
        Receipt target = mine.get(3);
        // "reverted by" reads this column: pointing it elsewhere would make another receipt look reverted
        execute("UPDATE receipt SET reverts_receipt_id = ? WHERE sequence = ?", mine.get(0).receiptId(),
                target.sequence());
        try {
            assertEquals(List.of(target.receiptId()), log.revertsOf(mine.get(0).receiptId()).stream()
                    .map(ReceiptLog.Summary::receiptId).toList(), "the forged link is what the lookup sees");
            ChainReport report = verifier.verify(Optional.empty());
            assertEquals(Kind.CONTENT_MISMATCH, report.firstProblem().kind(), report.summary());
            assertEquals(target.receiptId(), report.firstProblem().receiptId());
        } finally {
            execute("UPDATE receipt SET reverts_receipt_id = NULL WHERE sequence = ?", target.sequence());
        }
        assertTrue(verifier.verify(Optional.empty()).intact());
    }

    @Test
    void a_deleted_receipt_shows_as_a_gap() throws Exception {
        Receipt target = mine.get(3);
        Row row = delete(target.sequence());
        try {
            ChainReport report = verifier.verify(Optional.empty());
            assertEquals(Kind.GAP, report.firstProblem().kind());
            assertEquals(target.sequence(), report.firstProblem().sequence());
            assertEquals(1, report.problems().size(), "the gap explains the next link: " + report.problems());
        } finally {
            restore(row);
        }
        assertTrue(verifier.verify(Optional.empty()).intact());
    }

    @Test
    void deleting_the_newest_three_is_shown_by_the_head_from_an_earlier_email() throws Exception {
        String headInEmail = log.head().hash();
        assertEquals(mine.get(4).hash(), headInEmail);
        List<Row> removed = new ArrayList<>();
        for (int i = 4; i >= 2; i--) {
            removed.add(delete(mine.get(i).sequence()));
        }
        try {
            ChainReport careless = verifier.verify(Optional.empty());
            assertEquals(Kind.HEAD_MISMATCH, careless.firstProblem().kind(), careless.summary());

            // A careful forger also moves the chain-head record back: the chain alone then looks whole...
            moveHead(mine.get(1).sequence(), mine.get(1).hash());
            assertTrue(verifier.verify(Optional.empty()).intact());
            // ...but the head printed in an earlier email is no longer in it.
            ChainReport report = verifier.verify(Optional.of(headInEmail));
            assertFalse(report.intact());
            assertEquals(Kind.EARLIER_HEAD_NOT_FOUND, report.firstProblem().kind());
            assertTrue(report.summary().contains(headInEmail), report.summary());
            assertEquals(mine.get(1).sequence(), verifier.verify(Optional.of(mine.get(1).hash()))
                    .earlierHeadSequence(), "an older head is still found");
        } finally {
            for (int i = removed.size() - 1; i >= 0; i--) {
                restore(removed.get(i));
            }
            moveHead(mine.get(4).sequence(), mine.get(4).hash());
        }
        ChainReport restored = verifier.verify(Optional.of(headInEmail));
        assertTrue(restored.intact(), restored.summary());
        assertEquals(mine.get(4).sequence(), restored.earlierHeadSequence());
    }

    /** One receipt row and its SKU rows, as read before deleting them. */
    private record Row(Object[] receipt, List<String> skus) {
    }

    private Row delete(long sequence) throws SQLException {
        Object[] values = new Object[10];
        List<String> skus = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT sequence, receipt_id, changeset_id, changeset_code, state, subject, created_at,
                           previous_hash, hash, canonical_json FROM receipt WHERE sequence = ?""")) {
                s.setLong(1, sequence);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getObject(i + 1);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT sku FROM receipt_sku WHERE sequence = ?")) {
                s.setLong(1, sequence);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        skus.add(rs.getString(1));
                    }
                }
            }
        }
        execute("DELETE FROM receipt_sku WHERE sequence = ?", sequence);
        execute("DELETE FROM receipt WHERE sequence = ?", sequence);
        return new Row(values, skus);
    }

    private void restore(Row row) throws SQLException {
        execute("""
                INSERT INTO receipt (sequence, receipt_id, changeset_id, changeset_code, state, subject, created_at,
                                     previous_hash, hash, canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.receipt());
        for (String sku : row.skus()) {
            execute("INSERT INTO receipt_sku (sequence, sku) VALUES (?, ?)", row.receipt()[0], sku);
        }
    }

    private void moveHead(long sequence, String hash) throws SQLException {
        execute("UPDATE receipt_chain_head SET sequence = ?, hash = ? WHERE id = 1", sequence, hash);
    }

    private String canonicalJson(long sequence) {
        return log.list(new ReceiptLog.ReceiptQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(sequence + 1), 1))
                .receipts().stream().findFirst()
                .flatMap(s -> log.find(s.receiptId())).orElseThrow().canonicalJson();
    }

    private void update(long sequence, String json) throws SQLException {
        execute("UPDATE receipt SET canonical_json = ? WHERE sequence = ?", json, sequence);
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
