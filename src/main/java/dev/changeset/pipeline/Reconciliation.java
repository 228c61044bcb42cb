package dev.changeset.pipeline;

import java.time.Instant;
import java.util.List;

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

    /** True when a changeset has been EXECUTING for longer than any live execution takes. */
    static boolean orphaned(Changeset c, java.time.Duration lease) {
        return c.state() == ChangesetState.EXECUTING && c.updatedAt().plus(lease).isBefore(Instant.now());
    }

    /** The guarded ranges read with the Writer's client, in the order WriteGuard asks for them. */
    static List<CellRange> read(CatalogWriter writer, Changeset c, Authority authority, Trail trail) {
        return trail.writer(() -> writer.read(authority.delegation(), WriteGuard.guardedRanges(c)),
                "values.batchGet (reconcile)");
    }
}
