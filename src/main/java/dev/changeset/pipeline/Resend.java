package dev.changeset.pipeline;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.changeset.audit.StoredReceipt;
import dev.changeset.notify.ReceiptDelivery;
import dev.changeset.policy.PolicyDecision;

/**
 * What {@code email_receipt} answers: the request (absent for a mail to the caller's own address, which needs no
 * approval), the policy's decision, where it stands, what the phone shows, and the delivery once mailed.
 *
 * @param requestId the mail request's id while it needs an approval; null when it went at once
 * @param sent true when Gmail accepted the mail
 * @param bindingMessage what the person's phone shows for the approval, so the user can recognise it
 * @param delivery the delivery's status once mailed (Gmail's answer, attempts)
 * @param next what the assistant should do or tell the user now
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: clients check the output schema
public record Resend(String requestId, String receiptId, String code, List<String> to, String tier,
        List<String> rulesFired, ResendState state, boolean sent, String bindingMessage, Instant approvalDeadline,
        ReceiptDelivery.Status delivery, String detail, String next) {

    static Resend mailedAtOnce(StoredReceipt receipt, List<String> to, PolicyDecision decision,
            ReceiptDelivery.Status status) {
        return new Resend(null, receipt.receipt().receiptId(), receipt.receipt().changesetCode(), to,
                decision.maxTier().name(), rules(decision), ResendState.MAILED, "SENT".equals(status.state()), null,
                null, status, status.detail(), mailedNext(status));
    }

    static Resend of(ResendStore.Row row, ReceiptDelivery.Status status, String code) {
        String next = switch (row.state()) {
            case AWAITING_APPROVAL -> "Tell the user to approve the request \"" + row.bindingMessage() + "\" in Auth0"
                    + " Guardian on their phone before " + row.approvalDeadline() + ". Calling email_receipt again"
                    + " with the same receipt and recipients waits for it; it sends no second push.";
            case APPROVED, SENDING -> "Approved; it is being sent. Call email_receipt again with the same receipt"
                    + " and recipients in a few seconds to see.";
            case MAILED -> mailedNext(status);
            case DENIED -> "The user denied it on their phone; nothing was sent.";
            case EXPIRED -> "It was not approved in time; nothing was sent. Ask again only if the user wants it.";
            case FAILED -> "Nothing was sent: " + row.detail();
        };
        return new Resend(row.id(), row.receiptId(), code, row.recipients(), row.tier(), row.rulesFired(),
                row.state(), status != null && "SENT".equals(status.state()), row.bindingMessage(),
                row.approvalDeadline(), status, row.detail(), next);
    }

    static List<String> rules(PolicyDecision decision) {
        return decision.operations().stream().flatMap(d -> d.rulesFired().stream()).distinct().toList();
    }

    private static String mailedNext(ReceiptDelivery.Status status) {
        return switch (status.state()) {
            case "SENT" -> "Sent.";
            case "PENDING" -> "Gmail did not take it yet; it is tried again on its own.";
            case "AMBIGUOUS" -> "Gmail's answer was lost: it may have been sent. Check before asking again.";
            default -> "Gmail refused it: " + status.detail();
        };
    }
}
