package dev.changeset.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.changeset.approval.ApprovalRequest;
import dev.changeset.catalog.CatalogWriter;
import dev.changeset.catalog.CellRange;

/**
 * Decides what happened to a changeset left EXECUTING by a process that stopped (crash, kill, lost pod), from the
 * sheet alone, never by writing blindly: every target holds its new value, so the write happened (verify and
 * seal); every target still holds its previewed value and every row its SKU, so it did not (write once, then
 * verify, if the approval is still fresh); anything else is FAILED with the cells named.
 */
final class Reconciliation {

    /** What the sheet says. */
    enum Finding {
        WRITTEN, NOT_WRITTEN, MIXED
    }

    private Reconciliation() {
    }

    static Finding inspect(Changeset c, List<CellRange> guarded) {
        if (WriteGuard.stale(c, guarded).isEmpty()) {
            return Finding.NOT_WRITTEN;
        }
        return WriteGuard.written(c, guarded) ? Finding.WRITTEN : Finding.MIXED;
    }

    /**
     * What a read reports for an orphan the sheet shows unwritten: still EXECUTING, with a detail saying so. Not
     * stored; only a caller holding changeset:write (apply_changeset) finishes it.
     */
    static Changeset interrupted(Changeset c) {
        return new Changeset(c.id(), c.code(), c.subject(), c.clientId(), c.callerEmail(), c.state(), c.note(),
                c.maxTier(), c.approval(), c.operationsHash(), c.previewExchangeId(), c.operations(), c.createdAt(),
                c.updatedAt(), c.previewExpiresAt(), c.approvalDeadline(), INTERRUPTED, c.receiptId(), c.version(),
                c.revertsReceiptId());
    }

    static final String INTERRUPTED = "execution interrupted; outcome being decided: the sheet shows nothing"
            + " written yet, and a read writes nothing. The owner's apply_changeset (scope changeset:write) finishes"
            + " it while its approval is fresh, else ends it FAILED with nothing written.";

    /** True when a changeset has been EXECUTING for longer than any live execution takes. */
    static boolean orphaned(Changeset c, Duration lease) {
        return c.state() == ChangesetState.EXECUTING && c.updatedAt().plus(lease).isBefore(Instant.now());
    }

    /** The guarded ranges read with the Writer's client, in the order WriteGuard asks for them. */
    static List<CellRange> read(CatalogWriter writer, Changeset c, Authority authority, Trail trail) {
        return trail.writer(used -> writer.read(authority.delegation(), WriteGuard.guardedRanges(c), used),
                "values.batchGet (reconcile)");
    }

    /**
     * An approval is good for writing for {@code validity} after its last decision; a changeset that needed none
     * counts from its preview.
     */
    static boolean approvalStillValid(Changeset c, List<ApprovalRequest> requests, Duration validity) {
        Instant from = requests.stream().map(ApprovalRequest::decidedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(c.createdAt());
        return from.plus(validity).isAfter(Instant.now());
    }
}
