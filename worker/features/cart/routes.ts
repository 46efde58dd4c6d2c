/**
 * The cart (policy §4.1: cart contents are collected for the cart itself, reminders, the frequently-
 * bought filter and share links). Members only (P04): a guest who adds something is sent to sign in and
 * comes back with it added. Forms answer 303; `/api/cart/...` answers the island with JSON.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database } from "../../lib/db.ts";
import { formatMoney } from "../../lib/money.ts";
import { fieldErrors, validate, validatePath, type FieldErrors } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { keptValues, type FormState } from "../accounts/forms.ts";
import { requireMember, signInPath } from "../accounts/middleware.ts";
import { requireGuardianConsent } from "../guardians/middleware.ts";
import { addForm, cartQuery, lineForm, lineParam, maxCartLines, maxQuantity, tokenInput, tokenParam, type CartNotice } from "./forms.ts";
import {
  addToCart,
  cartContents,
  cartLines,
  frequentlyBought,
  productsById,
  removeFromCart,
  setQuantity,
  type AddProblem,
  type AddResult,
  type CartSummary,
} from "./queries.ts";
import { guestAddTtlSeconds, readCartLink, shareLinkTtlSeconds, signCartLink, type CartItem } from "./share-link.ts";
import { AddToCartPage, CartLinkInvalidPage, CartPage, SharedCartPage, type LineState } from "./views.ts";

type Ctx = Context<AppEnv>;

const frequentLimit = 20;
const body = async (c: Ctx) => (await c.req.parseBody()) as Record<string, unknown>;

async function renderCart(c: Ctx, lineState: LineState | null = null, status: 200 | 409 | 422 = 200) {
  const db = database(c.env.DB);
  const member = c.get("member")!;
  const query = v.parse(cartQuery, c.req.method === "GET" ? c.req.query() : {});
  const [lines, frequent] = await Promise.all([cartLines(db, member.id, c.get("locale")), frequentlyBought(db, member.id, frequentLimit, c.get("locale"))]);
  const link = query.share ? await readCartLink(c.env.LINK_SECRET, query.share) : null;
  const share = link && query.share ? { url: new URL(`/cart/shared/${query.share}`, c.req.url).href, expiresAt: link.expiresAt } : null;
  return renderPage(c, {
    title: c.get("t")("cart.title"),
    section: "cart",
    status,
    body: html`<${CartPage} lines=${lines} frequent=${frequent} view=${query.view} notice=${query} share=${share} lineState=${lineState} />`,
  });
}

/** Where a form goes afterwards: its `next`, or the cart with a note of what happened. */
function back(c: Ctx, next: string | undefined, notice: Partial<Record<keyof CartNotice, string | number | undefined>> = {}) {
  if (next) return c.redirect(next, 303);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(notice)) if (value !== undefined && value !== 0) query.set(key, String(value));
  return c.redirect(query.size > 0 ? `/cart?${query}` : "/cart", 303);
}

const problemKeys: Record<AddProblem | "missing", MessageKey> = {
  unknown: "cart.error.product",
  missing: "cart.error.product",
  sold_out: "cart.error.soldOut",
  full: "cart.error.full",
};

/** What a batch of adds comes to, as the cart page's notice. */
function addNotice(results: AddResult[]) {
  return {
    added: results.filter((result) => result.ok).length,
    skipped: results.filter((result) => !result.ok).length,
    capped: results.some((result) => result.ok && result.capped) ? "1" : undefined,
  };
}

/** The product a refused add names, to show it and its form again (null when it is not sold). */
async function productFor(c: Ctx, id: string | undefined) {
  if (!id) return null;
  const [product] = await productsById(database(c.env.DB), [id], c.get("locale"));
  return product ?? null;
}

