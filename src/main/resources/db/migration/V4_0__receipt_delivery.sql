-- Delivery status of receipt emails (package dev.changeset.notify), kept beside the receipts: a receipt never
-- changes, whatever happens to its email. Runs unchanged on H2 and PostgreSQL.
--
-- One row per send request (the email after sealing, or email_receipt to someone else). States:
--   PENDING    not sent yet; tried again at next_attempt_at while attempts < max_attempts
--   SENT       Gmail accepted it (gmail_message_id)
--   FAILED     nothing was sent and no attempt is left, or Gmail refused it (4xx: no scope, bad recipient)
--   AMBIGUOUS  the answer was lost after sending (timeout, broken connection): maybe sent, so never re-sent on its
--              own; a person decides (email_receipt sends it again on request)
-- Whoever retries claims due rows with SELECT ... FOR UPDATE SKIP LOCKED, so replicas never send one twice.
CREATE TABLE receipt_delivery (
    id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    receipt_id        VARCHAR(64)   NOT NULL REFERENCES receipt (receipt_id),
    requested_by      VARCHAR(255)  NOT NULL,   -- Auth0 subject on whose behalf (and Google account) it is sent
    recipients        VARCHAR(2000) NOT NULL,   -- comma-separated plain addresses, from the token or the caller
    state             VARCHAR(16)   NOT NULL,
    attempts          INT           NOT NULL DEFAULT 0,
    max_attempts      INT           NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE,  -- for PENDING rows: not before this
    chain_head_hash   CHAR(64),                  -- the chain head printed in the last email attempted
    gmail_message_id  VARCHAR(64),               -- Gmail's id, once SENT
    last_error        VARCHAR(1000),             -- Gmail's status and reason in words; never a token
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT receipt_delivery_state_check CHECK (state IN ('PENDING', 'SENT', 'FAILED', 'AMBIGUOUS')),
    CONSTRAINT receipt_delivery_attempts_check CHECK (attempts >= 0 AND attempts <= max_attempts)
);

CREATE INDEX receipt_delivery_due_idx ON receipt_delivery (state, next_attempt_at);
CREATE INDEX receipt_delivery_receipt_idx ON receipt_delivery (receipt_id);
