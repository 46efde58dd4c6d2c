/**
 * Checkout and the address book. The checkout page is its own review page: it always shows every amount
 * for what the form says, "Update totals" recomputes them, and "Place order" places the order only when
 * the total the member saw is still the total (otherwise the page shows the new one and asks again).
 */
import { Hono, type Context } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { keptValues } from "../accounts/forms.ts";
import { requireMember } from "../accounts/middleware.ts";
import { requireGuardianConsent } from "../guardians/middleware.ts";
import { isVerified, memberIdentity } from "../identity/queries.ts";
import { identityPath, verificationReason } from "../identity/requirements.ts";
import { memberLevel } from "../levels/queries.ts";
import { addressForm, parseCheckout, parseDelivery, parseInvoice, type CheckoutInput } from "./forms.ts";
import { placeOrder, type Delivery } from "./place-order.ts";
import { quote, type CouponRule } from "./pricing.ts";
import { cartLines, couponByCode, deleteAddress, holdLine, maxAddresses, memberAddresses, saveAddress, showCouponRules, showOfCoupon, type CheckoutLine } from "./queries.ts";
import { AddressBookPage, CheckoutPage, type CheckoutState } from "./views.ts";

const checkoutLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60, key: (c) => `checkout:${c.get("member")!.id}` });
const holdQuery = v.object({ hold: v.optional(v.pipe(v.string(), v.regex(/^hld_[0-9a-z]{16}$/))) });
const addressParam = v.object({ id: v.pipe(v.string(), v.regex(/^adr_[0-9a-z]{16}$/)) });

type Ctx = Context<AppEnv>;

/** What is being bought: a held flash-sale unit, or the cart. */
async function linesFor(c: Ctx, hold: string | undefined, now: number): Promise<{ lines: CheckoutLine[]; showId: string | null }> {
  const db = database(c.env.DB);
  const memberId = c.get("member")!.id;
  const locale = c.get("locale");
  if (hold) {
    const held = await holdLine(db, memberId, hold, locale, now);
    return held ? { lines: [held.line], showId: held.showId } : { lines: [], showId: null };
  }
  return { lines: await cartLines(db, memberId, locale), showId: null };
}

type Resolved = { coupon: CouponRule | null; errors: FieldErrors };

/** The coupon the form names (a typed code, or an in-room coupon of the member's own), at most one. */
async function resolveCoupon(c: Ctx, input: CheckoutInput, showCoupons: CouponRule[], now: number): Promise<Resolved> {
  if (input.coupon_code && input.show_coupon) return { coupon: null, errors: { coupon_code: ["checkout.error.one_coupon"] } };
  if (input.show_coupon) {
    const coupon = showCoupons.find((rule) => rule.id === input.show_coupon) ?? null;
    return coupon ? { coupon, errors: {} } : { coupon: null, errors: { show_coupon: ["checkout.error.coupon_unknown"] } };
  }
  if (!input.coupon_code) return { coupon: null, errors: {} };
  const coupon = await couponByCode(database(c.env.DB), input.coupon_code, now);
  return coupon ? { coupon, errors: {} } : { coupon: null, errors: { coupon_code: ["checkout.error.coupon_unknown"] } };
}

async function renderCheckout(c: Ctx, state: Omit<CheckoutState, "addresses" | "showCoupons" | "level" | "verifyFirst"> & { showCoupons: CouponRule[] }, status: 200 | 409 | 422 = 200) {
  const db = database(c.env.DB);
  const memberId = c.get("member")!.id;
  const reason = identityReason(state.lines, state.quote.totalMinor);
  const [addresses, { level }, verified] = await Promise.all([memberAddresses(db, c.env.FIELD_KEY, memberId), memberLevel(db, memberId), reason ? isVerified(db, memberId) : true]);
  const verifyFirst = reason && !verified ? { reason, href: identityPath(reason, checkoutPath(state.values.hold)) } : null;
  return renderPage(c, {
    title: c.get("t")("checkout.title"),
    section: "account",
    status,
    body: html`<${CheckoutPage} state=${{ ...state, addresses, level, verifyFirst, showCoupons: state.showCoupons.map(({ id, label }) => ({ id, label })) }} />`,
  });
}

