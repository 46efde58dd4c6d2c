CREATE TABLE `page_views` (
	`day` text NOT NULL,
	`path` text NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `path`)
);
--> statement-breakpoint
CREATE TABLE `consent_records` (
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
	CONSTRAINT "consent_records_event_known" CHECK("consent_records"."event" IN ('given', 'refused', 'changed', 'withdrawn', 'gpc_applied', 'expired')),
	CONSTRAINT "consent_records_source_known" CHECK("consent_records"."source" IN ('banner', 'settings', 'gpc', 'system'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_id_unique` ON `consent_records` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_prev_hash_unique` ON `consent_records` (`prev_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_records_hash_unique` ON `consent_records` (`hash`);--> statement-breakpoint
CREATE INDEX `consent_records_subject` ON `consent_records` (`subject_id`,`seq`);--> statement-breakpoint
CREATE TABLE `consent_texts` (
	`hash` text PRIMARY KEY NOT NULL,
	`locale` text NOT NULL,
	`source` text NOT NULL,
	`text` text NOT NULL,
	`first_shown_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pending_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`audience` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`version`) REFERENCES `policy_versions`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `policy_texts` (
	`version` integer NOT NULL,
	`locale` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	PRIMARY KEY(`version`, `locale`),
	FOREIGN KEY (`version`) REFERENCES `policy_versions`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `policy_versions` (
	`version` integer PRIMARY KEY NOT NULL,
	`effective_at` integer NOT NULL,
	`published_at` integer NOT NULL,
	`materiality` text NOT NULL,
	`summary` text NOT NULL,
	`cookie_categories` text NOT NULL,
	CONSTRAINT "policy_versions_materiality_known" CHECK("policy_versions"."materiality" IN ('material', 'editorial'))
);
