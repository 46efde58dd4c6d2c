CREATE TABLE `data_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`status` text NOT NULL,
	`requested_at` integer NOT NULL,
	`ready_at` integer,
	`expires_at` integer,
	`object_key` text,
	`bytes` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "data_exports_status_known" CHECK("data_exports"."status" IN ('queued', 'ready', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `data_exports_member` ON `data_exports` (`member_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `guardian_consents` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`guardian_phone_enc` text NOT NULL,
	`guardian_phone_hash` text NOT NULL,
	`token_hash` text NOT NULL,
	`status` text NOT NULL,
	`policy_version` integer,
	`policy_hash` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "guardian_consents_status_known" CHECK("guardian_consents"."status" IN ('pending', 'approved', 'declined')),
	CONSTRAINT "guardian_consents_decided" CHECK("guardian_consents"."status" = 'pending' OR ("guardian_consents"."decided_at" IS NOT NULL AND "guardian_consents"."policy_version" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guardian_consents_token_hash_unique` ON `guardian_consents` (`token_hash`);--> statement-breakpoint
CREATE INDEX `guardian_consents_member` ON `guardian_consents` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `identity_verifications` (
	`member_id` text PRIMARY KEY NOT NULL,
	`real_name_enc` text NOT NULL,
	`id_number_enc` text NOT NULL,
	`reason` text NOT NULL,
	`verifier` text NOT NULL,
	`verified_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "identity_verifications_reason_known" CHECK("identity_verifications"."reason" IN ('cross_border', 'high_value', 'dispute'))
);
--> statement-breakpoint
-- Columns are added in place: rebuilding `members` (what drizzle-kit generates for a new CHECK) would
-- delete every row that references it (D1 cannot switch foreign keys off inside a migration).
ALTER TABLE `members` ADD `birth_month` text;--> statement-breakpoint
ALTER TABLE `members` ADD `guardian` text DEFAULT 'not_needed' NOT NULL CONSTRAINT "members_guardian_known" CHECK("guardian" IN ('not_needed', 'pending', 'approved', 'declined'));--> statement-breakpoint
ALTER TABLE `members` ADD `closing_requested_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `closing_due_at` integer;--> statement-breakpoint
CREATE INDEX `members_closing_due` ON `members` (`closing_due_at`);
