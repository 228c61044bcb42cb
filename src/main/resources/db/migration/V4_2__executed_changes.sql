-- Every cell change this server executed (written, read back and sealed), one row per operation and field, so that
-- the policy can judge a change against the value the field had at the start of the drift window
-- (changeset.policy.drift-window; docs/architecture.md "Policy facts"): a run of small changes (a salami) counts as
-- one. Written when a changeset is sealed (pipeline.ExecutedChanges), whoever made it; a revert is a change like any
-- other. Runs on H2 and PostgreSQL.
--   sku           upper-case, as the policy compares SKUs (the catalog's lookups ignore case)
--   field         the product field (price, inventory, promotion_active, promotion_percent)
--   before_value  the cell's value before the write, as text (NULL for an empty cell); after_value likewise
-- The index on (sku, field, executed_at) makes the baseline of one field a range read of that field's changes in the
-- window: a preview costs one look-up per operation, never a scan of all changesets.
CREATE TABLE executed_change (
    changeset_id  VARCHAR(40)  NOT NULL,
    op_index      INTEGER      NOT NULL,
    field         VARCHAR(40)  NOT NULL,
    sku           VARCHAR(64)  NOT NULL,
    before_value  VARCHAR(255),
    after_value   VARCHAR(255),
    executed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT executed_change_pk PRIMARY KEY (changeset_id, op_index, field)
);
CREATE INDEX executed_change_drift ON executed_change (sku, field, executed_at);
