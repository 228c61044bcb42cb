package dev.changeset.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.changeset.approval.ApprovalDetails;
import dev.changeset.approval.ApprovalOutcome;
import dev.changeset.approval.ApprovalRequest.Purpose;
import dev.changeset.approval.ApprovalTokens;
import dev.changeset.approval.Approvals;
import dev.changeset.approval.BindingMessage;
import dev.changeset.approval.CibaRequestFailed;
import dev.changeset.approval.PushLimitReached;
import dev.changeset.audit.ReceiptAccess;
import dev.changeset.audit.ReceiptLog;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.identity.Caller;
import dev.changeset.notify.ReceiptDelivery;
import dev.changeset.notify.ReceiptEmailComposer;
import dev.changeset.notify.Recipients;
import dev.changeset.policy.OperationFacts;
import dev.changeset.policy.Policy;
import dev.changeset.policy.PolicyDecision;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.Tier;
import dev.changeset.text.Printable;
import dev.changeset.vault.Delegation;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code email_receipt}: mailing a receipt again, in order, one line per step. The receipt must be one the caller
 * may read; the recipients are plain addresses from the caller's argument or token, never from sheet contents; the
 * policy's recipient rule decides: the caller's own address is T1 and is mailed at once, any other address is T2 and
 * needs one tap on the person's phone first. That approval is a request of the approval package like a changeset's
 * (its rows, its poller, its push limits), whose binding message names the recipient domains and whose details
 * carry every address; asking again for the same receipt and recipients resumes it, never a second push. Once
 * approved the mail goes out with the approval's own token, even if the assistant stopped waiting. Waiting is the
 * caller's business: the changesets' watch ({@link ChangesetWatch}) reports these requests too.
 */
@ApplicationScoped
public class ReceiptResends {

    private static final Logger LOG = Logger.getLogger(ReceiptResends.class);

    private final ReceiptAccess access;
    private final ReceiptLog receipts;
    private final ReceiptEmailComposer composer;
    private final Policy policy;
    private final Approvals approvals;
    private final ApprovalTokens approvalTokens;
    private final ReceiptDelivery delivery;
    private final ResendStore store;
    private final ChangesetWatch watch;
    private final PipelineConfig config;

    ReceiptResends(ReceiptAccess access, ReceiptLog receipts, ReceiptEmailComposer composer, Policy policy,
            Approvals approvals, ApprovalTokens approvalTokens, ReceiptDelivery delivery, ResendStore store,
            ChangesetWatch watch, PipelineConfig config) {
        this.access = access;
        this.receipts = receipts;
        this.composer = composer;
        this.policy = policy;
        this.approvals = approvals;
        this.approvalTokens = approvalTokens;
        this.delivery = delivery;
        this.store = store;
        this.watch = watch;
        this.config = config;
    }

    /**
     * Mails the receipt at once (T1), or asks the person's approval for it (T2) and answers where that stands.
     *
     * @throws UserActionable for a receipt the caller may not read, a recipient that is not plain, or when the
     * person already has as many email approvals as the bounds allow
     */
    public Resend send(Caller caller, String receiptId, List<String> to) {
        return checked(() -> start(caller, receiptId, to));
    }

    private Resend start(Caller caller, String receiptId, List<String> to) {
        StoredReceipt receipt = access.read(caller, receiptId.strip()).orElseThrow(() ->               // 1 audit
                UserActionable.notFound("no receipt '" + Printable.echo(receiptId) + "' that you may read"));
        List<String> recipients = recipients(caller, to);                                    // 2 plain addresses
        PolicyDecision decision = policy.evaluate(request(caller, recipients));              // 3 policy
        if (decision.maxTier().compareTo(Tier.T2) < 0) {
            ReceiptDelivery.Status status = delivery.sendNow(receipt, Delegation.of(caller), recipients); // 8 notify
            return Resend.mailedAtOnce(receipt, recipients, decision, status);
        }
        String hash = ApprovalDetails.mailHash(receipt.receipt().receiptId(), recipients);
        Optional<ResendStore.Row> open = store.open(caller.subject(), hash);
        return open.isPresent() ? resume(caller, open.get())                                 // no second push
                : ask(caller, receipt, recipients, decision, hash);                          // 4 approval
    }

