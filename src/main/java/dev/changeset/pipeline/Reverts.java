package dev.changeset.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.text.Printable;
import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptAccess;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.identity.Caller;

/**
 * What a revert may start from, and the links between reverts and what they revert. A revert starts from a sealed
 * receipt of the caller's own (another user's reads as not found, even to an auditor or an approver who may read
 * it), whose bytes still hash to its hash, whose changeset wrote and verified every cell, and that no other revert
 * holds. "Held": from a revert's preview until it ends without writing (then another revert may be tried), and for
 * good once it wrote; the database keeps it to one holder (see {@link ChangesetStore#insert}).
 */
@ApplicationScoped
public class Reverts {

    /** Which receipt to revert: by receipt id, or by the changeset (id or code) it closed. Exactly one. */
    public record Target(Optional<String> receiptId, Optional<String> changesetId) {

        public static Target of(String receiptId, String changesetId) {
            Optional<String> receipt = Optional.ofNullable(receiptId).map(String::trim).filter(s -> !s.isEmpty());
            Optional<String> changeset = Optional.ofNullable(changesetId).map(String::trim).filter(s -> !s.isEmpty());
            if (receipt.isPresent() == changeset.isPresent()) {
                throw new InvalidChangesetException(List.of("give either receiptId (the receipt of the change to put"
                        + " back) or changesetId (its id or code), "
                        + (receipt.isPresent() ? "not both" : "one of them")));
            }
            return new Target(receipt, changeset);
        }
    }

    /** A changeset as a link shows it: id, code, state, and receipt once it has one. */
    public record Link(String changesetId, String code, String state, String receiptId) {

        static Link of(Changeset c) {
            return new Link(c.id(), c.code(), c.state().name(), c.receiptId());
        }
    }

    private final ChangesetStore store;
    private final ReceiptAccess receipts;
    private final ChangesetOutcomes outcomes;

    Reverts(ChangesetStore store, ReceiptAccess receipts, ChangesetOutcomes outcomes) {
        this.store = store;
        this.receipts = receipts;
        this.outcomes = outcomes;
    }

    /** The sealed receipt the caller may revert now, or an exception a person can act on. */
    Receipt target(Caller caller, Target target) {
        StoredReceipt stored = target.receiptId()
                .map(id -> receipts.toRevert(caller, id).orElseThrow(() -> new ChangesetConflictException(
                        "No receipt '" + Printable.echo(id) + "' of yours to revert: list_receipts shows your"
                                + " receipts.")))
                .orElseGet(() -> receiptOf(caller, target.changesetId().orElseThrow()));
        Receipt receipt = stored.receipt();
        String what = receipt.changesetCode() + " (receipt " + receipt.receiptId() + ")";
        if (receipt.outcome() != Outcome.SEALED) {
            throw new ChangesetConflictException(what + " ended " + receipt.outcome() + (receipt.outcome()
                    == Outcome.FAILED ? ": its receipt does not vouch for what was written, so it cannot be set back"
                            + " from it; read the catalog and preview the fix as a new change"
                    : ": nothing was written, so there is nothing to revert"));
        }
        if (!stored.intact() || receipt.operations().stream().anyMatch(op -> !Boolean.TRUE.equals(op.verified()))) {
            throw new ChangesetConflictException(what + " does not hash to its sealed hash or holds an unverified"
                    + " operation, so it cannot say what to set back: run verify_audit_log");
        }
        freeOrRefuse(receipt.receiptId());
        return receipt;
    }

    /**
     * Refuses when another revert holds the receipt; a revert previewed and never applied in time lets go of it here
     * (it ends EXPIRED, as applying it would).
     */
    private void freeOrRefuse(String receiptId) {
        for (Changeset holder : store.where("revert_hold = ?", receiptId)) {
            if (holder.state() == ChangesetState.PREVIEWED && Instant.now().isAfter(holder.previewExpiresAt())) {
                outcomes.end(holder, ChangesetState.EXPIRED, "the preview expired before it was applied, and a new"
                        + " revert of receipt " + receiptId + " was asked for");
            } else {
                throw new ChangesetConflictException(heldBy(holder));
            }
        }
    }

    /** Why a revert of the receipt {@code holder} holds cannot start, and what to do instead. */
    static String heldBy(Changeset holder) {
        String receipt = "receipt " + holder.revertsReceiptId();
        return switch (holder.state()) {
            case SEALED -> receipt + " is already reverted by " + holder.code() + " (receipt " + holder.receiptId()
                    + "); a receipt is reverted once. To undo that revert, revert " + holder.code() + ".";
            case PREVIEWED -> "a revert of " + receipt + " is already previewed as " + holder.code() + ": apply it"
                    + " (apply_changeset) or cancel it (cancel_changeset) first.";
            case FAILED -> receipt + " was partly reverted by " + holder.code() + ", which FAILED after writing some"
                    + " cells (see its receipt " + holder.receiptId() + "): read the catalog and fix the rest by hand.";
            default -> "a revert of " + receipt + " is in progress as " + holder.code() + " (" + holder.state()
                    + "): follow it with get_changeset, or cancel it (cancel_changeset) while it has not run.";
        };
    }

    /** What links a changeset to reverts: the changeset it reverts, and the reverts of its receipt. */
    public record Links(Optional<Link> reverts, List<Link> revertedBy) {
    }

    public Links links(Changeset c) {
        Optional<Link> reverts = c.revertsReceiptId() == null ? Optional.empty()
                : store.where("receipt_id = ?", c.revertsReceiptId()).stream().findFirst().map(Link::of);
        List<Link> revertedBy = c.receiptId() == null ? List.of()
                : store.where("reverts_receipt_id = ?", c.receiptId()).stream().map(Link::of).toList();
        return new Links(reverts, revertedBy);
    }

    private StoredReceipt receiptOf(Caller caller, String idOrCode) {
        Changeset c = store.find(idOrCode).filter(found -> found.subject().equals(caller.subject()))
                .orElseThrow(() -> new ChangesetNotFoundException(idOrCode));
        if (c.receiptId() == null) {
            throw new ChangesetConflictException(c.code() + " is " + c.state() + " and has no receipt yet: only a"
                    + " SEALED changeset can be reverted" + (c.state().isTerminal() ? "." : "; to stop it, use"
                            + " cancel_changeset while it has not run."));
        }
        return receipts.toRevert(caller, c.receiptId()).orElseThrow(() -> new ChangesetNotFoundException(idOrCode));
    }
}
