package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;

/**
 * One CIBA request as stored: whom it asks, in which role, where it stands, and when it is next polled. The
 * auth_req_id itself is not here (only its hash): the store hands it out sealed-then-opened to the poller alone.
 */
public record ApprovalRequest(String id, String changesetId, String approver, Role role, Status status,
        String authReqIdHash, String operationsHash, Duration interval, Instant nextPollAt, Instant expiresAt,
        Instant deadline, int pollCount, Instant createdAt, Instant decidedAt, String detail) {

    /** Whose approval this request asks for. */
    public enum Role {
        /** The user whose authority the changeset uses. */
        REQUESTER,
        /** The second pair of eyes a T3 changeset needs. */
        SECOND_APPROVER
    }

    public enum Status {
        PENDING, APPROVED, DENIED, EXPIRED, INVALID,
        /** Approved, but for other operations than were asked for (the echoed operations hash differs). */
        REFUSED,
        /** No longer needed: the changeset was decided or cancelled otherwise. */
        ABANDONED;

        public boolean isDecided() {
            return this != PENDING;
        }
    }
}
