package dev.changeset.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.changeset.approval.Approvals;
import dev.changeset.audit.Outcome;
import dev.changeset.audit.ReceiptConflictException;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.ReceiptStoreException;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.catalog.CatalogException;

/**
 * Moves changesets and ends their stories: every terminal state gets its receipt, and a changeset is SEALED only
 * after its receipt is stored (a database that will not take the receipt leaves it VERIFIED, and no success is
 * reported). Every move wakes the changeset's waiters.
 */
@ApplicationScoped
class ChangesetOutcomes {

    private static final Logger LOG = Logger.getLogger(ChangesetOutcomes.class);

    private final ChangesetStore store;
    private final ChangesetWatch watch;
    private final ReceiptLog receipts;
    private final Approvals approvals;
    private final ReceiptMail mail;
    private final Steps steps;
    private final ExecutedChanges executed;

    ChangesetOutcomes(ChangesetStore store, ChangesetWatch watch, ReceiptLog receipts, Approvals approvals,
            ReceiptMail mail, Steps steps, ExecutedChanges executed) {
        this.store = store;
        this.watch = watch;
        this.receipts = receipts;
        this.approvals = approvals;
        this.mail = mail;
        this.steps = steps;
        this.executed = executed;
    }

    Optional<Changeset> moved(Changeset c, ChangesetState to, String detail, Instant approvalDeadline) {
        return moved(c, to, detail, approvalDeadline, null, false);
    }

    private Optional<Changeset> moved(Changeset c, ChangesetState to, String detail, Instant deadline,
            List<PlannedOperation> operations, boolean releaseRevertHold) {
        Optional<Changeset> moved = store.move(c.id(), c.state(), to, detail, deadline, operations,
                releaseRevertHold);
        if (!to.isTerminal()) {
            moved.ifPresent(m -> watch.changed(m.id(), m.state())); // terminal: once the receipt is attached
        }
        return moved;
    }

    Changeset end(Changeset c, ChangesetState terminal, String detail) {
        return end(c, terminal, detail, Trail.none());
    }

    /** Moves to a terminal state other than SEALED in which nothing of the changeset was written, then seals it. */
    Changeset end(Changeset c, ChangesetState terminal, String detail, Trail trail) {
        return end(c, terminal, detail, trail, List.of(), false);
    }

    /** FAILED after some of the changeset may have been written (a reconciliation found a mix of values). */
    Changeset failedPartlyWritten(Changeset c, String detail, Trail trail) {
        return end(c, ChangesetState.FAILED, detail, trail, List.of(), true);
    }

    Changeset failedWrite(Changeset c, Optional<String> writeFailure, List<WriteGuard.Mismatch> wrong,
            boolean untouched, Trail trail) {
        String detail = untouched
                ? "nothing was written, the sheet is as it was" + writeFailure.map(f -> ": " + f).orElse("")
                : "read-back found " + wrong.size() + " cell(s) not as written: " + wrong.stream().limit(10)
                        .map(WriteGuard.Mismatch::toString).reduce((a, b) -> a + "; " + b).orElse("");
        return end(c, ChangesetState.FAILED, detail, trail, wrong, !untouched);
    }

    /**
     * The read-back after a write failed. A write Google refused outright did not land: FAILED, nothing written.
     * Otherwise it may have landed and only the sheet can say: the changeset stays EXECUTING, and once its lease is
     * over its owner's next call reconciles it from the sheet (never by writing blindly).
     */
    Changeset unverified(Changeset c, Optional<CatalogException> writeFailure, RuntimeException readBack, Trail trail,
            Duration lease) {
        if (writeFailure.isPresent() && writeFailure.get().kind() != CatalogException.Kind.WRITE_OUTCOME_UNKNOWN) {
            return end(c, ChangesetState.FAILED, "nothing was written, the sheet is as it was: "
                    + writeFailure.get().getMessage(), trail);
        }
        LOG.warnf("changeset %s: written or maybe written, but the read-back failed (%s); left EXECUTING for"
                + " reconciliation", c.id(), readBack.toString());
        return store.describe(c.id(), "the write was sent but could not be read back (" + readBack.getMessage()
                + "). The sheet will decide: call get_changeset again in " + lease.toSeconds() + " s; nothing is"
                + " written twice.").orElse(c);
    }

    Changeset failedUnexpectedly(Changeset c, RuntimeException e, Trail trail) {
        Changeset current = store.find(c.id()).orElse(c);
        if (current.state() != ChangesetState.EXECUTING) {
            return current;
        }
        return end(current, ChangesetState.FAILED, "the execution stopped: " + e.getMessage(), trail, List.of(),
                trail.writeSent());
    }