    /** Where the caller's request {@code requestId} stands now (after a wait). */
    public Resend get(Caller caller, String requestId) {
        return checked(() -> resume(caller, store.find(requestId).filter(r -> r.requestedBy().equals(caller.subject()))
                .orElseThrow(() -> UserActionable.notFound("no mail request '" + Printable.echo(requestId)
                        + "' of yours"))));
    }

    /** A refusal the caller can act on (a recipient that is not plain, a bound reached) as the one type for it. */
    private static <T> T checked(Supplier<T> step) {
        try {
            return UserActionable.translated(step);
        } catch (IllegalArgumentException e) {
            throw UserActionable.badInput(e.getMessage());
        }
    }

    /** The poller decided a mail approval: approved mail goes out now, with the approval's own token if held here. */
    void onApproval(@Observes ApprovalOutcome outcome) {
        if (!outcome.isFor(Purpose.RECEIPT_MAIL)) {
            return;
        }
        Optional<ResendStore.Row> found = store.find(outcome.changesetId());
        if (found.isEmpty() || found.get().state() != ResendState.AWAITING_APPROVAL) {
            approvalTokens.take(outcome.changesetId()); // decided already: the token is not needed
            return;
        }
        ResendStore.Row row = found.get();
        switch (outcome.result()) {
            case DENIED -> end(row, ResendState.DENIED, null, "denied on the phone: nothing was sent");
            case EXPIRED -> end(row, ResendState.EXPIRED, null, "not approved in time: nothing was sent");
            case REFUSED -> end(row, ResendState.FAILED, null, outcome.detail());
            case APPROVED -> moved(row, ResendState.APPROVED, null, null).ifPresent(approved -> approvalTokens
                    .take(row.id()).ifPresent(token -> Infrastructure.getDefaultWorkerPool().execute(() -> mail(
                            approved, new Delegation(row.requestedBy(), token, Optional.empty())))));
        }
    }

    private List<String> recipients(Caller caller, List<String> to) {
        if (to == null || to.isEmpty()) {
            return List.of(caller.email().orElseThrow(() -> UserActionable.badInput(
                    "your token carries no email address: name the recipient in 'to'")));
        }
        return composer.checkRecipients(to);
    }

