-- Reservations.reportFailure (ContractFailed): the node could not deploy or keep running the workload;
-- billing stops until the next fulfilment. failed: the latest report of the node was a failure;
-- last_failed_at: the block timestamp of the latest failure report (0: never failed). A separate
-- migration, so an existing database gains the columns; every existing row gets "never failed", which is
-- right because no ContractFailed event exists before this version of Reservations.
ALTER TABLE contracts ADD COLUMN failed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE contracts ADD COLUMN last_failed_at BIGINT NOT NULL DEFAULT 0;
