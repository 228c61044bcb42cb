package dev.changeset.approval;

import java.util.List;
import java.util.stream.Collectors;

import dev.changeset.approval.ApprovalOutcome.Result;
import dev.changeset.approval.ApprovalRequest.Role;
import dev.changeset.approval.ApprovalRequest.Status;

/**
 * When the requests of a changeset add up to a decision. An approval for other operations refuses it; anyone
 * denying ends it; the requester's request expiring ends it; approved needs the requester and, if second approvers
 * were asked, one of them.
 */
final class ApprovalRule {

    private ApprovalRule() {
    }

    /** The outcome, or null while it is still open. */
    static Result outcome(List<ApprovalRequest> requests) {
        List<ApprovalRequest> seconds = requests.stream().filter(r -> r.role() == Role.SECOND_APPROVER).toList();
        ApprovalRequest requester = requests.stream().filter(r -> r.role() == Role.REQUESTER).findFirst()
                .orElseThrow(() -> new IllegalStateException("an approval without a requester request"));
        if (requests.stream().anyMatch(r -> r.status() == Status.REFUSED)) {
            return Result.REFUSED;
        }
        if (requests.stream().anyMatch(r -> r.status() == Status.DENIED)) {
            return Result.DENIED;
        }
        if (requester.status() == Status.EXPIRED || requester.status() == Status.INVALID) {
            return Result.EXPIRED;
        }
        boolean secondApproved = seconds.stream().anyMatch(r -> r.status() == Status.APPROVED);
        if (!seconds.isEmpty() && !secondApproved && seconds.stream().allMatch(r -> r.status().isDecided())) {
            return Result.EXPIRED;
        }
        if (requester.status() == Status.APPROVED && (seconds.isEmpty() || secondApproved)) {
            return Result.APPROVED;
        }
        return null;
    }

    static String describe(Result result, List<ApprovalRequest> requests) {
        return switch (result) {
            case APPROVED -> "approved by " + requests.stream().filter(r -> r.status() == Status.APPROVED)
                    .map(r -> r.approver() + r.byChannel()).collect(Collectors.joining(" and "));
            case DENIED -> "denied by " + requests.stream().filter(r -> r.status() == Status.DENIED)
                    .map(ApprovalRequest::approver).collect(Collectors.joining(" and "));
            case EXPIRED -> "no approval before the deadline" + requests.stream()
                    .filter(r -> r.status() == Status.EXPIRED || r.status() == Status.INVALID).findFirst()
                    .map(r -> " (" + r.detail() + ")").orElse("");
            case REFUSED -> requests.stream().filter(r -> r.status() == Status.REFUSED).map(ApprovalRequest::detail)
                    .collect(Collectors.joining("; ")) + ": nothing was written";
        };
    }
}