    private static PolicyRequest request(Caller caller, List<String> recipients) {
        Optional<String> own = caller.email().map(e -> e.toLowerCase(Locale.ROOT));
        List<OperationFacts> facts = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            facts.add(OperationFacts.notification(i, recipients.get(i),
                    own.isPresent() && own.get().equals(recipients.get(i).toLowerCase(Locale.ROOT))));
        }
        return PolicyRequest.of(facts, caller.email(), Optional.empty());
    }

    private Resend ask(Caller caller, StoredReceipt receipt, List<String> recipients, PolicyDecision decision,
            String hash) {
        String id = ResendStore.newId();
        String code = receipt.receipt().changesetCode();
        BindingMessage message = BindingMessage.forMail(code, recipients.stream().map(Recipients::domainOf).toList());
        ApprovalDetails details = ApprovalDetails.forMail(id, code, receipt.receipt().receiptId(), message,
                recipients);
        Optional<ResendStore.Row> stored = store.insertOpen(new ResendStore.Row(id, receipt.receipt().receiptId(),
                caller.subject(), recipients, hash, ResendState.AWAITING_APPROVAL, decision.maxTier().name(),
                Resend.rules(decision), message.text(), Instant.now().plus(approvals.deadline()), null, null,
                Instant.now()));
        if (stored.isEmpty()) { // another call opened the same request a moment ago: resume that one
            return resume(caller, store.open(caller.subject(), hash).orElseThrow(() -> new IllegalStateException(
                    "the mail request for these recipients was opened and ended at once: ask again")));
        }
        try {
            approvals.startSingle(new Approvals.Single(Purpose.RECEIPT_MAIL, id, caller.subject(), message, details));
        } catch (PushLimitReached e) {
            store.delete(id); // nobody was asked: nothing stays
            throw e;
        } catch (CibaRequestFailed | RuntimeException e) {
            LOG.warnf("mail request %s: the approval could not be asked for: %s", id, e.toString());
            return view(end(stored.get(), ResendState.FAILED, null, "nothing was sent: the approval request could"
                    + " not be sent (" + e.getMessage() + ")"));
        }
        return view(stored.get());
    }

    /**
     * An open request asked again: an approved one whose approval token is not held here (another replica decided
     * it, or this process restarted) is mailed now with the caller's own token while the approval is recent; one
     * left SENDING by a stopped process is ended, so that asking again starts anew.
     */
    private Resend resume(Caller caller, ResendStore.Row row) {
        Instant now = Instant.now();
        if (row.state() == ResendState.APPROVED && !approvalTokens.holds(row.id())
                && row.updatedAt().plus(config.approvalValidity()).isAfter(now)) {
            return view(mail(row, Delegation.of(caller)));
        }
        if (row.state() == ResendState.SENDING && row.updatedAt().plus(config.executionLease()).isBefore(now)) {
            return view(end(row, ResendState.FAILED, null, "the process sending it stopped: look for the mail in"
                    + " the recipients' inboxes before asking again"));
        }
        return view(row);
    }

    /** Steps 7 and 8 for an approved request: the approval must cover exactly this receipt and these recipients. */
    private ResendStore.Row mail(ResendStore.Row approved, Delegation authority) {
        Optional<ResendStore.Row> claimed = moved(approved, ResendState.SENDING, null, null);
        if (claimed.isEmpty()) {
            return store.find(approved.id()).orElse(approved); // another call is sending it
        }
        ResendStore.Row sending = claimed.get();
        try {
            if (!approvals.approvedFor(sending.id(), sending.recipientsHash(), false)) {
                return end(sending, ResendState.FAILED, null, "the approval does not cover this receipt and these"
                        + " recipients: nothing was sent");
            }
            StoredReceipt receipt = receipts.find(sending.receiptId()).orElseThrow(() -> new IllegalStateException(
                    "receipt " + sending.receiptId() + " is gone"));
            ReceiptDelivery.Status status = delivery.sendNow(receipt, authority, sending.recipients()); // 8 notify
            return end(sending, ResendState.MAILED, status.deliveryId(), status.detail());
        } catch (RuntimeException e) {
            LOG.errorf("mail request %s failed while sending: %s", sending.id(), e.toString());
            return end(sending, ResendState.FAILED, null, "nothing was sent: " + e.getMessage());
        }
    }

    /** Moves a request (compare-and-set) and wakes its waiters; empty when another call moved it first. */
    private Optional<ResendStore.Row> moved(ResendStore.Row row, ResendState to, String deliveryId, String detail) {
        Optional<ResendStore.Row> moved = store.move(row.id(), row.state(), to, deliveryId, detail);
        moved.ifPresent(m -> watch.changed(m.id(), m.state().watched()));
        return moved;
    }

    /** Moves a request to an end, or answers where another call already moved it. */
    private ResendStore.Row end(ResendStore.Row row, ResendState to, String deliveryId, String detail) {
        return moved(row, to, deliveryId, detail).orElseGet(() -> store.find(row.id()).orElse(row));
    }

    private Resend view(ResendStore.Row row) {
        return Resend.of(row, row.deliveryId() == null ? null : delivery.status(row.receiptId(), row.deliveryId()),
                receipts.find(row.receiptId()).map(r -> r.receipt().changesetCode()).orElse("?"));
    }
}
