/**
 * The sandbox provider's hosted payment page (development only; 404 in production). Approving or
 * declining settles the sandbox's side and delivers the signed webhook to the shop, then sends the payer
 * back to the shop's return URL, as a real provider does.
 *
 * Delivery is an in-process call of the very handler behind `POST /webhooks/payment`, with the signed
 * headers and raw body a provider would send: a Worker fetching its own URL is not reliable (it may loop
 * back into the same isolate, be refused as a same-zone subrequest, or not resolve locally), and the
 * signature, freshness, amount and idempotency checks run all the same.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { formatMoney } from "../../lib/money.ts";
import { validatePath } from "../../lib/validation.ts";
import { usePage } from "../../views/page-context.ts";
import { renderPage } from "../../views/render.ts";
import { developmentOnly } from "../../middleware/development-only.ts";
import { findSandboxPayment, sandboxId, sandboxPagePath, sandboxWebhook, settleSandboxPayment, type SandboxPayment } from "./sandbox-provider.ts";
import { handlePaymentWebhook, type WebhookAnswer } from "./webhook.ts";

const paymentParam = v.object({ id: sandboxId });
const sentQuery = v.object({ sent: v.optional(v.pipe(v.string(), v.regex(/^\d{3}$/))) });

/** Sends the sandbox payment's webhook to the shop (see the file's comment) and returns the shop's answer. */
async function deliver(env: Env, payment: SandboxPayment): Promise<WebhookAnswer | null> {
  const now = Date.now();
  const webhook = await sandboxWebhook(env.PAYMENT_WEBHOOK_SECRET, payment, now);
  if (!webhook) return null;
  const answer = await handlePaymentWebhook(env, webhook.headers, webhook.body, now);
  if (answer.status !== 200) console.warn(JSON.stringify({ message: "sandbox webhook refused", payment: payment.id, status: answer.status }));
  return answer;
}

/** The sandbox payment provider's hosted pages (development only). */
export const sandboxPaymentRoutes = new Hono<AppEnv>()
  .use("/sandbox/pay/*", developmentOnly())
  .get("/sandbox/pay/:id", validatePath(paymentParam), async (c) => {
    const payment = await findSandboxPayment(database(c.env.DB), c.req.valid("param").id);
    if (!payment) throw new HTTPException(404);
    const sent = v.safeParse(sentQuery, c.req.query());
    c.header("Cache-Control", "no-store");
    return renderPage(c, {
      title: c.get("t")("sandbox.pay.pageTitle"),
      body: html`<${SandboxPayPage} payment=${payment} sent=${sent.success ? (sent.output.sent ?? null) : null} />`,
    });
  })
  .post("/sandbox/pay/:id/:outcome{approve|decline}", validatePath(v.object({ id: sandboxId, outcome: v.picklist(["approve", "decline"]) })), async (c) => {
    const { id, outcome } = c.req.valid("param");
    const db = database(c.env.DB);
    const payment = await findSandboxPayment(db, id);
    if (!payment) throw new HTTPException(404);
    // A second click settles nothing and sends nothing: the payer just goes back.
    if (await settleSandboxPayment(db, id, outcome === "approve" ? "approved" : "declined")) {
      await deliver(c.env, { ...payment, status: outcome === "approve" ? "approved" : "declined" });
    }
    return c.redirect(payment.returnUrl, 303);
  })
  .post("/sandbox/pay/:id/replay", validatePath(paymentParam), async (c) => {
    const payment = await findSandboxPayment(database(c.env.DB), c.req.valid("param").id);
    if (!payment) throw new HTTPException(404);
    const answer = await deliver(c.env, payment);
    return c.redirect(`${sandboxPagePath(payment.id)}${answer ? `?sent=${answer.status}` : ""}`, 303);
  });

function SandboxPayPage({ payment, sent }: { payment: SandboxPayment; sent: string | null }) {
  const { t, locale } = usePage();
  const base = sandboxPagePath(payment.id);
  return html`<section class="sandbox-pay" aria-labelledby="sandbox-pay-title">
    <h1 id="sandbox-pay-title">${t("sandbox.pay.pageTitle")}</h1>
    <p class="notice">${t("sandbox.pay.notice")}</p>
    <dl>
      <dt>${t("sandbox.pay.amount")}</dt>
      <dd><strong>${formatMoney({ minor: payment.amountMinor, currency: payment.currency }, locale)}</strong></dd>
      <dt>${t("sandbox.pay.description")}</dt>
      <dd>${payment.description}</dd>
      <dt>${t("sandbox.pay.status")}</dt>
      <dd>${t(`sandbox.pay.status.${payment.status}`)}</dd>
    </dl>
    ${payment.status === "created"
      ? html`<form method="post" action=${`${base}/approve`}><button class="button" type="submit">${t("sandbox.pay.approve")}</button></form>
          <form method="post" action=${`${base}/decline`}><button class="button button--danger" type="submit">${t("sandbox.pay.decline")}</button></form>
          <p><a class="button button--secondary" href=${payment.returnUrl}>${t("sandbox.pay.later")}</a></p>`
      : html`<form method="post" action=${`${base}/replay`}><button class="button button--secondary" type="submit">${t("sandbox.pay.replay")}</button></form>
          ${sent && html`<p role="status">${t("sandbox.pay.sent", { status: sent })}</p>`}
          <p><a href=${payment.returnUrl}>${t("sandbox.pay.back")}</a></p>`}
  </section>`;
}
