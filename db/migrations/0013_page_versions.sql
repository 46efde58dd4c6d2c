CREATE TABLE `page_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`changed_at` integer NOT NULL
);--> statement-breakpoint
/* Guest pages are cached under these versions (worker/middleware/page-cache.ts). Every writer of what they
   show bumps them here, so none of them needs to know about the cache. `listings`: pages that list
   products or shows (a price, a sold-out badge, a title); `product:<slug>`: that product's own page (its
   stock). A new product has no cached page yet, so inserts bump the listings only. */
CREATE TRIGGER `products_page_update` AFTER UPDATE ON `products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'product:' || new.`slug`, 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'product:' || old.`slug`, 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE old.`slug` <> new.`slug`
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE old.`price_minor` <> new.`price_minor` OR old.`list_price_minor` <> new.`list_price_minor` OR (old.`stock` > 0) <> (new.`stock` > 0)
		OR old.`images` <> new.`images` OR old.`featured` <> new.`featured` OR old.`category_id` <> new.`category_id` OR old.`slug` <> new.`slug`
		OR old.`cross_border` <> new.`cross_border`
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `products_page_insert` AFTER INSERT ON `products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `products_page_delete` AFTER DELETE ON `products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'product:' || old.`slug`, 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_texts_page_insert` AFTER INSERT ON `product_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_texts_page_update` AFTER UPDATE ON `product_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'product:' || `slug`, 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM `products` WHERE `id` = new.`product_id`
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `product_texts_page_delete` AFTER DELETE ON `product_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'product:' || `slug`, 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM `products` WHERE `id` = old.`product_id`
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_page_insert` AFTER INSERT ON `categories`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_page_update` AFTER UPDATE ON `categories`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_page_delete` AFTER DELETE ON `categories`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `category_texts_page_insert` AFTER INSERT ON `category_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `category_texts_page_update` AFTER UPDATE ON `category_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `category_texts_page_delete` AFTER DELETE ON `category_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_shows_page_insert` AFTER INSERT ON `live_shows`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_shows_page_update` AFTER UPDATE ON `live_shows`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_shows_page_delete` AFTER DELETE ON `live_shows`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_texts_page_insert` AFTER INSERT ON `live_show_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_texts_page_update` AFTER UPDATE ON `live_show_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_texts_page_delete` AFTER DELETE ON `live_show_texts`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_products_page_insert` AFTER INSERT ON `live_show_products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_products_page_update` AFTER UPDATE ON `live_show_products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `live_show_products_page_delete` AFTER DELETE ON `live_show_products`
BEGIN
	INSERT INTO `page_versions` (`scope`, `version`, `changed_at`) SELECT 'listings', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE true
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1, `changed_at` = excluded.`changed_at`;
END;
