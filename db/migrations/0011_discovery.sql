CREATE TABLE `product_image_features` (
	`product_id` text PRIMARY KEY NOT NULL,
	`image_key` text NOT NULL,
	`histogram` text NOT NULL,
	`hash` text NOT NULL,
	`dominant` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `product_image_features_dominant` ON `product_image_features` (`dominant`);--> statement-breakpoint
CREATE TABLE `saved_image_searches` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`image_key` text NOT NULL,
	`histogram` text NOT NULL,
	`hash` text NOT NULL,
	`dominant` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_image_searches_member` ON `saved_image_searches` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `search_history` (
	`member_id` text NOT NULL,
	`term` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `term`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `search_history_member_last` ON `search_history` (`member_id`,`last_at`);--> statement-breakpoint
CREATE TABLE `search_products` (
	`k` integer PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`category_id` text NOT NULL,
	`price_minor` integer NOT NULL,
	`stock` integer NOT NULL,
	`cross_border` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_products_product_id_unique` ON `search_products` (`product_id`);--> statement-breakpoint
CREATE INDEX `search_products_category_price` ON `search_products` (`category_id`,`price_minor`);--> statement-breakpoint
CREATE INDEX `search_products_created` ON `search_products` (`created_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `keep_search_history` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `search_history_on_device` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `products_created` ON `products` (`created_at`);--> statement-breakpoint
/* search_products follows products: one narrow row per product under a stable integer key. */
INSERT INTO `search_products` (`product_id`, `category_id`, `price_minor`, `stock`, `cross_border`, `created_at`)
	SELECT `id`, `category_id`, `price_minor`, `stock`, `cross_border`, `created_at` FROM `products` ORDER BY `created_at`, `id`;
--> statement-breakpoint
CREATE TRIGGER `products_search_insert` AFTER INSERT ON `products`
BEGIN
	INSERT INTO `search_products` (`product_id`, `category_id`, `price_minor`, `stock`, `cross_border`, `created_at`)
	VALUES (new.`id`, new.`category_id`, new.`price_minor`, new.`stock`, new.`cross_border`, new.`created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `products_search_update` AFTER UPDATE OF `category_id`, `price_minor`, `stock`, `cross_border`, `created_at` ON `products`
BEGIN
	UPDATE `search_products` SET `category_id` = new.`category_id`, `price_minor` = new.`price_minor`, `stock` = new.`stock`,
		`cross_border` = new.`cross_border`, `created_at` = new.`created_at`
	WHERE `product_id` = new.`id`;
END;
--> statement-breakpoint
/* The search index: contentless (only what matching needs; a hit's rowid gives its product), one row per
   product and language, rowid = k * 2 + (locale = 'zh-CN'). Text goes in segmented (Chinese runs as
   overlapping two-character words, worker/features/search/segment.ts), so any Chinese substring is a
   phrase query and no LIKE pattern (D1 refuses those over 50 bytes) is needed. Written in the same batch
   as the texts. */
CREATE VIRTUAL TABLE `product_search` USING fts5(
	`title`,
	`attributes`,
	`description`,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);
--> statement-breakpoint
/* Terms and how many documents hold them: "did you mean" looks for near spellings here. */
CREATE VIRTUAL TABLE `product_search_terms` USING fts5vocab(`product_search`, 'row');
--> statement-breakpoint
CREATE TRIGGER `product_texts_unindex` AFTER DELETE ON `product_texts`
BEGIN
	DELETE FROM `product_search`
	WHERE rowid = (SELECT `k` FROM `search_products` WHERE `product_id` = old.`product_id`) * 2 + (old.`locale` = 'zh-CN');
END;
--> statement-breakpoint
/* Before the product's rows cascade away, while its key is still known. */
CREATE TRIGGER `products_unindex` BEFORE DELETE ON `products`
BEGIN
	DELETE FROM `product_search` WHERE rowid IN (SELECT `k` * 2 FROM `search_products` WHERE `product_id` = old.`id`);
	DELETE FROM `product_search` WHERE rowid IN (SELECT `k` * 2 + 1 FROM `search_products` WHERE `product_id` = old.`id`);
END;
