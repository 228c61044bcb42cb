package dev.changeset.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.changeset.audit.ChainReport.Kind;
import dev.changeset.audit.ChainReport.Problem;
import dev.changeset.audit.ReceiptLog.ChainHead;
import dev.changeset.text.Jcs;
import dev.changeset.text.Sha256;
import io.agroal.api.AgroalDataSource;

/**
 * Walks the receipt chain from the first receipt, recomputing every hash from the stored canonical bytes (never
 * from a re-serialization), checking each link to the receipt before, the sequence for gaps, the chain-head record,
 * and optionally that a head seen earlier (in an email) is still in the chain, which shows a deleted tail.
 */
@ApplicationScoped
public class ChainVerifier {

    static final int MAX_PROBLEMS = 20;
    private static final int BATCH = 500;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final ReceiptLog log;

    ChainVerifier(AgroalDataSource dataSource, ReceiptLog log) {
        this.dataSource = dataSource;
        this.log = log;
    }

    /**
     * @param earlierHead a receipt hash seen earlier (64 lower-case hex digits), to check it is still in the chain
     * @throws IllegalArgumentException when {@code earlierHead} is not a SHA-256 hex string
     */
    public ChainReport verify(Optional<String> earlierHead) {
        earlierHead.ifPresent(h -> {
            if (!HASH.matcher(h).matches()) {
                throw new IllegalArgumentException("earlierHead must be a receipt hash: 64 lower-case hex digits");
            }
        });
        ChainHead recorded = log.head(); // read first: receipts appended during the walk only extend the chain
        Walk walk = new Walk(earlierHead.orElse(null), recorded);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT sequence, receipt_id, previous_hash, hash, canonical_json, reverts_receipt_id
                        FROM receipt
                        WHERE sequence > ? ORDER BY sequence LIMIT %d""".formatted(BATCH))) {
            long after = 0;
            int rows;
            do {
                s.setLong(1, after);
                rows = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        walk.check(after, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6));
                    }
                }
            } while (rows == BATCH);
        } catch (SQLException e) {
            throw new ReceiptStoreException("the receipt chain could not be read: " + e.getMessage(), e);
        }
        return walk.report();
    }

    /** The state of one walk. */
    private static final class Walk {
        private final String earlierHead;
        private final ChainHead recorded;
        private final List<Problem> problems = new ArrayList<>();
        private long expected = 1;
        private String previousHash = Receipt.GENESIS;
        private long checked;
        private Long earlierHeadSequence;
        private String hashAtRecordedHead;

        Walk(String earlierHead, ChainHead recorded) {
            this.earlierHead = earlierHead;
            this.recorded = recorded;
            if (Receipt.GENESIS.equals(earlierHead)) {
                earlierHeadSequence = 0L;
            }
            if (recorded.sequence() == 0) {
                hashAtRecordedHead = Receipt.GENESIS;
            }
        }

        void check(long sequence, String receiptId, String previous, String hash, String json, String reverts) {
            checked++;
            boolean afterGap = sequence != expected;
            if (afterGap) {
                problem(Kind.GAP, expected, null, "receipts " + expected + (sequence - 1 > expected
                        ? ".." + (sequence - 1) : "") + " are missing: the next receipt found is " + sequence);
            }
            String recomputed = Sha256.hex(json);
            if (!recomputed.equals(hash)) {
                problem(Kind.HASH_MISMATCH, sequence, receiptId, "its stored JSON hashes to " + recomputed
                        + " but its hash is " + hash + ": the receipt was altered after it was sealed");
            } else if (!canonical(json)) {
                problem(Kind.NOT_CANONICAL, sequence, receiptId,
                        "its stored JSON is not RFC 8785 canonical: it was rewritten and re-hashed");
            }
            checkColumns(sequence, receiptId, previous, json, reverts);
            if (!afterGap && !previousHash.equals(previous)) {
                problem(Kind.BROKEN_LINK, sequence, receiptId, "its previousHash is " + previous
                        + " but the receipt before it hashes to " + previousHash);
            }
            if (hash.equals(earlierHead)) {
                earlierHeadSequence = sequence;
            }
            if (sequence == recorded.sequence()) {
                hashAtRecordedHead = hash;
            }
            previousHash = hash;
            expected = sequence + 1;
        }

        /** The columns queries use must say what the hashed JSON says ("reverted by" reads reverts_receipt_id). */
        private void checkColumns(long sequence, String receiptId, String previous, String json, String reverts) {
            try {
                JsonNode node = JSON.readTree(json);
                String revertsInJson = node.hasNonNull("reverts") ? node.get("reverts").asText() : null;
                if (node.path("sequence").asLong(-1) != sequence || !receiptId.equals(node.path("receiptId").asText())
                        || !previous.equals(node.path("previousHash").asText())
                        || !Objects.equals(reverts, revertsInJson)) {
                    problem(Kind.CONTENT_MISMATCH, sequence, receiptId,
                            "its sequence, id, previous hash or reverts columns differ from its hashed JSON");
                }
            } catch (java.io.IOException e) {
                problem(Kind.CONTENT_MISMATCH, sequence, receiptId, "its stored JSON does not parse");
            }
        }

        private static boolean canonical(String json) {
            try {
                return Jcs.canonicalize(json).equals(json);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private void problem(Kind kind, Long sequence, String receiptId, String detail) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(kind, sequence, receiptId, detail));
            }
        }

        ChainReport report() {
            long last = expected - 1;
            if (!recorded.hash().equals(hashAtRecordedHead)) {
                problem(Kind.HEAD_MISMATCH, recorded.sequence(), null, last < recorded.sequence()
                        ? "the chain head records receipt " + recorded.sequence() + " (" + recorded.hash()
                                + ") but the chain ends at " + last + ": the newest receipts were deleted"
                        : "the chain head records hash " + recorded.hash() + " at sequence " + recorded.sequence()
                                + " but the receipt there hashes to " + hashAtRecordedHead);
            }
            if (earlierHead != null && earlierHeadSequence == null) {
                problem(Kind.EARLIER_HEAD_NOT_FOUND, null, null, "the head " + earlierHead
                        + " seen earlier is not in the chain: receipts up to it were deleted or altered");
            }
            return new ChainReport(problems.isEmpty(), checked, last, previousHash, earlierHead, earlierHeadSequence,
                    problems.isEmpty() ? null : problems.get(0), List.copyOf(problems));
        }
    }
}
