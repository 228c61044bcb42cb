-- Changesets: one row each; the previewed operations are one JSON document (always read and written together).
-- No token, auth_req_id or user-state signal is ever stored here.
CREATE TABLE changeset (
    id                 VARCHAR(40)  NOT NULL PRIMARY KEY,
    code               VARCHAR(16)  NOT NULL,
    subject            VARCHAR(255) NOT NULL,
    client_id          VARCHAR(255),
    caller_email       VARCHAR(320),
    state              VARCHAR(24)  NOT NULL,
    note               VARCHAR(600),
    max_tier           VARCHAR(4)   NOT NULL,
    approval           VARCHAR(16)  NOT NULL,
    operations_hash    VARCHAR(80)  NOT NULL,
    preview_exchange_id VARCHAR(80),
    operations         TEXT         NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    preview_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    approval_deadline  TIMESTAMP WITH TIME ZONE,
    detail             TEXT,
    receipt_id         VARCHAR(40),
    version            INTEGER      NOT NULL
);
CREATE UNIQUE INDEX changeset_code ON changeset (code);
CREATE INDEX changeset_state ON changeset (state, updated_at);
CREATE INDEX changeset_subject ON changeset (subject, created_at);
