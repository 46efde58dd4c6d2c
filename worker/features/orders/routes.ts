/**
 * A member's orders (policy §2.1: the account shows the orders): the list with a "frequently bought"
 * view, each order's page, cancelling an unpaid order and confirming receipt. Another member's order
 * number answers exactly like an unknown one (404).
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database } from "../../lib/db.ts";
import { validatePath } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { requireMember } from "../accounts/middleware.ts";
import { frequentlyBought } from "../cart/queries.ts";
import { trackingFor } from "../delivery/queries.ts";
import { recomputeLevel } from "../levels/queries.ts";
import { payDetails } from "../payment/views.ts";
import { findMemberOrder, memberOrders, moveOrder, orderContents, orderRecipient, type OrderRow } from "./queries.ts";
import type { OrderStatus } from "../../../db/schema/index.ts";
import { OrderListPage, OrderPage, spacedNumber } from "./views.ts";

export const orderNumberParam = v.object({ number: v.pipe(v.string(), v.regex(/^\d{16}$/)) });
const listQuery = v.object({ view: v.optional(v.picklist(["all", "frequent"]), "all") });
const orderQuery = v.object({ placed: v.optional(v.literal("1")), done: v.optional(v.picklist(["cancelled", "received", "refused"])) });

async function memberOrder(c: Context<AppEnv>): Promise<OrderRow> {
  const { number } = v.parse(orderNumberParam, c.req.param());
  const order = await findMemberOrder(database(c.env.DB), c.get("member")!.id, number);
  if (!order) throw new HTTPException(404);
  return order;
}

/** A member's own move of their order (cancel, confirm receipt); refused quietly when it no longer applies. */
async function memberMove(c: Context<AppEnv>, from: OrderStatus, to: OrderStatus, done: "cancelled" | "received") {
  const order = await memberOrder(c);
  const moved = order.status === from && (await moveOrder(c.env.DB, order.id, from, to, "member"));
  if (moved && to === "completed" && order.memberId) await recomputeLevel(c.env.DB, order.memberId);
  return c.redirect(`/orders/${order.number}?done=${moved ? done : "refused"}`, 303);
}

const notices: Record<string, MessageKey> = { cancelled: "orders.notice.cancelled", received: "orders.notice.received", refused: "orders.notice.refused" };

export const orderRoutes = new Hono<AppEnv>()
  .get("/orders", requireMember(), async (c) => {
    const query = v.safeParse(listQuery, c.req.query());
    const view = query.success ? query.output.view : "all";
    const db = database(c.env.DB);
    const memberId = c.get("member")!.id;
    const [list, frequent] = await Promise.all([view === "all" ? memberOrders(db, memberId) : [], view === "frequent" ? frequentlyBought(db, memberId, 24, c.get("locale")) : []]);
    return renderPage(c, { title: c.get("t")("orders.title"), section: "account", body: html`<${OrderListPage} list=${list} frequent=${frequent} view=${view} />` });
  })
  .get("/orders/:number", requireMember(), validatePath(orderNumberParam), async (c) => {
    const order = await memberOrder(c);
    const db = database(c.env.DB);
    const [contents, recipient, tracking, pay] = await Promise.all([
      orderContents(db, order.id),
      orderRecipient(c.env.FIELD_KEY, order),
      trackingFor(db, order.id),
      payDetails(c.env, order),
    ]);
    const query = v.safeParse(orderQuery, c.req.query());
    const done = query.success ? query.output.done : undefined;
    return renderPage(c, {
      title: c.get("t")("orders.number", { number: spacedNumber(order.number) }),
      section: "account",
      body: html`<${OrderPage} detail=${{ order, ...contents, recipient, tracking, pay, placed: query.success && query.output.placed === "1", notice: done ? notices[done] : null }} />`,
    });
  })
  .post("/orders/:number/cancel", requireMember(), validatePath(orderNumberParam), (c) => memberMove(c, "pending_payment", "cancelled", "cancelled"))
  .post("/orders/:number/receive", requireMember(), validatePath(orderNumberParam), (c) => memberMove(c, "delivered", "completed", "received"));
