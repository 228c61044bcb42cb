-- Receipts: one append-only, hash-chained log across all replicas (package dev.changeset.audit).
-- Runs unchanged on H2 and PostgreSQL. The PostgreSQL trigger that refuses UPDATE/DELETE/TRUNCATE is
-- V3_1 (a Java migration, db.migration.V3_1__ReceiptsAppendOnly), because H2 has no PL/pgSQL.

-- The sealed receipts. canonical_json is the RFC 8785 JSON exactly as hashed: sha256(canonical_json) = hash.
-- The other columns repeat what is inside it, for queries; the verifier checks that they agree.
CREATE TABLE receipt (
    sequence        BIGINT           NOT NULL PRIMARY KEY,
    receipt_id      VARCHAR(64)      NOT NULL,
    changeset_id    VARCHAR(64)      NOT NULL,
    changeset_code  VARCHAR(32)      NOT NULL,
    state           VARCHAR(16)      NOT NULL,
    subject         VARCHAR(255)     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,  -- when the receipt was sealed (appended)
    previous_hash   CHAR(64)         NOT NULL,
    hash            CHAR(64)         NOT NULL,
    canonical_json  VARCHAR(1000000) NOT NULL,
    CONSTRAINT receipt_id_unique UNIQUE (receipt_id),
    CONSTRAINT receipt_changeset_unique UNIQUE (changeset_id),   -- one receipt per changeset
    CONSTRAINT receipt_hash_unique UNIQUE (hash),
    CONSTRAINT receipt_no_fork UNIQUE (previous_hash)              -- two receipts after one receipt is a fork
);

CREATE INDEX receipt_subject_idx ON receipt (subject, sequence);
CREATE INDEX receipt_state_idx ON receipt (state, sequence);
CREATE INDEX receipt_created_idx ON receipt (created_at);

-- The SKUs each receipt touches, for list_receipts by SKU. Written in the same transaction as the receipt.
CREATE TABLE receipt_sku (
    sequence  BIGINT       NOT NULL REFERENCES receipt (sequence),
    sku       VARCHAR(128) NOT NULL,
    PRIMARY KEY (sequence, sku)
);

CREATE INDEX receipt_sku_idx ON receipt_sku (sku, sequence);

-- The end of the chain: one row. An append locks it (SELECT ... FOR UPDATE), so appends from every replica
-- take turns and each links to the true latest receipt.
CREATE TABLE receipt_chain_head (
    id        INT      NOT NULL PRIMARY KEY,
    sequence  BIGINT   NOT NULL,
    hash      CHAR(64) NOT NULL,
    CONSTRAINT receipt_chain_head_single_row CHECK (id = 1)
);

INSERT INTO receipt_chain_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
