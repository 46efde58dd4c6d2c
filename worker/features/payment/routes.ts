import { asc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import { orderItems } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { signToken, verifyToken } from "../../lib/signed-token.ts";
import { validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { requireMember } from "../accounts/middleware.ts";
import { findMemberOrder, findOrder } from "../orders/queries.ts";
import { findInvoice } from "./invoices.ts";
import { providerFor } from "./providers.ts";
import { payRefusal, startPayment, type PayRefusal } from "./queries.ts";
import { PayForOtherPage, PayLinkInvalidPage, PayLinkPage, PayRefusedPage } from "./views.ts";
import { handlePaymentWebhook } from "./webhook.ts";

const orderParam = v.object({ number: v.pipe(v.string(), v.regex(/^\d{16}$/)) });
const tokenParam = v.object({ token: v.pipe(v.string(), v.maxLength(500), v.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)) });

/** A pay-for-me link carries the order's id and nothing else; it lapses when the order's time to pay does. */
const payLink = v.object({ kind: v.literal("pay"), order: v.pipe(v.string(), v.regex(/^ord_[0-9a-z]{16}$/)) });

/** Starting payments and making links costs the provider and the database: per member, and per client for links. */
const memberLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60, key: (c) => c.get("member")!.id });
const clientLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60 });

/** Webhook bodies are small JSON; anything larger is not from the provider. */
const maxWebhookBytes = 64 * 1024;

/** Paying for an order, pay-for-me links, invoices and the provider's webhooks. */
export const paymentRoutes = new Hono<AppEnv>()
  .post("/orders/:number/pay", requireMember(), memberLimit, validatePath(orderParam), async (c) => {
    const db = database(c.env.DB);
    const order = await findMemberOrder(db, c.get("member")!.id, c.req.valid("param").number);
    if (!order) throw new HTTPException(404);
    const started = await startPayment(db, providerFor(c.env), order, {
      description: c.get("t")("pay.providerDescription", { number: order.number }),
      returnUrl: new URL(`/orders/${order.number}`, c.req.url).toString(),
      now: Date.now(),
    });
    if (!started.ok) return refusedPage(c, started.reason, order.number);
    return c.redirect(started.redirectUrl, 303);
  })
  .post("/orders/:number/pay-link", requireMember(), memberLimit, validatePath(orderParam), async (c) => {
    const order = await findMemberOrder(database(c.env.DB), c.get("member")!.id, c.req.valid("param").number);
    if (!order) throw new HTTPException(404);
    const now = Date.now();
    const refusal = payRefusal(order, now);
    if (refusal) return refusedPage(c, refusal, order.number);
    const ttlSeconds = Math.floor((order.payBy.getTime() - now) / 1000);
    const token = await signToken(c.env.LINK_SECRET, { kind: "pay", order: order.id } satisfies v.InferOutput<typeof payLink>, ttlSeconds, now);
    const link = new URL(`/pay/${token}`, c.req.url).toString();
    return renderPage(c, { title: c.get("t")("pay.link.pageTitle"), body: html`<${PayLinkPage} order=${order} link=${link} expiresAt=${order.payBy} />` });
  })
  .get("/pay/:token", validatePath(tokenParam), async (c) => {
    c.header("Cache-Control", "no-store");
    const { token } = c.req.valid("param");
    const opened = await openPayLink(c.env, token);
    if (!opened) return invalidLinkPage(c);
    const db = database(c.env.DB);
    const items = await db.select({ title: orderItems.title }).from(orderItems).where(eq(orderItems.orderId, opened.id)).orderBy(asc(orderItems.title));
    return renderPage(c, {
      title: c.get("t")("pay.other.pageTitle"),
      body: html`<${PayForOtherPage} order=${opened} titles=${items.map((item) => item.title)} token=${token} refusal=${payRefusal(opened, Date.now())} />`,
    });
  })
  .post("/pay/:token", clientLimit, validatePath(tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const order = await openPayLink(c.env, token);
    if (!order) return invalidLinkPage(c);
    const started = await startPayment(database(c.env.DB), providerFor(c.env), order, {
      description: c.get("t")("pay.providerDescription", { number: order.number }),
      returnUrl: new URL(`/pay/${token}`, c.req.url).toString(),
      now: Date.now(),
    });
    if (!started.ok) return c.redirect(`/pay/${token}`, 303);
    return c.redirect(started.redirectUrl, 303);
  })
  .get("/orders/:number/invoice", requireMember(), validatePath(orderParam), async (c) => {
    const db = database(c.env.DB);
    const order = await findMemberOrder(db, c.get("member")!.id, c.req.valid("param").number);
    const invoice = order && (await findInvoice(db, order.id));
    const document = invoice && (await c.env.MEDIA.get(invoice.documentKey));
    if (!document) throw new HTTPException(404);
    const headers = new Headers();
    document.writeHttpMetadata(headers);
    // A download (Content-Disposition from R2's metadata), never kept by a shared cache.
    headers.set("Cache-Control", "private, no-store");
    return new Response(document.body, { headers });
  })
  .post("/webhooks/payment", async (c) => {
    // Machine-to-machine: the answer is JSON whatever happens, and the body is read raw (the signature covers its bytes).
    const length = Number(c.req.header("Content-Length") ?? 0);
    if (length > maxWebhookBytes) return c.json({ error: "too_large" }, 413);
    const rawBody = await c.req.text();
    if (rawBody.length > maxWebhookBytes) return c.json({ error: "too_large" }, 413);
    const answer = await handlePaymentWebhook(c.env, c.req.raw.headers, rawBody, Date.now());
    return c.json(answer.body, answer.status);
  });

const refusedPage = (c: Context<AppEnv>, reason: PayRefusal, number: string) =>
  renderPage(c, { title: c.get("t")("pay.refused.pageTitle"), status: 409, body: html`<${PayRefusedPage} reason=${reason} back=${`/orders/${number}`} />` });

/** Expired, altered and made-up links read the same: there is nothing to tell apart for the holder. */
const invalidLinkPage = (c: Context<AppEnv>) => renderPage(c, { title: c.get("t")("pay.other.invalid.pageTitle"), status: 404, body: html`<${PayLinkInvalidPage} />` });

/** The order a pay link names, when its signature holds and it has not lapsed. */
async function openPayLink(env: Env, token: string) {
  const payload = await verifyToken(env.LINK_SECRET, token, payLink);
  return payload ? findOrder(database(env.DB), payload.order) : null;
}
