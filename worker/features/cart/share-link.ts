/**
 * Cart links: a signed token carrying product ids and quantities only (no member, no prices), so it can
 * be handed to anyone. The same shape carries a share link (7 days) and the item a guest chose before
 * signing in (30 minutes); whoever opens it sees today's prices and stock.
 */
import * as v from "valibot";
import { signToken, verifyToken } from "../../lib/signed-token.ts";
import { maxCartLines, maxQuantity, productId } from "./forms.ts";

export const shareLinkTtlSeconds = 7 * 86_400;
export const guestAddTtlSeconds = 30 * 60;

export type CartItem = { productId: string; quantity: number };

const cartLink = v.object({
  kind: v.literal("cart"),
  items: v.pipe(
    v.array(v.tuple([productId, v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(maxQuantity))])),
    v.minLength(1),
    v.maxLength(maxCartLines),
  ),
  exp: v.number(),
});

export function signCartLink(secret: string, items: CartItem[], ttlSeconds: number, now = Date.now()): Promise<string> {
  return signToken(secret, { kind: "cart", items: items.map((item) => [item.productId, item.quantity]) }, ttlSeconds, now);
}

/** The items of a valid, unexpired link (and when it expires), or null for anything else. */
export async function readCartLink(secret: string, token: string, now = Date.now()): Promise<{ items: CartItem[]; expiresAt: Date } | null> {
  const payload = await verifyToken(secret, token, cartLink, now);
  if (!payload) return null;
  return { items: payload.items.map(([id, quantity]) => ({ productId: id, quantity })), expiresAt: new Date(payload.exp * 1000) };
}