/** Cross-border and high-value orders need the member's verified identity (features/identity). */
const identityReason = (lines: CheckoutLine[], totalMinor: number) => verificationReason({ crossBorder: lines.some((line) => line.crossBorder), totalMinor });
/** Where the identity page sends the member back to: this checkout, with its held unit if any. */
const checkoutPath = (hold: string | undefined) => (hold ? `/checkout?hold=${hold}` : "/checkout");

const showCouponLabel = (c: Ctx) => (percent: number, show: string) => c.get("t")("checkout.show_coupon_label", { percent, show });

export const checkoutRoutes = new Hono<AppEnv>()
  // A member waiting for a guardian's consent browses only (policy §9): no orders, no address book.
  .use("/checkout", requireGuardianConsent())
  .use("/account/addresses/*", requireGuardianConsent())
  .get("/checkout", requireMember(), async (c) => {
    const query = v.safeParse(holdQuery, c.req.query());
    const hold = query.success ? query.output.hold : undefined;
    const now = Date.now();
    const db = database(c.env.DB);
    const { lines } = await linesFor(c, hold, now);
    if (lines.length === 0) return c.redirect(hold ? "/orders" : "/cart", 303);
    const [addresses, { level }, showCoupons] = await Promise.all([
      memberAddresses(db, c.env.FIELD_KEY, c.get("member")!.id),
      memberLevel(db, c.get("member")!.id),
      showCouponRules(db, c.get("member")!.id, now, showCouponLabel(c)),
    ]);
    const values = { checkout_key: newId("chk"), hold: hold ?? "", address_id: addresses[0]?.id ?? "new", save_address: "on", country: "CN" };
    const priced = quote(pricedLines(lines), level, levelLabel(c, level.id, level.discountPercent), null);
    return renderCheckout(c, { lines, quote: priced, values, errors: {}, notice: null, showCoupons });
  })
  .post("/checkout", requireMember(), checkoutLimit, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const now = Date.now();
    const db = database(c.env.DB);
    const memberId = c.get("member")!.id;
    const values = keptValues(body);
    const { lines, showId: holdShow } = await linesFor(c, typeof body.hold === "string" && body.hold ? body.hold : undefined, now);
    if (lines.length === 0) return c.redirect("/cart", 303);
    const showCoupons = await showCouponRules(db, memberId, now, showCouponLabel(c));
    const { level } = await memberLevel(db, memberId);
    const label = levelLabel(c, level.id, level.discountPercent);
    const parsed = parseCheckout(body);
    if (!parsed.ok) {
      return renderCheckout(c, { lines, quote: quote(pricedLines(lines), level, label, null), values: parsed.state.values, errors: parsed.state.errors, notice: null, showCoupons }, 422);
    }
    const input = parsed.value;
    const resolved = await resolveCoupon(c, input, showCoupons, now);
    const priced = quote(pricedLines(lines), level, label, resolved.coupon);
    const errors: FieldErrors = { ...parsed.errors, ...resolved.errors };
    if (priced.couponProblem) errors[input.show_coupon ? "show_coupon" : "coupon_code"] = [`checkout.error.coupon_${priced.couponProblem}`];
    const short = lines.filter((line) => line.quantity > line.stock);
    const page = (notice: MessageKey | null, status: 200 | 409 | 422) => renderCheckout(c, { lines, quote: priced, values, errors, notice, showCoupons }, status);
    if (short.length > 0) return page("checkout.notice.stock", 409);
    if (Object.keys(errors).length > 0) return page(null, 422);
    if (input.intent === "update") return page(null, 200);
    if (input.quoted_total !== priced.totalMinor) return page("checkout.notice.total_changed", 409);
    const reason = identityReason(lines, priced.totalMinor);
    const identity = reason ? await memberIdentity(db, c.env.FIELD_KEY, memberId) : null;
    if (reason && !identity) return c.redirect(identityPath(reason, checkoutPath(input.hold)), 303);

    const delivery = await chosenDelivery(c, input);
    if (!delivery) {
      errors.address_id = ["checkout.error.address_unknown"];
      return page(null, 422);
    }
    const invoice = parseInvoice(input);
    const placed = await placeOrder(c.env.DB, c.env.FIELD_KEY, {
      memberId,
      checkoutKey: input.checkout_key,
      currency: lines[0]!.currency,
      lines,
      quote: priced,
      level: level.id,
      delivery,
      recipientConsentAt: input.for_someone_else === "on" ? now : null,
      invoice: invoice.ok ? invoice.value : null,
      // Customs clears cross-border goods in the orderer's name: the member's verified ID number, sealed again for the order.
      customsId: lines.some((line) => line.crossBorder) ? (identity?.idNumber ?? null) : null,
      note: input.note || null,
      showId: holdShow ?? (resolved.coupon?.source === "show_coupon" ? await showOfCoupon(db, resolved.coupon.id) : null),
      fromCart: !input.hold,
      now,
    });
    if (!placed.ok) return page(`checkout.notice.${placed.reason}`, 409);
    if (!placed.duplicate && input.address_id === "new" && input.save_address === "on") {
      const addresses = await memberAddresses(db, c.env.FIELD_KEY, memberId);
      if (addresses.length < maxAddresses) await saveAddress(db, c.env.FIELD_KEY, memberId, delivery, now);
    }
    return c.redirect(`/orders/${placed.number}?placed=1`, 303);
  })
  .get("/account/addresses", requireMember(), async (c) => renderAddressBook(c, {}, {}, c.req.query("saved") === "1"))
  .post("/account/addresses", requireMember(), async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const values = keptValues(body);
    const parsed = v.safeParse(addressForm, body);
    const delivery = parsed.success ? parseDelivery(parsed.output) : { ok: false as const, errors: { address: ["checkout.error.address"] } };
    if (!delivery.ok) return renderAddressBook(c, values, delivery.errors, false, 422);
    const db = database(c.env.DB);
    const existing = await memberAddresses(db, c.env.FIELD_KEY, c.get("member")!.id);
    if (existing.length >= maxAddresses) return renderAddressBook(c, values, { address: ["addresses.error.full"] }, false, 422);
    await saveAddress(db, c.env.FIELD_KEY, c.get("member")!.id, delivery.value);
    return c.redirect("/account/addresses?saved=1", 303);
  })
  .post("/account/addresses/:id/delete", requireMember(), validatePath(addressParam), async (c) => {
    const deleted = await deleteAddress(database(c.env.DB), c.get("member")!.id, c.req.valid("param").id);
    if (!deleted) return c.notFound();
    return c.redirect("/account/addresses", 303);
  });