    /**
     * Verified: record its cell changes for the drift rules (before the receipt: a changeset is never SEALED with its
     * changes unrecorded; a failure leaves it VERIFIED for {@link #sealLate}), store the receipt, then SEALED; then
     * mail it.
     */
    Changeset seal(Changeset executing, Trail trail) {
        List<PlannedOperation> verified = executing.operations().stream().map(op -> op.withVerified(true)).toList();
        Changeset v = moved(executing, ChangesetState.VERIFIED, null, null, verified, false)
                .orElseThrow(() -> new ChangesetConflictException("changeset " + executing.code()
                        + " left EXECUTING while it was being verified"));
        steps.step("record", v.id(), () -> executed.record(v));
        StoredReceipt receipt = steps.step("receipt", v.id(), () -> receipts.append(ReceiptDrafts.of(v,
                Outcome.SEALED, approvals.requests(v.id()), trail, List.of(), v.detail())));
        store.attachReceipt(v.id(), receipt.receipt().receiptId());
        Changeset sealed = moved(v, ChangesetState.SEALED, null, null).orElseGet(() -> store.find(v.id()).orElseThrow());
        watch.changed(sealed.id(), sealed.state());
        steps.step("mail", sealed.id(), () -> mail.afterSeal(sealed, receipt, trail));
        return sealed;
    }

    /**
     * A verified write whose receipt the database refused stays VERIFIED, and no success is reported. Once it has
     * been so for longer than the execution lease, the next look at it stores the receipt and seals it (mailing it
     * as {@link #seal} does), without touching the sheet again.
     */
    Changeset sealLate(Changeset c, Duration lease, Trail trail) {
        if (c.state() != ChangesetState.VERIFIED || c.updatedAt().plus(lease).isAfter(Instant.now())) {
            return c;
        }
        Optional<Changeset> claimed = store.claim(c.id(), c.version());
        if (claimed.isEmpty()) {
            return store.find(c.id()).orElse(c); // another call is sealing it
        }
        Changeset v = claimed.get();
        StoredReceipt receipt;
        try {
            executed.record(v); // once: a seal that recorded them before the receipt failed left them in place
            receipt = receipts.append(ReceiptDrafts.of(v, Outcome.SEALED, approvals.requests(v.id()), trail,
                    List.of(), "verified at " + c.updatedAt() + "; the receipt was stored when the"
                            + " database took it again"));
        } catch (ReceiptConflictException e) {
            receipt = receipts.find(e.existingReceiptId()).orElseThrow(() -> e); // stored before, never linked
        } catch (ReceiptStoreException | PersistenceException e) {
            LOG.warnf("changeset %s: its changes or its receipt still cannot be stored (%s); it stays VERIFIED",
                    v.id(), e.getMessage());
            return v;
        }
        store.attachReceipt(v.id(), receipt.receipt().receiptId());
        Changeset sealed = moved(v, ChangesetState.SEALED, null, null)
                .orElseGet(() -> store.find(v.id()).orElseThrow());
        LOG.infof("changeset %s (%s) sealed late, receipt %s", v.id(), v.code(), receipt.receipt().receiptId());
        watch.changed(sealed.id(), sealed.state());
        mail.afterSeal(sealed, receipt, trail);
        return sealed;
    }

    /**
     * The one way to a terminal state other than SEALED. A revert that ends having written nothing lets go of the
     * receipt it meant to revert, in the same update, so another revert of it may be tried; one that may have
     * written some of it keeps it (its receipt says what the sheet held).
     */
    private Changeset end(Changeset c, ChangesetState terminal, String detail, Trail trail,
            List<WriteGuard.Mismatch> mismatches, boolean sheetMayHoldWrites) {
        Optional<Changeset> ended = moved(c, terminal, detail, null, null, !sheetMayHoldWrites);
        if (ended.isEmpty()) {
            return store.find(c.id()).orElse(c); // someone else moved it first: their story wins
        }
        Changeset e = ended.get();
        StoredReceipt receipt = steps.step("receipt", e.id(), () -> receipts.append(ReceiptDrafts.of(e,
                outcome(terminal), approvals.requests(e.id()), trail, mismatches, detail)));
        store.attachReceipt(e.id(), receipt.receipt().receiptId());
        LOG.infof("changeset %s (%s) ended %s, receipt %s", e.id(), e.code(), terminal, receipt.receipt().receiptId());
        watch.changed(e.id(), terminal);
        return store.find(e.id()).orElse(e);
    }

    private static Outcome outcome(ChangesetState state) {
        return switch (state) {
            case DENIED -> Outcome.DENIED;
            case EXPIRED -> Outcome.EXPIRED;
            case STALE -> Outcome.STALE;
            case CANCELLED -> Outcome.CANCELLED;
            case SEALED -> Outcome.SEALED;
            default -> Outcome.FAILED;
        };
    }
}