async function refuseAdd(c: Ctx, values: Record<string, unknown>, errors: FieldErrors, status: 404 | 409 | 422) {
  const kept: FormState = { values: keptValues(values), errors };
  const product = await productFor(c, typeof values.productId === "string" ? values.productId : undefined);
  return renderPage(c, { title: c.get("t")("cart.add.title"), status, body: html`<${AddToCartPage} product=${product} state=${kept} />` });
}

/** The island's answer: the cart's count, a message to show, and the new amounts when a line changed. */
function reply(c: Ctx, summary: CartSummary, message: string, line?: { quantity: number; totalMinor: number }) {
  const money = (minor: number) => (summary.currency ? formatMoney({ minor, currency: summary.currency }, c.get("locale")) : "");
  return c.json({
    count: summary.count,
    message,
    subtotal: money(summary.subtotalMinor),
    ...(line && { quantity: line.quantity, lineTotal: money(line.totalMinor) }),
  });
}

function refuse(c: Ctx, status: 404 | 409 | 422, errors: FieldErrors) {
  const message = Object.values(errors).flat()[0] ?? "cart.failed";
  return c.json({ error: status === 422 ? "invalid_input" : status === 404 ? "not_found" : "conflict", message: c.get("t")(message as MessageKey), fields: errors }, status);
}

const statusOf = (problem: AddProblem | "missing") => (problem === "unknown" || problem === "missing" ? 404 : 409);

/** Members and guests alike may open a cart link; only members add from it (guests sign in first). */
async function addFromLink(c: Ctx, token: string) {
  const link = await readCartLink(c.env.LINK_SECRET, token);
  if (!link) return renderPage(c, { title: c.get("t")("cart.shared.invalid.title"), status: 404, body: html`<${CartLinkInvalidPage} />` });
  const member = c.get("member");
  if (!member) return c.redirect(signInPath(`/cart/add?${new URLSearchParams({ t: token })}`), 303);
  const { results } = await addToCart(c.env.DB, member.id, link.items);
  return back(c, undefined, addNotice(results));
}

