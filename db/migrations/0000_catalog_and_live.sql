CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`position` integer NOT NULL,
	`hue` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_slug_unique` ON `categories` (`slug`);--> statement-breakpoint
CREATE TABLE `category_texts` (
	`category_id` text NOT NULL,
	`locale` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	PRIMARY KEY(`category_id`, `locale`),
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `product_texts` (
	`product_id` text NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`attributes` text NOT NULL,
	PRIMARY KEY(`product_id`, `locale`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`category_id` text NOT NULL,
	`price_minor` integer NOT NULL,
	`list_price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`stock` integer NOT NULL,
	`images` text NOT NULL,
	`cross_border` integer DEFAULT false NOT NULL,
	`featured` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_stock_not_negative" CHECK("products"."stock" >= 0),
	CONSTRAINT "products_price_not_negative" CHECK("products"."price_minor" >= 0 AND "products"."list_price_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_unique` ON `products` (`slug`);--> statement-breakpoint
CREATE INDEX `products_category_price` ON `products` (`category_id`,`price_minor`);--> statement-breakpoint
CREATE INDEX `products_category_created` ON `products` (`category_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `products_featured` ON `products` (`featured`);--> statement-breakpoint
CREATE TABLE `live_show_products` (
	`show_id` text NOT NULL,
	`product_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`show_id`, `product_id`),
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `live_show_texts` (
	`show_id` text NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	PRIMARY KEY(`show_id`, `locale`),
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `live_shows` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`status` text NOT NULL,
	`host_name` text NOT NULL,
	`cover_key` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ended_at` integer,
	CONSTRAINT "live_shows_status_known" CHECK("live_shows"."status" IN ('scheduled', 'live', 'ended'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_shows_slug_unique` ON `live_shows` (`slug`);--> statement-breakpoint
CREATE INDEX `live_shows_status_starts` ON `live_shows` (`status`,`starts_at`);