CREATE TABLE `member_history` (
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `kind`, `subject_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_history_member_at` ON `member_history` (`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `coupon_claims` (
	`coupon_id` text NOT NULL,
	`member_id` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`coupon_id`, `member_id`),
	FOREIGN KEY (`coupon_id`) REFERENCES `show_coupons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coupon_claims_member` ON `coupon_claims` (`member_id`);--> statement-breakpoint
CREATE TABLE `flash_sale_holds` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`member_id` text NOT NULL,
	`price_minor` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `flash_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flash_sale_holds_member` ON `flash_sale_holds` (`sale_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `flash_sale_holds_expiry` ON `flash_sale_holds` (`expires_at`);--> statement-breakpoint
CREATE TABLE `flash_sales` (
	`id` text PRIMARY KEY NOT NULL,
	`show_id` text NOT NULL,
	`product_id` text NOT NULL,
	`price_minor` integer NOT NULL,
	`quantity` integer NOT NULL,
	`sold` integer DEFAULT 0 NOT NULL,
	`starts_at_show` integer NOT NULL,
	`ends_at_show` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "flash_sales_quantity" CHECK("flash_sales"."quantity" > 0 AND "flash_sales"."sold" >= 0 AND "flash_sales"."sold" <= "flash_sales"."quantity"),
	CONSTRAINT "flash_sales_price" CHECK("flash_sales"."price_minor" > 0),
	CONSTRAINT "flash_sales_window" CHECK("flash_sales"."ends_at" > "flash_sales"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `flash_sales_show` ON `flash_sales` (`show_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `show_coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`show_id` text NOT NULL,
	`percent_off` integer NOT NULL,
	`quantity` integer NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	`ends_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "show_coupons_percent" CHECK("show_coupons"."percent_off" BETWEEN 1 AND 90),
	CONSTRAINT "show_coupons_quantity" CHECK("show_coupons"."quantity" > 0 AND "show_coupons"."claimed" >= 0 AND "show_coupons"."claimed" <= "show_coupons"."quantity")
);
--> statement-breakpoint
CREATE INDEX `show_coupons_show` ON `show_coupons` (`show_id`);--> statement-breakpoint
CREATE TABLE `show_stats` (
	`show_id` text PRIMARY KEY NOT NULL,
	`duration_ms` integer NOT NULL,
	`peak_viewers` integer NOT NULL,
	`unique_viewers` integer NOT NULL,
	`likes` integer NOT NULL,
	`messages` integer NOT NULL,
	`product_clicks` integer NOT NULL,
	`orders` integer NOT NULL,
	`revenue_minor` integer NOT NULL,
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `show_timeline` (
	`show_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`viewer` text,
	`payload` text NOT NULL,
	PRIMARY KEY(`show_id`, `seq`),
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `show_timeline_viewer` ON `show_timeline` (`show_id`,`viewer`);--> statement-breakpoint
ALTER TABLE `members` ADD `keep_history` integer DEFAULT true NOT NULL;--> statement-breakpoint
-- live_shows gains columns in place: rebuilding it would cascade its DROP to the show texts and products.
ALTER TABLE `live_shows` ADD `live_at` integer;--> statement-breakpoint
ALTER TABLE `live_shows` ADD `stream_kind` text DEFAULT 'none' NOT NULL CONSTRAINT "live_shows_stream_kind_known" CHECK(`stream_kind` IN ('none', 'demo', 'stream', 'webrtc'));--> statement-breakpoint
ALTER TABLE `live_shows` ADD `stream_input` text;--> statement-breakpoint
UPDATE `live_shows` SET `live_at` = `starts_at` WHERE `status` <> 'scheduled';--> statement-breakpoint
CREATE INDEX `live_shows_host` ON `live_shows` (`host_member_id`);