package dev.changeset.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.audit.ReceiptLog.ReceiptPage;
import dev.changeset.audit.ReceiptLog.ReceiptQuery;
import dev.changeset.identity.Caller;

/**
 * Who may read which receipts. Receipts hold catalog values and other people's ids, so a caller reads the receipts
 * of their own changesets and those they were asked to approve (a second approver must be able to see what they
 * approved); the subjects configured as auditors ({@code changeset.audit.auditors}) read all. Checking the chain
 * reveals no content and is open to every reader. A receipt the caller may not read is reported as not found, so
 * its existence is not disclosed.
 */
@ApplicationScoped
public class ReceiptAccess {

    /** Receipts per page when the caller names no limit. */
    public static final int DEFAULT_PAGE = 20;

    private final ReceiptLog log;
    private final Set<String> auditors;
    private final int maxPage;

    ReceiptAccess(ReceiptLog log, AuditConfig config) {
        this.log = log;
        this.auditors = Set.copyOf(config.auditors().orElse(List.of()));
        this.maxPage = config.maxPage();
    }

    /** What a caller asks {@code list_receipts} for; absent parts do not filter. */
    public record Filter(Optional<Outcome> outcome, Optional<String> user, Optional<String> sku,
            Optional<Instant> from, Optional<Instant> to, Optional<Long> before, Optional<Integer> limit) {
    }

    /** The receipt, when it exists and the caller may read it. */
    public Optional<StoredReceipt> read(Caller caller, String receiptId) {
        return log.find(receiptId).filter(stored -> mayRead(caller, stored.receipt()));
    }

    /**
     * A receipt the caller may revert: only its owner's, whoever else may read it (an auditor, an approver). Others
     * are absent, as if there were no such receipt.
     */
    public Optional<StoredReceipt> toRevert(Caller caller, String receiptId) {
        return log.find(receiptId).filter(stored -> caller.subject().equals(stored.receipt().subject()));
    }

    /** Who reverted the receipt (or tried to): the receipts naming it that the caller may read, oldest first. */
    public List<ReceiptLog.Summary> revertsOf(Caller caller, String receiptId) {
        return log.revertsOf(receiptId).stream()
                .filter(r -> log.find(r.receiptId()).filter(s -> mayRead(caller, s.receipt())).isPresent())
                .toList();
    }

    /**
     * The caller's receipts (an auditor's: anyone's) matching the filter, newest first.
     *
     * @throws IllegalArgumentException when the filter asks for someone else's receipts without the right, or is
     *         malformed
     */
    public ReceiptPage list(Caller caller, Filter filter) {
        boolean auditor = auditors.contains(caller.subject());
        Optional<String> subject = auditor ? filter.user() : Optional.of(caller.subject());
        if (!auditor && filter.user().isPresent() && !filter.user().get().equals(caller.subject())) {
            throw new IllegalArgumentException("you can list only your own receipts (user '" + caller.subject()
                    + "'); receipts of others are listed for auditors only");
        }
        if (filter.from().isPresent() && filter.to().isPresent() && !filter.from().get().isBefore(filter.to().get())) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        int limit = filter.limit().orElse(DEFAULT_PAGE);
        if (limit < 1 || limit > maxPage) {
            throw new IllegalArgumentException("limit must be between 1 and " + maxPage);
        }
        return log.list(new ReceiptQuery(filter.outcome(), subject, Optional.empty(), filter.sku(), filter.from(),
                filter.to(), filter.before(), limit));
    }

    private boolean mayRead(Caller caller, Receipt receipt) {
        String subject = caller.subject();
        return subject.equals(receipt.subject()) || auditors.contains(subject)
                || receipt.approval() != null
                        && receipt.approval().approvers().stream().anyMatch(a -> subject.equals(a.subject()));
    }
}
