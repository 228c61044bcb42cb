-- One row per catalog whose writes are serialised: an execution holds the row's lock (SELECT ... FOR UPDATE in an
-- open transaction) from its guard read to the end of its read-back, so two executions never both pass their
-- guards and both write. A process that dies releases the lock with its connection. No data lives here.
CREATE TABLE catalog_write_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY
);
INSERT INTO catalog_write_lock (name) VALUES ('catalog');
