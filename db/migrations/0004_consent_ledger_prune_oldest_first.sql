-- The ledger is pruned from its oldest end only, once retention is over: deleting from the middle
-- would look exactly like tampering to the chain check. (All records share one retention period, so
-- the oldest records are always the first to expire.)
DROP TRIGGER consent_records_no_early_delete;
--> statement-breakpoint
CREATE TRIGGER consent_records_prune_oldest_first BEFORE DELETE ON consent_records
WHEN OLD.retain_until > CAST(unixepoch('subsec') * 1000 AS INTEGER)
  OR OLD.seq > (SELECT min(seq) FROM consent_records)
BEGIN
  SELECT RAISE(ABORT, 'consent records are kept until their retention period ends, and pruned oldest first');
END;
