/**
 * The cart's inputs, as valibot schemas parsed once at the boundary. Forms and the island's requests
 * send the same urlencoded fields, so one schema serves both. Messages are message keys.
 */
import * as v from "valibot";
import type { MessageKey } from "../../i18n/index.ts";
import { localPath } from "../language/routes.ts";

const message = (key: MessageKey) => key;

/** At most this many of one product in a cart (the table's CHECK says the same). */
export const maxQuantity = 99;
/** At most this many different products in a cart, so a share link always fits in a URL. */
export const maxCartLines = 40;

export const productId = v.pipe(v.string(), v.regex(/^prd_[0-9a-z]{16}$/, message("cart.error.product")));
const quantity = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{1,3}$/, message("cart.error.quantity")),
  v.transform(Number),
  v.minValue(1, message("cart.error.quantity")),
  v.maxValue(maxQuantity, message("cart.error.quantity")),
);
/** Where to go afterwards; a bad path is ignored (the cart is the default), never followed. */
const next = v.fallback(v.optional(localPath), undefined);

export const addForm = v.object({ productId, quantity: v.optional(quantity, "1"), next });

/** One line of the cart: a new quantity, or remove it. */
export const lineForm = v.variant(
  "intent",
  [v.object({ intent: v.literal("set"), quantity, next }), v.object({ intent: v.literal("remove"), next })],
  message("cart.error.quantity"),
);

export const lineParam = v.object({ productId });

/** A cart link's token (share links, and the item a guest chose before signing in). */
export const tokenInput = v.object({ t: v.pipe(v.string(), v.maxLength(4000)) });
export const tokenParam = v.object({ token: v.pipe(v.string(), v.maxLength(4000)) });

const count = v.fallback(v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number))), undefined);
const flag = v.fallback(v.optional(v.literal("1")), undefined);

/** What the cart page says after a change (from the redirect's query); anything odd is ignored. */
export const cartQuery = v.object({
  view: v.fallback(v.optional(v.picklist(["all", "frequent"]), "all"), "all"),
  added: count,
  skipped: count,
  capped: flag,
  updated: flag,
  removed: flag,
  share: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(4000))), undefined),
});
export type CartNotice = v.InferOutput<typeof cartQuery>;