async function renderAddressBook(c: Ctx, values: Record<string, string>, errors: FieldErrors, saved: boolean, status: 200 | 422 = 200) {
  const addresses = await memberAddresses(database(c.env.DB), c.env.FIELD_KEY, c.get("member")!.id);
  return renderPage(c, {
    title: c.get("t")("addresses.title"),
    section: "account",
    status,
    body: html`<${AddressBookPage} addresses=${addresses} values=${{ country: "CN", ...values }} errors=${errors} saved=${saved} />`,
  });
}

/** The delivery details for the order: a saved address of the member's own, or the typed one. */
async function chosenDelivery(c: Ctx, input: CheckoutInput): Promise<Delivery | null> {
  if (input.address_id === "new") {
    const typed = parseDelivery(input);
    return typed.ok ? typed.value : null;
  }
  const saved = (await memberAddresses(database(c.env.DB), c.env.FIELD_KEY, c.get("member")!.id)).find((address) => address.id === input.address_id);
  return saved ? { name: saved.name, address: saved.address, phone: saved.phone, altPhone: saved.altPhone, deliveryTime: saved.deliveryTime } : null;
}

const pricedLines = (lines: CheckoutLine[]) => lines.map((line) => ({ ...line, fromSale: line.holdId !== null }));
const levelLabel = (c: Ctx, id: string, percent: number) => c.get("t")("checkout.level_discount", { level: c.get("t")(`levels.name.${id}` as MessageKey), percent });
