package dev.changeset.approval;

import java.util.List;

/**
 * A changeset's approval was decided (fired as a CDI event by the poller): approved by everyone it needed, denied by
 * anyone, expired, or refused (an approval came back for other operations than the changeset's: it covers nothing).
 * It carries no operations hash: what was approved is checked at write time against the stored approval rows
 * ({@code Approvals.approvedFor}), never against a value passed along with the event.
 */
public record ApprovalOutcome(String changesetId, Result result, String detail, List<ApprovalRequest> requests) {

    public enum Result {
        APPROVED, DENIED, EXPIRED, REFUSED
    }

    /** True when the decided requests asked for {@code purpose}: each flow takes only its own outcomes. */
    public boolean isFor(ApprovalRequest.Purpose purpose) {
        return !requests.isEmpty() && requests.stream().allMatch(r -> r.purpose() == purpose);
    }
}
