-- Requests to mail a receipt again to addresses other than the caller's own (email_receipt, tier T2): each needs one
-- tap on the person's phone first (its approval_request rows carry this table's id as changeset_id, purpose
-- RECEIPT_MAIL), then the Notifier sends it and receipt_delivery records Gmail's answer. Runs on H2 and PostgreSQL.
--
-- open_key is "<requested_by>|<recipients_hash>" while the request is open (AWAITING_APPROVAL, APPROVED, SENDING)
-- and NULL once it ended: the unique index makes one open request per person, receipt and recipient set, so asking
-- again resumes it instead of pushing again, on any replica. recipients_hash is the hash the approval binds
-- (ApprovalDetails.mailHash: the receipt id and the recipient set).
CREATE TABLE receipt_resend (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    receipt_id        VARCHAR(64)   NOT NULL REFERENCES receipt (receipt_id),
    requested_by      VARCHAR(255)  NOT NULL,
    recipients        VARCHAR(2600) NOT NULL,   -- comma-separated, as they are sent to (domains in ASCII)
    recipients_hash   VARCHAR(80)   NOT NULL,
    open_key          VARCHAR(400),
    state             VARCHAR(24)   NOT NULL,
    tier              VARCHAR(4)    NOT NULL,
    rules_fired       VARCHAR(400)  NOT NULL,
    binding_message   VARCHAR(64)   NOT NULL,   -- what the phone showed
    approval_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    delivery_id       VARCHAR(64),              -- receipt_delivery.id once sent
    detail            VARCHAR(600),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT receipt_resend_state_check CHECK (state IN ('AWAITING_APPROVAL', 'APPROVED', 'SENDING', 'MAILED',
        'DENIED', 'EXPIRED', 'FAILED'))
);
CREATE UNIQUE INDEX receipt_resend_open ON receipt_resend (open_key);
CREATE INDEX receipt_resend_requester ON receipt_resend (requested_by, created_at);
