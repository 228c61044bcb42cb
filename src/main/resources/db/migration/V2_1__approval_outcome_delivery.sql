-- When the outcome of a changeset's approval (approved, denied, expired, refused) was handed to the pipeline. A
-- process that stops between deciding a request and delivering the outcome leaves it NULL on decided rows; the
-- poller's sweep then delivers it again (the pipeline ignores an outcome for a changeset that already moved on).
ALTER TABLE approval_request ADD COLUMN outcome_delivered_at TIMESTAMP WITH TIME ZONE;
UPDATE approval_request SET outcome_delivered_at = decided_at WHERE status <> 'PENDING';
