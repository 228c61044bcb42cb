package dev.changeset.mcp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.changeset.approval.ApprovalRequest;
import dev.changeset.pipeline.CellChange;
import dev.changeset.pipeline.Changeset;
import dev.changeset.pipeline.ChangesetState;
import dev.changeset.pipeline.PlannedOperation;
import dev.changeset.pipeline.Reverts;
import dev.changeset.text.AssistantNote;

/**
 * A changeset as tools show it: code, state, each operation with its cells before and after, tier, rules fired and
 * why, the approvals asked for (never an auth_req_id), deadlines, the receipt, what it reverts and what reverted it,
 * and what to do next; the assistant's note, if any, as {@code assistantNote} and, in the text, quoted and labelled
 * after everything the server says.
 *
 * @param reverts for a revert: the changeset whose receipt it sets back (absent otherwise)
 * @param revertedBy the reverts of this changeset's receipt, oldest first, whatever became of them
 */
public record ChangesetView(String changesetId, String code, String state, String maxTier, String approval,
        String approvalMeaning, List<OperationView> operations, List<ApproverView> approvals,
        Instant previewExpiresAt, Instant approvalDeadline, String receiptId, String detail, String assistantNote,
        Reverts.Link reverts, List<Reverts.Link> revertedBy, String next) {

    public record OperationView(int index, String op, String sku, String name, List<CellView> changes,
            BigDecimal changePercent, String tier, List<String> rulesFired, String reason, List<String> escalations,
            Boolean verified) {
    }

    public record CellView(String field, String cell, Object before, Object after) {
    }

    /**
     * One approval asked for; {@code channel} says how the person answered when Auth0's token said:
     * {@code guardian-push} (the push to their phone) or {@code email} (the link in Auth0's CIBA email).
     */
    public record ApproverView(String approver, String role, String status, Instant askedAt, Instant decidedAt,
            String channel) {
    }

    static ChangesetView of(Changeset c, List<ApprovalRequest> requests, Reverts.Links links) {
        return new ChangesetView(c.id(), c.code(), c.state().name(), c.maxTier().name(), c.approval().name(),
                c.maxTier().label(), c.operations().stream().map(ChangesetView::operation).toList(),
                requests.stream().map(r -> new ApproverView(r.approver(), r.role().name(), r.status().name(),
                        r.createdAt(), r.decidedAt(), r.channel())).toList(),
                c.previewExpiresAt(), c.approvalDeadline(), c.receiptId(), c.detail(), c.note(),
                links.reverts().orElse(null), links.revertedBy(), next(c));
    }

    private static OperationView operation(PlannedOperation op) {
        return new OperationView(op.index(), op.op(), op.sku(), op.productName(),
                op.cells().stream().map(ChangesetView::cell).toList(), op.changePercent(), op.tier().name(),
                op.rulesFired(), op.reason(), op.escalations(), op.verified());
    }

    private static CellView cell(CellChange c) {
        return new CellView(c.field(), c.cell(), c.before(), c.after());
    }

    /** The one thing the assistant should do or tell the user now. */
    static String next(Changeset c) {
        return switch (c.state()) {
            case PREVIEWED -> "Show the user this preview and its code " + c.code() + "; if they agree, call"
                    + " apply_changeset with changesetId " + c.id() + ".";
            case AWAITING_APPROVAL -> "Tell the user to approve the request that names " + c.code() + " in Auth0"
                    + " Guardian on their phone (without Guardian push, by the link in Auth0's approval email)"
                    + (c.approval().name().equals("FOUR_EYES")
                            ? "; a second approver must approve it too" : "")
                    + ". Before " + c.approvalDeadline() + ". Then call apply_changeset again (it sends no second"
                    + " push) or get_changeset to follow it.";
            case APPROVED, EXECUTING -> "It is being applied; call get_changeset in a few seconds.";
            case VERIFIED -> "It was written and read back as written; its receipt is not stored yet, so it is not"
                    + " done: call get_changeset in a few seconds (nothing is written again).";
            case SEALED -> "Done and verified; the receipt is " + c.receiptId() + " (get_receipt). To put it back,"
                    + " revert_changeset with that receipt.";
            case STALE -> "The sheet changed since the preview; nothing was written. Read the catalog and preview"
                    + " again.";
            case DENIED -> "The approval was denied; nothing was written.";
            case EXPIRED -> "It expired before approval; nothing was written. Preview again if still wanted.";
            case CANCELLED -> "It was cancelled; nothing was written.";
            case FAILED -> "It failed: " + c.detail() + " See the receipt " + c.receiptId() + ".";
        };
    }

    /** A short text for people and clients that do not read structured content. */
    String summary() {
        StringBuilder text = new StringBuilder(code).append(": ").append(state).append(", ")
                .append(operations.size()).append(operations.size() == 1 ? " change" : " changes")
                .append(", max ").append(maxTier).append(" (").append(approvalMeaning).append(").");
        for (OperationView op : operations.subList(0, Math.min(operations.size(), 30))) {
            text.append("\n- ").append(op.sku()).append(' ').append(op.op()).append(": ");
            op.changes().forEach(c -> text.append(c.field()).append(' ').append(c.before()).append(" -> ")
                    .append(c.after()).append("; "));
            text.append(op.tier()).append(" (").append(String.join(", ", op.rulesFired())).append(")");
        }
        if (operations.size() > 30) {
            text.append("\n- and ").append(operations.size() - 30).append(" more");
        }
        if (detail != null) {
            text.append("\n").append(detail);
        }
        approvals.stream().filter(a -> "APPROVED".equals(a.status())).forEach(a -> text.append("\nApproved by ")
                .append(a.approver()).append(a.channel() == null ? "" : ApprovalRequest.EMAIL.equals(a.channel())
                        ? " by email (the link in Auth0's approval email)" : " by Guardian push").append("."));
        if (reverts != null) {
            text.append("\nReverts ").append(reverts.code()).append(" (receipt ").append(reverts.receiptId())
                    .append(").");
        }
        revertedBy.forEach(r -> text.append("\nRevert ").append(r.code()).append(": ").append(r.state())
                .append(r.receiptId() == null ? "" : ", receipt " + r.receiptId()).append("."));
        text.append("\nNext: ").append(next);
        if (assistantNote != null) { // last, quoted and labelled: the assistant's words, never the server's
            text.append("\n").append(AssistantNote.labelled(assistantNote));
        }
        return text.toString();
    }

    boolean settled() {
        return ChangesetState.valueOf(state).isTerminal();
    }
}
