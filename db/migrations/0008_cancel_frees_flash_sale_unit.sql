-- A cancelled order also lets go of the flash-sale unit it bought: the hold is no longer tied to an
-- order, so the minute sweep gives the unit back to its sale once the hold's own time is up.
DROP TRIGGER orders_release_on_cancel;
--> statement-breakpoint
CREATE TRIGGER orders_release_on_cancel AFTER UPDATE OF status ON orders
WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled'
BEGIN
  UPDATE products SET stock = stock + (SELECT quantity FROM order_items WHERE order_id = NEW.id AND product_id = products.id)
    WHERE id IN (SELECT product_id FROM order_items WHERE order_id = NEW.id);
  UPDATE coupons SET used = used - 1 WHERE id IN (SELECT coupon_id FROM coupon_redemptions WHERE order_id = NEW.id);
  DELETE FROM coupon_redemptions WHERE order_id = NEW.id;
  UPDATE coupon_claims SET used_at = NULL, order_id = NULL WHERE order_id = NEW.id;
  UPDATE flash_sale_holds SET order_id = NULL WHERE order_id = NEW.id;
END;