export const cartRoutes = new Hono<AppEnv>()
  .use("/cart", requireMember())
  .use("/api/cart/*", requireMember())
  // A member waiting for a guardian's consent browses only (policy §9); a shared cart can still be looked at.
  .use("/cart", requireGuardianConsent())
  .use("/cart/items/*", requireGuardianConsent())
  .use("/cart/add", requireGuardianConsent())
  .use("/cart/share", requireGuardianConsent())
  .use("/api/cart/*", requireGuardianConsent())
  .get("/cart", (c) => renderCart(c))
  .post("/cart/items", async (c) => {
    const values = await body(c);
    const parsed = v.safeParse(addForm, values);
    if (!parsed.success) return refuseAdd(c, values, fieldErrors(parsed.issues), 422);
    const { productId, quantity, next } = parsed.output;
    const member = c.get("member");
    if (!member) {
      // A guest signs in first; the signed link (products and quantities only, 30 minutes) adds the item on return.
      const product = await productFor(c, productId);
      if (!product) throw new HTTPException(404);
      if (product.stock <= 0) return refuseAdd(c, values, { quantity: [problemKeys.sold_out] }, 409);
      const token = await signCartLink(c.env.LINK_SECRET, [{ productId, quantity }], guestAddTtlSeconds);
      return c.redirect(signInPath(`/cart/add?${new URLSearchParams({ t: token })}`), 303);
    }
    const [result] = (await addToCart(c.env.DB, member.id, [{ productId, quantity }])).results;
    if (result && !result.ok) {
      if (result.problem === "unknown") throw new HTTPException(404);
      return refuseAdd(c, values, { quantity: [problemKeys[result.problem]] }, 409);
    }
    return back(c, next, addNotice(result ? [result] : []));
  })
  .post("/api/cart/items", async (c) => {
    const parsed = v.safeParse(addForm, await body(c));
    if (!parsed.success) return refuse(c, 422, fieldErrors(parsed.issues));
    const { results, summary } = await addToCart(c.env.DB, c.get("member")!.id, [{ productId: parsed.output.productId, quantity: parsed.output.quantity }]);
    const result = results[0]!;
    if (!result.ok) return refuse(c, statusOf(result.problem), { quantity: [problemKeys[result.problem]] });
    const message = result.capped
      ? c.get("t")("cart.added.capped", { quantity: result.quantity, count: summary.count })
      : c.get("t")("cart.added.live", { count: summary.count });
    return reply(c, summary, message);
  })
  .post("/cart/items/:productId", requireMember(), validatePath(lineParam), async (c) => {
    const { productId } = c.req.valid("param");
    const values = await body(c);
    const parsed = v.safeParse(lineForm, values);
    if (!parsed.success) return renderCart(c, { productId, state: { values: keptValues(values), errors: fieldErrors(parsed.issues) } }, 422);
    const member = c.get("member")!;
    const input = parsed.output;
    if (input.intent === "remove") {
      if (!(await removeFromCart(c.env.DB, member.id, productId)).removed) throw new HTTPException(404);
      return back(c, input.next, { removed: "1" });
    }
    const { result } = await setQuantity(c.env.DB, member.id, productId, input.quantity);
    if (!result.ok) {
      if (result.problem === "missing") throw new HTTPException(404);
      return renderCart(c, { productId, state: { values: keptValues(values), errors: { quantity: [problemKeys.sold_out] } } }, 409);
    }
    return back(c, input.next, { updated: "1", capped: result.capped ? "1" : undefined });
  })
  .post("/api/cart/items/:productId", validatePath(lineParam), async (c) => {
    const { productId } = c.req.valid("param");
    const parsed = v.safeParse(lineForm, await body(c));
    if (!parsed.success) return refuse(c, 422, fieldErrors(parsed.issues));
    const member = c.get("member")!;
    if (parsed.output.intent === "remove") {
      const { removed, summary } = await removeFromCart(c.env.DB, member.id, productId);
      return removed ? reply(c, summary, c.get("t")("cart.notice.removed")) : refuse(c, 404, { productId: [problemKeys.missing] });
    }
    const { result, summary } = await setQuantity(c.env.DB, member.id, productId, parsed.output.quantity);
    if (!result.ok) return refuse(c, statusOf(result.problem), { quantity: [problemKeys[result.problem]] });
    const message = result.capped ? c.get("t")("cart.notice.capped", { max: maxQuantity }) : c.get("t")("cart.notice.updated");
    return reply(c, summary, message, { quantity: result.quantity, totalMinor: result.quantity * result.unitPriceMinor });
  })
  .get("/cart/add", requireMember(), validate("query", tokenInput), (c) => addFromLink(c, c.req.valid("query").t))
  .post("/cart/add", validate("form", tokenInput), (c) => addFromLink(c, c.req.valid("form").t))
  .post("/cart/share", requireMember(), async (c) => {
    const items: CartItem[] = await cartContents(database(c.env.DB), c.get("member")!.id);
    if (items.length === 0) return c.redirect("/cart", 303);
    const token = await signCartLink(c.env.LINK_SECRET, items.slice(0, maxCartLines), shareLinkTtlSeconds);
    return c.redirect(`/cart?${new URLSearchParams({ share: token })}#share`, 303);
  })
  .get("/cart/shared/:token", validatePath(tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const link = await readCartLink(c.env.LINK_SECRET, token);
    if (!link) return renderPage(c, { title: c.get("t")("cart.shared.invalid.title"), status: 404, body: html`<${CartLinkInvalidPage} />` });
    const products = await productsById(database(c.env.DB), link.items.map((item) => item.productId), c.get("locale"));
    const quantities = new Map(link.items.map((item) => [item.productId, item.quantity]));
    return renderPage(c, {
      title: c.get("t")("cart.shared.title"),
      body: html`<${SharedCartPage} products=${products} quantities=${quantities} missing=${link.items.length - products.length} token=${token} />`,
    });
  });
