import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { products, productTexts } from "../../db/schema/index.ts";
import { placeOrder, type Delivery } from "../../worker/features/checkout/place-order.ts";
import { quote } from "../../worker/features/checkout/pricing.ts";
import { levels } from "../../worker/features/levels/levels.ts";
import { database } from "../../worker/lib/db.ts";
import { newId } from "../../worker/lib/ids.ts";

export const testDelivery: Delivery = { name: "Wang Fang", address: "88 Jiefang Road, Xihu District, Hangzhou", phone: "+8613912345678", altPhone: null, deliveryTime: "any" };

/**
 * Places an order for `memberId` directly (no pages): `quantity` of `productId` (of each, when several
 * are given) at today's price, member level.
 */
export async function placeTestOrder(memberId: string, productId: string | string[], options: { quantity?: number; now?: number; invoice?: { title: string; taxpayerId: string | null; email: string } } = {}) {
  const db = database(env.DB);
  const quantity = options.quantity ?? 1;
  const bought = await Promise.all(
    [productId].flat().map(async (id) => {
      const [product] = await db.select().from(products).where(eq(products.id, id));
      const [text] = await db.select().from(productTexts).where(eq(productTexts.productId, id)).limit(1);
      if (!product || !text) throw new Error(`no product ${id}`);
      return { product, line: { productId: id, title: text.title, imageKey: product.images[0]?.key ?? "", unitPriceMinor: product.priceMinor, quantity, holdId: null, saleId: null } };
    }),
  );
  const lines = bought.map(({ line }) => line);
  const level = levels[0]!;
  const priced = quote(bought.map(({ product, line }) => ({ ...line, categoryId: product.categoryId, fromSale: false })), level, level.id, null);
  const placed = await placeOrder(env.DB, env.FIELD_KEY, {
    memberId,
    checkoutKey: newId("chk"),
    currency: bought[0]!.product.currency,
    lines,
    quote: priced,
    level: level.id,
    delivery: testDelivery,
    recipientConsentAt: null,
    invoice: options.invoice ?? null,
    customsId: null,
    note: null,
    showId: null,
    fromCart: false,
    now: options.now ?? Date.now(),
  });
  if (!placed.ok) throw new Error(`order refused: ${placed.reason}`);
  return placed;
}

/** Members made directly in D1 (no sign-in needed), to race statements against each other. */
export async function makeMembers(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId("mbr"));
  const now = Date.now();
  await env.DB.batch(
    ids.map((id) =>
      env.DB.prepare(
        `INSERT INTO members (id, phone_hash, phone_enc, nickname, nickname_key, password_hash, avatar_key, locale, subject_id, created_at, password_changed_at)
         VALUES (?1, ?1, 'x', ?1, ?1, 'x', 'avatars/x.svg', 'en', ?1, ?2, ?2)`,
      ).bind(id, now),
    ),
  );
  return ids;
}

/** A product of the demo shop with exactly `stock` units. */
export async function productWithStock(stock: number): Promise<{ id: string; priceMinor: number }> {
  const row = await env.DB.prepare("SELECT id, price_minor FROM products WHERE stock > 0 ORDER BY id LIMIT 1 OFFSET ?")
    .bind(Math.floor(Math.random() * 20))
    .first<{ id: string; price_minor: number }>();
  if (!row) throw new Error("no product in stock");
  await env.DB.prepare("UPDATE products SET stock = ? WHERE id = ?").bind(stock, row.id).run();
  return { id: row.id, priceMinor: row.price_minor };
}
