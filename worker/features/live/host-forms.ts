/**
 * The host console's forms as valibot schemas, parsed once at the boundary. Messages are message keys,
 * so a re-rendered form shows them in the host's language.
 */
import * as v from "valibot";
import { streamKinds } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { shopTimeZoneOffsetMinutes } from "../../lib/dates.ts";
import { slugParam } from "../catalog/listing-query.ts";
import { couponLimits, saleLimits } from "./selling.ts";

const message = (key: MessageKey) => key;
const integer = (key: MessageKey, min: number, max: number) =>
  v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}$/, message(key)), v.transform(Number), v.minValue(min, message(key)), v.maxValue(max, message(key)));
const productId = v.pipe(v.string(), v.regex(/^prd_[0-9a-z]{16}$/, message("host.form.products.unknown")));

/** `2026-12-01T20:00` in the shop's time zone (the form's datetime-local value). */
export const shopTime = (invalid: MessageKey) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, message(invalid)),
    v.transform((local) => new Date(Date.parse(`${local}:00Z`) - shopTimeZoneOffsetMinutes * 60_000)),
    v.check((date) => !Number.isNaN(date.getTime()), message(invalid)),
  );

const optionalText = (max: number, key: MessageKey) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, message(key))), "");

export const showForm = v.pipe(
  v.object({
    titleEn: v.pipe(v.string(), v.trim(), v.minLength(1, message("host.form.title.required")), v.maxLength(80, message("host.form.title.too_long"))),
    titleZh: optionalText(80, "host.form.title.too_long"),
    descriptionEn: v.pipe(v.string(), v.trim(), v.minLength(1, message("host.form.description.required")), v.maxLength(500, message("host.form.description.too_long"))),
    descriptionZh: optionalText(500, "host.form.description.too_long"),
    startsAt: shopTime("host.form.startsAt.invalid"),
    /** Checkboxes: one value, several, or none. */
    products: v.pipe(
      v.optional(v.union([productId, v.array(productId)]), []),
      v.transform((value) => [...new Set(Array.isArray(value) ? value : [value])]),
      v.minLength(1, message("host.form.products.required")),
      v.maxLength(20, message("host.form.products.too_many")),
    ),
    stream: v.picklist(streamKinds, message("host.form.stream.invalid")),
    streamInput: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^([0-9a-f]{32})?$/, message("host.form.streamInput.invalid"))), ""),
  }),
  v.forward(
    v.check((form) => form.stream !== "stream" || form.streamInput !== "", message("host.form.streamInput.required")),
    ["streamInput"],
  ),
);
export type ShowForm = v.InferOutput<typeof showForm>;

export const saleForm = v.object({
  product: productId,
  /** In major units as typed (e.g. 88 or 88.5); converted with the product's currency. */
  price: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}(\.\d{1,2})?$/, message("host.form.price.invalid"))),
  quantity: integer("host.form.quantity.invalid", 1, saleLimits.maxQuantity),
  seconds: integer("host.form.seconds.invalid", saleLimits.minSeconds, saleLimits.maxSeconds),
});

export const couponForm = v.object({
  percent: integer("host.form.percent.invalid", couponLimits.minPercent, couponLimits.maxPercent),
  quantity: integer("host.form.quantity.invalid", 1, couponLimits.maxQuantity),
  minutes: integer("host.form.minutes.invalid", couponLimits.minMinutes, couponLimits.maxMinutes),
});

export const saleParam = v.object({ ...slugParam.entries, sale: v.pipe(v.string(), v.regex(/^fls_[0-9a-z]{16}$/)) });
export const couponParam = v.object({ ...slugParam.entries, coupon: v.pipe(v.string(), v.regex(/^cpn_[0-9a-z]{16}$/)) });

/** Major units as typed → minor units of `currency` (exact: no floating point). */
export function toMinor(major: string, digits: number): number {
  const [whole = "0", fraction = ""] = major.split(".");
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || 0);
}
