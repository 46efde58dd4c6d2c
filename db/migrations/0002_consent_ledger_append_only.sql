-- The consent ledger and published policies are append-only: the database itself refuses edits.
-- Ledger rows may be deleted only once their retention period is over.
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
BEGIN
  SELECT RAISE(ABORT, 'consent records are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER consent_records_no_early_delete BEFORE DELETE ON consent_records
WHEN OLD.retain_until > CAST(unixepoch('subsec') * 1000 AS INTEGER)
BEGIN
  SELECT RAISE(ABORT, 'consent records are kept until their retention period ends');
END;
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
BEGIN
  SELECT RAISE(ABORT, 'published policy versions are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
BEGIN
  SELECT RAISE(ABORT, 'published policy versions are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER policy_texts_no_update BEFORE UPDATE ON policy_texts
BEGIN
  SELECT RAISE(ABORT, 'published policy texts are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER policy_texts_no_delete BEFORE DELETE ON policy_texts
BEGIN
  SELECT RAISE(ABORT, 'published policy texts are immutable');
END;
