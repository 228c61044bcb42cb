package dev.changeset.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.changeset.approval.ApprovalRequest;
import dev.changeset.audit.Outcome;
import dev.changeset.audit.Receipt;
import dev.changeset.audit.ReceiptDraft;
import dev.changeset.text.AssistantNote;
import dev.changeset.vault.GoogleRole;

/**
 * Builds a changeset's receipt: its operations with before and after values, tiers, rules and escalations; the
 * approval (the auth_req_id only as a hash, never in clear); the delegation chain per role (Google scopes held,
 * Token Vault exchange, where the subject token came from, calls and durations); the verification.
 */
final class ReceiptDrafts {

    private ReceiptDrafts() {
    }

    /**
     * The receipt of {@code c}, from what the changeset, its approval requests and the execution's trail recorded:
     * no Token Vault call (the exchanges named are the ones the trail saw used).
     */
    static ReceiptDraft of(Changeset c, Outcome outcome, List<ApprovalRequest> requests, Trail trail,
            List<WriteGuard.Mismatch> mismatches, String detail) {
        ReceiptDraft.Builder draft = ReceiptDraft.builder(c.id(), c.code(), outcome, c.subject(), c.createdAt())
                .client(c.clientId()).reverts(c.revertsReceiptId());
        requests.stream().map(ApprovalRequest::decidedAt).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .ifPresent(draft::decidedAt);
        if (trail.authority() != null) {
            draft.executedAt(Instant.now());
        }
        for (PlannedOperation op : c.operations()) {
            draft.operation(new Receipt.Operation(op.sku(), op.cells().stream()
                    .map(cell -> new Receipt.FieldChange(cell.field(), SheetValues.shown(cell.before()),
                            SheetValues.shown(cell.after()))).toList(),
                    op.tier().name(), op.rulesFired(), op.reason(), op.escalations(), op.verified()));
        }
        approval(requests).ifPresent(draft::approval);
        // the preview's exchange: its scopes are known when the execution's Reader used the same one again
        Optional<Trail.Exchange> previewExchange = trail.lastExchange(GoogleRole.READER)
                .filter(e -> e.tokenExchangeId().equals(c.previewExchangeId()));
        draft.delegation(new Receipt.Delegation(Receipt.Role.READER, scopes(previewExchange, GoogleRole.READER),
                c.previewExchangeId(), Authority.CALLER, null, List.of(new Receipt.ApiCall("values.get (preview)", 1,
                        null))));
        if (trail.authority() != null) {
            delegation(draft, trail, GoogleRole.WRITER, Receipt.Role.WRITER);
            delegation(draft, trail, GoogleRole.READER, Receipt.Role.READER);
        }
        if (outcome == Outcome.SEALED || !mismatches.isEmpty()) {
            draft.verification(new Receipt.Verification(mismatches.isEmpty(), mismatches.stream()
                    .map(m -> new Receipt.Mismatch(m.sku(), m.field(), m.expected(), m.actual())).toList()));
        }
        if (detail != null) {
            draft.note(detail);
        }
        if (c.note() != null) { // last, quoted and labelled: the assistant's words, never the server's
            draft.note(AssistantNote.labelled(c.note()));
        }
        return draft.build();
    }

    private static Optional<Receipt.Approval> approval(List<ApprovalRequest> requests) {
        Optional<ApprovalRequest> requester = requests.stream()
                .filter(r -> r.role() == ApprovalRequest.Role.REQUESTER).findFirst();
        return requester.map(r -> {
            Instant decided = requests.stream().map(ApprovalRequest::decidedAt).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            Long duration = decided == null ? null : decided.toEpochMilli() - r.createdAt().toEpochMilli();
            // APPROVED only when the requester approved (a cancelled changeset's abandoned requests are no approval)
            String outcome = requests.stream().anyMatch(q -> q.status() == ApprovalRequest.Status.DENIED) ? "DENIED"
                    : r.status() == ApprovalRequest.Status.APPROVED && requests.stream().allMatch(q ->
                            q.status() == ApprovalRequest.Status.APPROVED
                                    || q.status() == ApprovalRequest.Status.ABANDONED) ? "APPROVED"
                            : r.status().name();
            return new Receipt.Approval(r.authReqIdHash(), outcome, requests.stream()
                    .map(q -> new Receipt.Approver(q.approver(), q.role() + ":" + q.status())).toList(),
                    r.createdAt(), decided, duration);
        });
    }

    private static void delegation(ReceiptDraft.Builder draft, Trail trail, GoogleRole role, Receipt.Role as) {
        Map<String, long[]> calls = new LinkedHashMap<>();
        for (Trail.Call call : trail.calls()) {
            if (call.role() == role) {
                long[] countAndMillis = calls.computeIfAbsent(call.method() + (call.ok() ? "" : " (failed)"),
                        k -> new long[2]);
                countAndMillis[0]++;
                countAndMillis[1] += call.millis();
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        List<Receipt.ApiCall> made = new ArrayList<>();
        calls.forEach((method, n) -> made.add(new Receipt.ApiCall(method, (int) n[0], n[1])));
        Optional<Trail.Exchange> exchange = trail.lastExchange(role);
        draft.delegation(new Receipt.Delegation(as, scopes(exchange, role),
                exchange.map(Trail.Exchange::tokenExchangeId).orElse(null), trail.authority().source(), null, made));
    }

    /** The scopes the exchange's token held; not seen by this execution: the scope the role was checked for. */
    private static List<String> scopes(Optional<Trail.Exchange> exchange, GoogleRole role) {
        return exchange.map(e -> e.grantedScopes().stream().sorted().toList()).orElse(List.of(role.scope()));
    }
}
