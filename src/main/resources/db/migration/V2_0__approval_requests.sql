-- One row per CIBA request (the requester's, and for four-eyes changes each second approver's). Pending rows are
-- served by one poller across replicas: a replica claims due rows (claimed_until) before polling them.
-- The auth_req_id is a secret: it is stored sealed (AES-GCM, key derived from the CIBA client secret, which the
-- database never sees) and as a SHA-256 hash for receipts; never in clear.
CREATE TABLE approval_request (
    id                 VARCHAR(40)  NOT NULL PRIMARY KEY,
    changeset_id       VARCHAR(40)  NOT NULL,
    approver           VARCHAR(255) NOT NULL,
    role               VARCHAR(24)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    auth_req_id_sealed VARCHAR(1024) NOT NULL,
    auth_req_id_hash   VARCHAR(80)  NOT NULL,
    operations_hash    VARCHAR(80)  NOT NULL,
    interval_seconds   INTEGER      NOT NULL,
    next_poll_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline           TIMESTAMP WITH TIME ZONE NOT NULL,
    poll_count         INTEGER      NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at         TIMESTAMP WITH TIME ZONE,
    detail             VARCHAR(600),
    claimed_by         VARCHAR(80),
    claimed_until      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX approval_request_due ON approval_request (status, next_poll_at);
CREATE INDEX approval_request_changeset ON approval_request (changeset_id);
