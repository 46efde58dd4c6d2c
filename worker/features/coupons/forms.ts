import * as v from "valibot";
import { couponKinds, couponScopes } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { shopTime } from "../live/host-forms.ts";

const message = (key: MessageKey) => key;
const count = (min: number, max: number) =>
  v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}$/, message("coupons.error.number")), v.transform(Number), v.minValue(min, message("coupons.error.number")), v.maxValue(max, message("coupons.error.number")));
/** An amount in major units as typed (88 or 88.5). */
const amount = v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}(\.\d{1,2})?$/, message("coupons.error.amount")));

/** A shop coupon as staff define it; the database checks the same limits again (coupons_* CHECKs). */
export const couponForm = v.pipe(
  v.object({
    // Not "code": re-rendered forms never keep a field of that name (one-time codes).
    couponCode: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z0-9]{3,32}$/, message("coupons.error.code"))),
    kind: v.picklist(couponKinds),
    value: amount,
    minSpend: v.optional(amount, "0"),
    startsAt: shopTime("coupons.error.time"),
    endsAt: shopTime("coupons.error.time"),
    perMember: count(1, 99),
    total: count(1, 1_000_000),
    scope: v.picklist(couponScopes),
    scopeProduct: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120)), ""),
    scopeCategory: v.optional(v.pipe(v.string(), v.maxLength(40)), ""),
  }),
  v.forward(
    v.check((form) => form.endsAt.getTime() > form.startsAt.getTime(), message("coupons.error.window")),
    ["endsAt"],
  ),
  v.forward(
    v.check((form) => form.kind === "fixed" || (/^\d{1,2}$/.test(form.value) && Number(form.value) >= 1 && Number(form.value) <= 90), message("coupons.error.percent")),
    ["value"],
  ),
);
export type CouponForm = v.InferOutput<typeof couponForm>;
