package dev.changeset.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.changeset.approval.BindingMessage;
import dev.changeset.approval.CibaClient;
import dev.changeset.approval.CibaRequestFailed;
import dev.changeset.approval.PollOutcome;
import dev.changeset.audit.ReceiptAccess;
import dev.changeset.audit.StoredReceipt;
import dev.changeset.identity.Caller;
import dev.changeset.policy.OperationFacts;
import dev.changeset.policy.Policy;
import dev.changeset.policy.PolicyDecision;
import dev.changeset.policy.PolicyRequest;
import dev.changeset.policy.Tier;
import dev.changeset.vault.Delegation;

/**
 * {@code email_receipt}: sends a receipt again, to the caller or elsewhere. Recipients come from the caller's token
 * or the caller's explicit argument, never from sheet contents. The policy's recipient rule decides: the caller's
 * own address is T1 and goes at once; any other address is T2 and needs one tap on the caller's phone first (an
 * email is not a changeset: this approval is polled within the call, bounded by its wait, and a request not
 * approved in time sends nothing).
 */
@ApplicationScoped
public class EmailReceipt {

    /** What was done: the decision and the delivery, or why nothing was sent. */
    public record Result(String receiptId, List<String> to, String tier, List<String> rulesFired, boolean sent,
            ReceiptDelivery.Status delivery, String detail) {
    }

    private final ReceiptAccess access;
    private final Policy policy;
    private final CibaClient ciba;
    private final ReceiptDelivery delivery;
    private final ReceiptEmailComposer composer;

    EmailReceipt(ReceiptAccess access, Policy policy, CibaClient ciba, ReceiptDelivery delivery,
            ReceiptEmailComposer composer) {
        this.access = access;
        this.policy = policy;
        this.ciba = ciba;
        this.delivery = delivery;
        this.composer = composer;
    }

    public Result send(Caller caller, String receiptId, List<String> to, Duration wait) {
        StoredReceipt receipt = access.read(caller, receiptId.trim())
                .orElseThrow(() -> new IllegalArgumentException("no receipt '" + receiptId + "' that you may read"));
        List<String> recipients = recipients(caller, to);
        Optional<String> own = caller.email().map(e -> e.toLowerCase(Locale.ROOT));
        List<OperationFacts> facts = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            facts.add(OperationFacts.notification(i, recipients.get(i),
                    own.isPresent() && own.get().equals(recipients.get(i).toLowerCase(Locale.ROOT))));
        }
        PolicyDecision decision = policy.evaluate(PolicyRequest.of(facts, caller.email(), Optional.empty()));
        List<String> rules = decision.operations().stream().flatMap(d -> d.rulesFired().stream()).distinct().toList();
        if (decision.maxTier().ordinal() >= Tier.T2.ordinal()) {
            Optional<String> refused = approve(caller, receipt, recipients.size(), wait);
            if (refused.isPresent()) {
                return new Result(receipt.receipt().receiptId(), recipients, decision.maxTier().name(), rules, false,
                        null, refused.get());
            }
        }
        ReceiptDelivery.Status status = delivery.sendNow(receipt, Delegation.of(caller), recipients);
        return new Result(receipt.receipt().receiptId(), recipients, decision.maxTier().name(), rules,
                "SENT".equals(status.state()), status, status.detail());
    }

    /** Checked before the policy runs: a malformed address must not cost the user a push on their phone. */
    private List<String> recipients(Caller caller, List<String> to) {
        if (to == null || to.isEmpty()) {
            return List.of(caller.email().orElseThrow(() -> new IllegalArgumentException(
                    "your token carries no email address: name the recipient in 'to'")));
        }
        return composer.checkRecipients(to.stream().map(s -> s == null ? null : s.trim()).distinct().toList());
    }

    /** One CIBA request to the caller, polled here until approved, refused or {@code wait} is over. */
    private Optional<String> approve(Caller caller, StoredReceipt receipt, int recipients, Duration wait) {
        BindingMessage message = BindingMessage.of("Mail receipt " + receipt.receipt().changesetCode() + " to "
                + recipients + (recipients == 1 ? " other address" : " other addresses"));
        CibaClient.Started started;
        try {
            started = ciba.start(new CibaClient.Request(caller.subject(), message, Optional.empty(), Optional.empty()));
        } catch (CibaRequestFailed e) {
            return Optional.of("nothing was sent: the approval request could not be sent (" + e.getMessage() + ")");
        }
        Instant end = Instant.now().plus(wait);
        Duration interval = started.interval();
        while (Instant.now().plus(interval).isBefore(end)) {
            sleep(interval);
            PollOutcome outcome = ciba.poll(started.authReqId());
            if (outcome instanceof PollOutcome.Approved) {
                return Optional.empty();
            }
            if (outcome instanceof PollOutcome.SlowDown s) {
                interval = s.nextInterval(interval);
            } else if (!(outcome instanceof PollOutcome.Pending || outcome instanceof PollOutcome.Unavailable)) {
                return Optional.of("nothing was sent: the approval was not given (" + outcome.getClass()
                        .getSimpleName().toLowerCase(Locale.ROOT) + ")");
            }
        }
        return Optional.of("nothing was sent: no approval within " + wait.toSeconds() + " s; call again to ask anew");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for approval", e);
        }
    }
}
