/**
 * Staff: find, ship, cancel and refund orders. Guarded by `requireRole("staff")` (admins pass too).
 * Staff see recipients masked; the full name, address and phone are decrypted only to go onto the
 * carrier's label. Each action is offered only when the status machine allows it, and refused with a
 * 409 page (changing nothing) when a stale page or a forged form asks for it anyway.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import { orderStatuses } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { maskName } from "../../lib/masking.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { requireRole } from "../accounts/middleware.ts";
import { maskPhone } from "../accounts/phone.ts";
import { trackingFor } from "../delivery/queries.ts";
import { shipOrder } from "../delivery/ship-order.ts";
import { refundOrder } from "../payment/refund.ts";
import { findOrderByNumber, moveOrder, orderContents, orderRecipient, type OrderRow } from "./queries.ts";
import { canMove } from "./status.ts";
import { staffOrderList } from "./staff-queries.ts";
import {
  StaffOrderPage,
  StaffOrdersPage,
  StaffRefusedPage,
  staffActionNames,
  staffActions,
  staffNotices,
  staffOrderPath,
  type StaffAction,
} from "./staff-views.ts";

const orderNumber = v.pipe(v.string(), v.regex(/^\d{16}$/));

const listQuery = v.object({
  // People paste numbers with spaces or dashes; the search itself is exact.
  number: v.optional(v.pipe(v.string(), v.maxLength(40), v.transform((text) => text.replace(/[\s-]/g, ""))), ""),
  status: v.optional(v.union([v.literal(""), v.picklist(orderStatuses)]), ""),
  page: v.optional(v.pipe(v.string(), v.regex(/^\d{1,5}$/), v.transform(Number), v.minValue(1)), "1"),
});

/**
 * Carries out `action` on an order whose status allowed it when read. The caller reads the order again
 * afterwards rather than trusting the answer: a parallel request may have done (or undone) it meanwhile.
 */
async function perform(env: Env, order: OrderRow, action: StaffAction): Promise<void> {
  if (action === "cancel") {
    await moveOrder(env.DB, order.id, "pending_payment", "cancelled", "staff");
    return;
  }
  try {
    await (action === "ship" ? shipOrder(env, order) : refundOrder(env, order));
  } catch (error) {
    // The order is unchanged. Only the error's message is logged: nothing about the recipient or payer.
    console.error(JSON.stringify({ event: `${action}_failed`, order: order.id, error: error instanceof Error ? error.message : "unknown" }));
    // A failed refund is shown on the order page; a carrier that cannot be reached is an outage.
    if (action === "ship") throw new HTTPException(503, { message: "The carrier could not be reached." });
  }
}

export const staffOrderRoutes = new Hono<AppEnv>()
  .use("/staff/orders", requireRole("staff"))
  .use("/staff/orders/*", requireRole("staff"))
  .get("/staff/orders", validate("query", listQuery), async (c) => {
    const query = c.req.valid("query");
    const listing = await staffOrderList(database(c.env.DB), { number: query.number || null, status: query.status || null, page: query.page });
    const rows = await Promise.all(
      listing.rows.map(async ({ order, itemCount }) => ({
        number: order.number,
        createdAt: order.createdAt,
        status: order.status,
        totalMinor: order.totalMinor,
        currency: order.currency,
        itemCount,
        recipient: maskName((await orderRecipient(c.env.FIELD_KEY, order)).name),
      })),
    );
    return renderPage(c, {
      title: c.get("t")("staff.orders.title"),
      body: html`<${StaffOrdersPage} rows=${rows} total=${listing.total} page=${query.page} pages=${listing.pages} filter=${{ number: query.number, status: query.status }} />`,
    });
  })
  .get(
    "/staff/orders/:number",
    validatePath(v.object({ number: orderNumber })),
    validate("query", v.object({ done: v.fallback(v.optional(v.picklist(staffNotices)), undefined) })),
    async (c) => {
      const db = database(c.env.DB);
      const order = await findOrderByNumber(db, c.req.valid("param").number);
      if (!order) throw new HTTPException(404);
      const [contents, tracking, recipient] = await Promise.all([orderContents(db, order.id), trackingFor(db, order.id), orderRecipient(c.env.FIELD_KEY, order)]);
      return renderPage(c, {
        title: c.get("t")("staff.orders.detail.title", { number: order.number }),
        body: html`<${StaffOrderPage}
          order=${order}
          ...${contents}
          recipient=${{ name: maskName(recipient.name), phone: maskPhone(recipient.phone) }}
          tracking=${tracking}
          notice=${c.req.valid("query").done ?? null}
        />`,
      });
    },
  )
  .post("/staff/orders/:number/:action", validatePath(v.object({ number: orderNumber, action: v.picklist(staffActionNames) })), async (c) => {
    const { number, action } = c.req.valid("param");
    const db = database(c.env.DB);
    const order = await findOrderByNumber(db, number);
    if (!order) throw new HTTPException(404);
    const target = staffActions[action];
    // A second submit of the same form finds the work done: show the order as it now is.
    if (order.status === target) return c.redirect(staffOrderPath(number), 303);
    const legal = canMove(order.status, target);
    if (legal) await perform(c.env, order, action);
    const current = (await findOrderByNumber(db, number)) ?? order;
    if (current.status === target) return c.redirect(`${staffOrderPath(number)}?done=${target}`, 303);
    // The provider did not confirm the refund (or refunds are unavailable): nothing changed; say so.
    if (legal && action === "refund" && current.status === order.status) return c.redirect(`${staffOrderPath(number)}?done=refund_failed`, 303);
    return renderPage(c, {
      title: c.get("t")("staff.orders.refused.title"),
      status: 409,
      body: html`<${StaffRefusedPage} number=${number} status=${current.status} action=${action} />`,
    });
  });
