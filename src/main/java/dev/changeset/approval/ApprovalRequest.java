package dev.changeset.approval;

import java.time.Duration;
import java.time.Instant;

/**
 * One CIBA request as stored: whom it asks, in which role, for what, where it stands, and when it is next polled. The
 * auth_req_id itself is not here (only its hash): the store hands it out sealed-then-opened to the poller alone.
 */
public record ApprovalRequest(String id, String changesetId, String approver, Role role, Status status,
        String authReqIdHash, String operationsHash, Duration interval, Instant nextPollAt, Instant expiresAt,
        Instant deadline, int pollCount, Instant createdAt, Instant decidedAt, String detail, Purpose purpose,
        String channel) {

    /** How a person answered, as Auth0's token said (see {@link #channel()}); stored as these names. */
    public static final String GUARDIAN_PUSH = "guardian-push";
    public static final String EMAIL = "email";

    /** The same request before anyone answered it (no channel known yet). */
    public ApprovalRequest(String id, String changesetId, String approver, Role role, Status status,
            String authReqIdHash, String operationsHash, Duration interval, Instant nextPollAt, Instant expiresAt,
            Instant deadline, int pollCount, Instant createdAt, Instant decidedAt, String detail, Purpose purpose) {
        this(id, changesetId, approver, role, status, authReqIdHash, operationsHash, interval, nextPollAt, expiresAt,
                deadline, pollCount, createdAt, decidedAt, detail, purpose, null);
    }

    /** "by Guardian push", "by email", or "" when Auth0 did not say. */
    public String byChannel() {
        if (GUARDIAN_PUSH.equals(channel)) {
            return " by Guardian push";
        }
        return EMAIL.equals(channel) ? " by email" : "";
    }

    /** What the person approves; {@code changesetId} is the id of that thing. */
    public enum Purpose {
        /** A changeset's operations (the id is the changeset's). */
        CHANGESET("changeset approvals"),
        /** Mailing a receipt to addresses other than the person's own (the id is the mail request's). */
        RECEIPT_MAIL("email approvals"),
        /** Turning the person's user-state signals off (the id is the switch request's). */
        SIGNALS_OFF("signals-off approvals");

        private final String plural;

        Purpose(String plural) {
            this.plural = plural;
        }

        /** "email approvals", for messages people read. */
        public String plural() {
            return plural;
        }
    }

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
