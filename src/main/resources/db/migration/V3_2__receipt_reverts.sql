-- A revert's receipt names the receipt it reverts (field "reverts" of receipt/v2, inside the hashed canonical JSON).
-- This column repeats it for the "reverted by" lookup, as changeset_id repeats the changeset; the chain verifier
-- checks that it agrees with the JSON. Receipts sealed before this migration have no "reverts" and keep NULL here:
-- no row is updated (PostgreSQL's V3_1 trigger would refuse it, and the hashed bytes never change).
ALTER TABLE receipt ADD COLUMN reverts_receipt_id VARCHAR(64);
CREATE INDEX receipt_reverts_idx ON receipt (reverts_receipt_id);
