package dev.changeset.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only chain of receipts, one across all replicas. Nothing here updates or deletes a receipt.
 */
public interface ReceiptLog {

    /**
     * Seals a draft: assigns id, the next sequence, the sealing time, the previous receipt's hash and the hash, and
     * stores it. Returns only after the receipt is committed; any failure to store is an exception, and the caller
     * must not report success.
     *
     * @throws ReceiptConflictException when the changeset already has a receipt
     * @throws ReceiptStoreException when the receipt could not be stored
     */
    StoredReceipt append(ReceiptDraft draft);

    /** A receipt by id. */
    Optional<StoredReceipt> find(String receiptId);

    /**
     * The receipts that name {@code receiptId} in their {@code reverts}, oldest first: who reverted it (or tried to).
     * A lookup: the reverted receipt itself never changes.
     */
    List<Summary> revertsOf(String receiptId);

    /** Receipts matching a query, newest first. */
    ReceiptPage list(ReceiptQuery query);

    /** The latest receipt's sequence and hash; sequence 0 and {@link Receipt#GENESIS} when there is none. */
    ChainHead head();

    /** The end of the chain. Every email carries it, so a later reader can tell if receipts vanished. */
    record ChainHead(long sequence, String hash) {
    }

    /**
     * Filters for {@link #list}; absent filters match everything. {@code from} is inclusive, {@code to} exclusive,
     * both on the sealing time. {@code before} is the paging cursor: only receipts with a smaller sequence.
     */
    record ReceiptQuery(Optional<Outcome> outcome, Optional<String> subject, Optional<String> changesetId,
            Optional<String> sku, Optional<Instant> from, Optional<Instant> to, Optional<Long> before, int limit) {
    }

    /** One page of receipt summaries and the cursor for the next page (absent on the last page). */
    record ReceiptPage(List<Summary> receipts, Long nextBefore) {
    }

    /** A receipt as the list shows it. */
    record Summary(String receiptId, long sequence, String changesetId, String changesetCode, Outcome outcome,
            String subject, Instant sealedAt, List<String> skus, String hash) {
    }
}
