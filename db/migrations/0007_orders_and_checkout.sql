CREATE TABLE `addresses` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`recipient_enc` text NOT NULL,
	`address_enc` text NOT NULL,
	`phone_enc` text NOT NULL,
	`alt_phone_enc` text,
	`delivery_time` text DEFAULT 'any' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "addresses_delivery_time_known" CHECK("addresses"."delivery_time" IN ('any', 'weekdays', 'weekends', 'evenings'))
);
--> statement-breakpoint
CREATE INDEX `addresses_member` ON `addresses` (`member_id`);--> statement-breakpoint
CREATE TABLE `cart_items` (
	`member_id` text NOT NULL,
	`product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`price_seen_minor` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `product_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "cart_items_quantity" CHECK("cart_items"."quantity" BETWEEN 1 AND 99)
);
--> statement-breakpoint
CREATE TABLE `coupon_redemptions` (
	`coupon_id` text NOT NULL,
	`order_id` text NOT NULL,
	`member_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`coupon_id`, `order_id`),
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `coupon_redemptions_member` ON `coupon_redemptions` (`coupon_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`currency` text NOT NULL,
	`min_spend_minor` integer DEFAULT 0 NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`per_member_limit` integer DEFAULT 1 NOT NULL,
	`total_limit` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`scope` text DEFAULT 'all' NOT NULL,
	`scope_product_id` text,
	`scope_category_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`scope_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scope_category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "coupons_kind_known" CHECK("coupons"."kind" IN ('fixed', 'percent')),
	CONSTRAINT "coupons_value" CHECK("coupons"."value" > 0 AND ("coupons"."kind" = 'fixed' OR "coupons"."value" <= 90)),
	CONSTRAINT "coupons_used" CHECK("coupons"."used" >= 0 AND "coupons"."used" <= "coupons"."total_limit"),
	CONSTRAINT "coupons_limits" CHECK("coupons"."per_member_limit" >= 1 AND "coupons"."total_limit" >= 1 AND "coupons"."min_spend_minor" >= 0),
	CONSTRAINT "coupons_window" CHECK("coupons"."ends_at" > "coupons"."starts_at"),
	CONSTRAINT "coupons_scope" CHECK(("coupons"."scope" = 'all' AND "coupons"."scope_product_id" IS NULL AND "coupons"."scope_category_id" IS NULL)
        OR ("coupons"."scope" = 'product' AND "coupons"."scope_product_id" IS NOT NULL AND "coupons"."scope_category_id" IS NULL)
        OR ("coupons"."scope" = 'category' AND "coupons"."scope_category_id" IS NOT NULL AND "coupons"."scope_product_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_code_unique` ON `coupons` (`code`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`order_id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`document_key` text NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE TABLE `member_levels` (
	`member_id` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`spend_minor` integer NOT NULL,
	`orders` integer NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_discounts` (
	`order_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`coupon_id` text,
	`show_coupon_id` text,
	PRIMARY KEY(`order_id`, `position`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`show_coupon_id`) REFERENCES `show_coupons`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "order_discounts_kind_known" CHECK("order_discounts"."kind" IN ('level', 'coupon', 'show_coupon')),
	CONSTRAINT "order_discounts_amount" CHECK("order_discounts"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`status` text NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_events_order` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`title` text NOT NULL,
	`image_key` text NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`quantity` integer NOT NULL,
	`hold_id` text,
	`sale_id` text,
	PRIMARY KEY(`order_id`, `product_id`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sale_id`) REFERENCES `flash_sales`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "order_items_amounts" CHECK("order_items"."quantity" BETWEEN 1 AND 99 AND "order_items"."unit_price_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `order_items_product` ON `order_items` (`product_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`member_id` text,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`subtotal_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`shipping_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`level` text NOT NULL,
	`note` text,
	`recipient_enc` text NOT NULL,
	`address_enc` text NOT NULL,
	`phone_enc` text NOT NULL,
	`alt_phone_enc` text,
	`delivery_time` text NOT NULL,
	`for_someone_else` integer DEFAULT false NOT NULL,
	`recipient_consent_at` integer,
	`invoice_wanted` integer DEFAULT false NOT NULL,
	`invoice_title` text,
	`invoice_taxpayer_enc` text,
	`invoice_email_enc` text,
	`customs_id_enc` text,
	`show_id` text,
	`checkout_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`pay_by` integer NOT NULL,
	`paid_at` integer,
	`shipped_at` integer,
	`delivered_at` integer,
	`completed_at` integer,
	`cancelled_at` integer,
	`refunded_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`show_id`) REFERENCES `live_shows`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "orders_status_known" CHECK("orders"."status" IN ('pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded')),
	CONSTRAINT "orders_amounts" CHECK("orders"."subtotal_minor" >= 0 AND "orders"."discount_minor" >= 0 AND "orders"."shipping_minor" >= 0 AND "orders"."discount_minor" <= "orders"."subtotal_minor"
        AND "orders"."total_minor" = "orders"."subtotal_minor" - "orders"."discount_minor" + "orders"."shipping_minor"),
	CONSTRAINT "orders_recipient_consent" CHECK("orders"."for_someone_else" = 0 OR "orders"."recipient_consent_at" IS NOT NULL),
	CONSTRAINT "orders_invoice" CHECK("orders"."invoice_wanted" = 0 OR ("orders"."invoice_title" IS NOT NULL AND "orders"."invoice_email_enc" IS NOT NULL)),
	CONSTRAINT "orders_delivery_time_known" CHECK("orders"."delivery_time" IN ('any', 'weekdays', 'weekends', 'evenings'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_unique` ON `orders` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_checkout_key` ON `orders` (`member_id`,`checkout_key`);--> statement-breakpoint
CREATE INDEX `orders_member_created` ON `orders` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_status_pay_by` ON `orders` (`status`,`pay_by`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`provider` text NOT NULL,
	`provider_ref` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "payments_status_known" CHECK("payments"."status" IN ('created', 'succeeded', 'failed', 'refunded'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_provider_ref` ON `payments` (`provider`,`provider_ref`);--> statement-breakpoint
CREATE INDEX `payments_order` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `sandbox_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text NOT NULL,
	`return_url` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sandbox_shipments` (
	`tracking_number` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`carrier` text NOT NULL,
	`tracking_number` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_order` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_tracking` ON `shipments` (`carrier`,`tracking_number`);--> statement-breakpoint
CREATE TABLE `tracking_events` (
	`shipment_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`location` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`shipment_id`, `event_id`),
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "tracking_events_status_known" CHECK("tracking_events"."status" IN ('picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception'))
);
--> statement-breakpoint
CREATE INDEX `tracking_events_shipment_at` ON `tracking_events` (`shipment_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`source` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`source`, `event_id`)
);
--> statement-breakpoint
ALTER TABLE `members` ADD `shopping_reminders` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `coupon_claims` ADD `order_id` text;--> statement-breakpoint
ALTER TABLE `flash_sale_holds` ADD `order_id` text;--> statement-breakpoint
-- Orders move only along the status machine (worker/features/orders/status.ts says the same).
CREATE TRIGGER orders_status_moves BEFORE UPDATE OF status ON orders
WHEN OLD.status <> NEW.status AND OLD.status || '>' || NEW.status NOT IN (
  'pending_payment>paid', 'pending_payment>cancelled',
  'paid>shipped', 'paid>refunded',
  'shipped>delivered',
  'delivered>completed', 'delivered>refunded',
  'completed>refunded')
BEGIN
  SELECT RAISE(ABORT, 'order_status_illegal');
END;
--> statement-breakpoint
-- What a cancelled order reserved goes back, once (the move to cancelled happens once): its stock and
-- the coupons it spent. A refund before shipping returns the stock too.
CREATE TRIGGER orders_release_on_cancel AFTER UPDATE OF status ON orders
WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled'
BEGIN
  UPDATE products SET stock = stock + (SELECT quantity FROM order_items WHERE order_id = NEW.id AND product_id = products.id)
    WHERE id IN (SELECT product_id FROM order_items WHERE order_id = NEW.id);
  UPDATE coupons SET used = used - 1 WHERE id IN (SELECT coupon_id FROM coupon_redemptions WHERE order_id = NEW.id);
  DELETE FROM coupon_redemptions WHERE order_id = NEW.id;
  UPDATE coupon_claims SET used_at = NULL, order_id = NULL WHERE order_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER orders_release_on_early_refund AFTER UPDATE OF status ON orders
WHEN NEW.status = 'refunded' AND OLD.status = 'paid'
BEGIN
  UPDATE products SET stock = stock + (SELECT quantity FROM order_items WHERE order_id = NEW.id AND product_id = products.id)
    WHERE id IN (SELECT product_id FROM order_items WHERE order_id = NEW.id);
END;
--> statement-breakpoint
-- A flash-sale line must spend a live hold of the order's member at the hold's price; the hold is then used up.
CREATE TRIGGER order_items_hold_check BEFORE INSERT ON order_items
WHEN NEW.hold_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM flash_sale_holds h JOIN orders o ON o.id = NEW.order_id
  WHERE h.id = NEW.hold_id AND h.member_id = o.member_id AND h.price_minor = NEW.unit_price_minor
    AND h.expires_at > o.created_at AND h.order_id IS NULL AND NEW.quantity = 1)
BEGIN
  SELECT RAISE(ABORT, 'hold_gone');
END;
--> statement-breakpoint
CREATE TRIGGER order_items_hold_spend AFTER INSERT ON order_items
WHEN NEW.hold_id IS NOT NULL
BEGIN
  UPDATE flash_sale_holds SET order_id = NEW.order_id WHERE id = NEW.hold_id;
END;
--> statement-breakpoint
-- A coupon is spent within its window and the member's limit; its total is capped by coupons_used.
CREATE TRIGGER coupon_redemptions_check BEFORE INSERT ON coupon_redemptions
WHEN NOT EXISTS (SELECT 1 FROM coupons c WHERE c.id = NEW.coupon_id AND c.starts_at <= NEW.at AND c.ends_at > NEW.at)
  OR (SELECT count(*) FROM coupon_redemptions r WHERE r.coupon_id = NEW.coupon_id AND r.member_id = NEW.member_id)
     >= (SELECT per_member_limit FROM coupons WHERE id = NEW.coupon_id)
BEGIN
  SELECT RAISE(ABORT, 'coupon_unavailable');
END;
--> statement-breakpoint
CREATE TRIGGER coupon_redemptions_count AFTER INSERT ON coupon_redemptions
BEGIN
  UPDATE coupons SET used = used + 1 WHERE id = NEW.coupon_id;
END;
--> statement-breakpoint
-- An in-room coupon is spent once, by the member who took it.
CREATE TRIGGER order_discounts_show_coupon_check BEFORE INSERT ON order_discounts
WHEN NEW.show_coupon_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM coupon_claims cc JOIN orders o ON o.id = NEW.order_id
  WHERE cc.coupon_id = NEW.show_coupon_id AND cc.member_id = o.member_id AND cc.used_at IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'coupon_unavailable');
END;
--> statement-breakpoint
CREATE TRIGGER order_discounts_show_coupon_spend AFTER INSERT ON order_discounts
WHEN NEW.show_coupon_id IS NOT NULL
BEGIN
  UPDATE coupon_claims SET used_at = (SELECT created_at FROM orders WHERE id = NEW.order_id), order_id = NEW.order_id
    WHERE coupon_id = NEW.show_coupon_id AND member_id = (SELECT member_id FROM orders WHERE id = NEW.order_id);
END;
