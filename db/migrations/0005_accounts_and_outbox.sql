CREATE TABLE `dev_inbox` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`body` text NOT NULL,
	`delivered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_subjects` (
	`member_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`linked_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `subject_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_subjects_subject` ON `member_subjects` (`subject_id`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`phone_hash` text NOT NULL,
	`phone_enc` text NOT NULL,
	`nickname` text NOT NULL,
	`nickname_key` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'shopper' NOT NULL,
	`email_enc` text,
	`email_hash` text,
	`email_verified_at` integer,
	`avatar_key` text NOT NULL,
	`notice_channel` text DEFAULT 'sms' NOT NULL,
	`locale` text NOT NULL,
	`subject_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`password_changed_at` integer NOT NULL,
	CONSTRAINT "members_role_known" CHECK("members"."role" IN ('shopper', 'host', 'staff', 'admin')),
	CONSTRAINT "members_notice_channel_known" CHECK("members"."notice_channel" IN ('sms', 'email'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_phone_hash_unique` ON `members` (`phone_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_nickname_key_unique` ON `members` (`nickname_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_subject_id_unique` ON `members` (`subject_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_email_hash` ON `members` (`email_hash`);--> statement-breakpoint
CREATE TABLE `one_time_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`target_hash` text NOT NULL,
	`code_hash` text NOT NULL,
	`payload_enc` text,
	`masked_target` text NOT NULL,
	`member_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "one_time_codes_purpose_known" CHECK("one_time_codes"."purpose" IN ('register', 'sign_in', 'reset', 'change_phone', 'verify_email', 'confirm')),
	CONSTRAINT "one_time_codes_attempts_capped" CHECK("one_time_codes"."attempts" <= 5)
);
--> statement-breakpoint
CREATE INDEX `one_time_codes_target` ON `one_time_codes` (`target_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`template` text NOT NULL,
	`locale` text NOT NULL,
	`member_id` text,
	`recipient_enc` text,
	`params` text,
	`params_enc` text,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "outbox_status_known" CHECK("outbox"."status" IN ('pending', 'sending', 'delivered', 'dead')),
	CONSTRAINT "outbox_channel_known" CHECK("outbox"."channel" IN ('sms', 'email')),
	CONSTRAINT "outbox_has_recipient" CHECK("outbox"."status" IN ('delivered', 'dead') OR "outbox"."member_id" IS NOT NULL OR "outbox"."recipient_enc" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_next` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_member` ON `outbox` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`device` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`confirmed_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_member` ON `sessions` (`member_id`);--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`target_hash` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failed_at` integer NOT NULL,
	`locked_until` integer NOT NULL
);
--> statement-breakpoint
-- The ledger gains the `agreed` event and the `registration` source: SQLite changes a CHECK only by
-- rebuilding the table. Rows are copied unchanged (their hashes stay valid); the append-only triggers
-- go with the old table and are recreated below.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__new_consent_records` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`subject_id` text NOT NULL,
	`event` text NOT NULL,
	`categories` text NOT NULL,
	`jurisdiction` text NOT NULL,
	`legal_basis` text NOT NULL,
	`policy_version` integer NOT NULL,
	`policy_hash` text NOT NULL,
	`text_hash` text NOT NULL,
	`locale` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`retain_until` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`policy_version`) REFERENCES `policy_versions`(`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`text_hash`) REFERENCES `consent_texts`(`hash`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consent_records_event_known" CHECK("__new_consent_records"."event" IN ('given', 'refused', 'changed', 'withdrawn', 'gpc_applied', 'expired', 'agreed')),
	CONSTRAINT "consent_records_source_known" CHECK("__new_consent_records"."source" IN ('banner', 'settings', 'gpc', 'system', 'registration'))
);
--> statement-breakpoint
INSERT INTO `__new_consent_records`("seq", "id", "subject_id", "event", "categories", "jurisdiction", "legal_basis", "policy_version", "policy_hash", "text_hash", "locale", "source", "created_at", "retain_until", "prev_hash", "hash") SELECT "seq", "id", "subject_id", "event", "categories", "jurisdiction", "legal_basis", "policy_version", "policy_hash", "text_hash", "locale", "source", "created_at", "retain_until", "prev_hash", "hash" FROM `consent_records`;--> statement-breakpoint
DROP TABLE `consent_records`;--> statement-breakpoint
ALTER TABLE `__new_consent_records` RENAME TO `consent_records`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_id_unique` ON `consent_records` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_prev_hash_unique` ON `consent_records` (`prev_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_hash_unique` ON `consent_records` (`hash`);--> statement-breakpoint
CREATE INDEX `consent_records_subject` ON `consent_records` (`subject_id`,`seq`);--> statement-breakpoint
ALTER TABLE `live_shows` ADD `host_member_id` text REFERENCES members(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `pending_notices` ADD `queued_at` integer;--> statement-breakpoint
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
BEGIN
  SELECT RAISE(ABORT, 'consent records are append-only');
END;--> statement-breakpoint
CREATE TRIGGER consent_records_prune_oldest_first BEFORE DELETE ON consent_records
WHEN OLD.retain_until > CAST(unixepoch('subsec') * 1000 AS INTEGER)
  OR OLD.seq > (SELECT min(seq) FROM consent_records)
BEGIN
  SELECT RAISE(ABORT, 'consent records are kept until their retention period ends, and pruned oldest first');
END;
