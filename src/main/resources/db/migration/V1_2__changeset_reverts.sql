-- Reverts (package dev.changeset.pipeline): a revert is a changeset created from a sealed receipt, whose operations
-- set every cell that receipt wrote back to its value before.
--   reverts_receipt_id  the receipt a revert sets back, for good (get_changeset's "reverts" / "reverted by")
--   revert_hold         the same id while the revert holds that receipt: from its preview on, and for good once it
--                       wrote (SEALED, or FAILED after writing some of it); NULL again when it ended without writing
--                       (DENIED, EXPIRED, STALE, CANCELLED, FAILED with nothing written), in the same UPDATE that
--                       ends it. Unique: two reverts of one receipt never both live, from any replica. NULLs are
--                       distinct in a unique index on both H2 and PostgreSQL, so ended reverts and other changesets
--                       never collide.
ALTER TABLE changeset ADD COLUMN reverts_receipt_id VARCHAR(64);
ALTER TABLE changeset ADD COLUMN revert_hold VARCHAR(64);
CREATE UNIQUE INDEX changeset_revert_once ON changeset (revert_hold);
CREATE INDEX changeset_reverts ON changeset (reverts_receipt_id);
CREATE INDEX changeset_receipt ON changeset (receipt_id);
