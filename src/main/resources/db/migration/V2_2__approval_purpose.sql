-- What an approval request asks the person to approve. Before this it was always a changeset; now also mailing a
-- receipt to other addresses (RECEIPT_MAIL) and turning the person's user-state signals off (SIGNALS_OFF).
-- changeset_id holds the id of what is approved: the changeset's, the receipt mail request's or the switch request's.
-- Runs unchanged on H2 and PostgreSQL.
ALTER TABLE approval_request ADD COLUMN purpose VARCHAR(16) DEFAULT 'CHANGESET' NOT NULL;
-- The per-user bound on pushes counts a person's requests by purpose: pending ones and those of the last window.
CREATE INDEX approval_request_approver ON approval_request (approver, purpose, created_at);
