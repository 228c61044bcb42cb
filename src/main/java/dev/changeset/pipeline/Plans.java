package dev.changeset.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.changeset.approval.ApprovalDetails;
import dev.changeset.approval.ApprovalItem;
import dev.changeset.policy.OperationDecision;
import dev.changeset.policy.PolicyDecision;
import dev.changeset.policy.Tier;

/**
 * Turns resolved operations and the policy's decisions into the stored plan, and the plan into what an approver
 * sees and what its hash binds: exactly the SKUs, fields, before and after values and tiers.
 */
final class Plans {

    private Plans() {
    }

    static List<PlannedOperation> of(List<OperationPlanner.Resolved> resolved, PolicyDecision decision) {
        List<PlannedOperation> planned = new ArrayList<>(resolved.size());
        for (int i = 0; i < resolved.size(); i++) {
            OperationPlanner.Resolved r = resolved.get(i);
            OperationDecision d = decisionFor(decision, i);
            planned.add(new PlannedOperation(i, r.operation().name(), r.product().sku(), r.product().name(),
                    r.product().row(), r.product().cells().get("sku"), r.cells(), r.changePercent(), d.tier(),
                    d.rulesFired(), d.reason(), d.escalations(), null));
        }
        return planned;
    }

    /** What the approver is shown, one item per written cell, in order. */
    static List<ApprovalItem> approvalItems(List<PlannedOperation> planned) {
        List<ApprovalItem> items = new ArrayList<>();
        for (PlannedOperation op : planned) {
            for (CellChange cell : op.cells()) {
                items.add(new ApprovalItem(op.sku(), cell.field(), SheetValues.inMessage(cell.before()),
                        SheetValues.inMessage(cell.after()), op.tier().name()));
            }
        }
        return items;
    }

    /** SHA-256 over the RFC 8785 form of the approval items: the same hash the approval request carries. */
    static String operationsHash(List<PlannedOperation> planned) {
        return ApprovalDetails.operationsHash(approvalItems(planned));
    }

    static String t3Reasons(List<OperationPlanner.Resolved> resolved, PolicyDecision decision) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            OperationDecision d = decisionFor(decision, i);
            if (d.tier() == Tier.T3) {
                reasons.add(resolved.get(i).product().sku() + ": " + d.reason());
            }
        }
        return reasons.stream().limit(3).collect(Collectors.joining("; "));
    }

    private static OperationDecision decisionFor(PolicyDecision decision, int index) {
        return decision.operations().stream().filter(d -> d.index() == index).findFirst()
                .orElseThrow(() -> new dev.changeset.policy.PolicyUnavailableException(
                        "the policy gave no decision for operation " + (index + 1)));
    }
}
