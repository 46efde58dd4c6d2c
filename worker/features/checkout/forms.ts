/**
 * The checkout and address-book forms, parsed once at the boundary. What a field needs depends on the
 * order (policy §4.2, ask only for what it needs): the invoice block only when an invoice is wanted, the
 * recipient's agreement only when the order is for someone else. (Customs identity for items from abroad
 * comes from the member's identity verification, features/identity.) Messages are message keys.
 */
import * as v from "valibot";
import { deliveryTimes } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { fieldErrors, type FieldErrors } from "../../lib/validation.ts";
import { keptValues, type FormState } from "../accounts/forms.ts";
import { parsePhone } from "../accounts/phone.ts";
import type { Delivery, Invoice } from "./place-order.ts";

const message = (key: MessageKey) => key;
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, message("checkout.error.too_long"))), "");
const checkbox = v.optional(v.picklist(["on"]));

export const addressFields = {
  recipient: optionalText(60),
  country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/)), "CN"),
  phone: optionalText(40),
  alt_phone: optionalText(40),
  address: optionalText(300),
  delivery_time: v.optional(v.picklist(deliveryTimes), "any"),
};

export const addressForm = v.object(addressFields);

export const checkoutForm = v.object({
  ...addressFields,
  /** A saved address id, or "new" for the fields above. */
  address_id: v.optional(v.pipe(v.string(), v.regex(/^(new|adr_[0-9a-z]{16})$/)), "new"),
  save_address: checkbox,
  for_someone_else: checkbox,
  recipient_agreed: checkbox,
  invoice: checkbox,
  invoice_title: optionalText(100),
  invoice_taxpayer: optionalText(20),
  invoice_email: optionalText(254),
  coupon_code: optionalText(32),
  show_coupon: v.optional(v.pipe(v.string(), v.regex(/^(|cpn_[0-9a-z]{16})$/)), ""),
  note: optionalText(200),
  hold: v.optional(v.pipe(v.string(), v.regex(/^(|hld_[0-9a-z]{16})$/)), ""),
  checkout_key: v.pipe(v.string(), v.regex(/^chk_[0-9a-z]{16}$/)),
  quoted_total: v.optional(v.pipe(v.string(), v.regex(/^\d{1,10}$/), v.transform(Number))),
  intent: v.optional(v.picklist(["update", "place"]), "update"),
});
export type CheckoutInput = v.InferOutput<typeof checkoutForm>;

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The delivery details typed into the address fields, checked together (the phone must be a mobile). */
export function parseDelivery(input: v.InferOutput<typeof addressForm>): Parsed<Delivery> {
  const errors: FieldErrors = {};
  if (!input.recipient) errors.recipient = [message("checkout.error.recipient")];
  if (input.address.length < 5) errors.address = [message("checkout.error.address")];
  const phone = parsePhone(input.country, input.phone);
  if (!phone.ok) errors.phone = [message(input.phone ? "form.phone.invalid" : "form.phone.required")];
  const alt = input.alt_phone ? parsePhone(input.country, input.alt_phone) : null;
  if (alt && !alt.ok) errors.alt_phone = [message("form.phone.invalid")];
  if (Object.keys(errors).length > 0 || !phone.ok) return { ok: false, errors };
  return {
    ok: true,
    value: { name: input.recipient, address: input.address, phone: phone.e164, altPhone: alt?.ok ? alt.e164 : null, deliveryTime: input.delivery_time },
  };
}

/** The invoice block, only when an invoice is wanted: a title and an email; a taxpayer id when the buyer is a company. */
export function parseInvoice(input: CheckoutInput): Parsed<Invoice | null> {
  if (input.invoice !== "on") return { ok: true, value: null };
  const errors: FieldErrors = {};
  if (!input.invoice_title) errors.invoice_title = [message("checkout.error.invoice_title")];
  const email = v.safeParse(v.pipe(v.string(), v.email()), input.invoice_email);
  if (!email.success) errors.invoice_email = [message("form.email.invalid")];
  const taxpayer = input.invoice_taxpayer.toUpperCase();
  // China's unified social credit code: 18 characters (older taxpayer ids: 15 or 20).
  if (taxpayer && !/^[0-9A-Z]{15}$|^[0-9A-Z]{18}$|^[0-9A-Z]{20}$/.test(taxpayer)) errors.invoice_taxpayer = [message("checkout.error.taxpayer")];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title: input.invoice_title, taxpayerId: taxpayer || null, email: input.invoice_email.toLowerCase() } };
}

/** Parses the whole checkout form: the schema, then the rules that depend on the order. */
export function parseCheckout(body: Record<string, unknown>): { ok: true; value: CheckoutInput; errors: FieldErrors } | { ok: false; state: FormState } {
  const result = v.safeParse(checkoutForm, body);
  if (!result.success) return { ok: false, state: { values: keptValues(body), errors: fieldErrors(result.issues) } };
  const input = result.output;
  const errors: FieldErrors = {};
  if (input.for_someone_else === "on" && input.recipient_agreed !== "on") errors.recipient_agreed = [message("checkout.error.recipient_agreed")];
  if (input.address_id === "new") {
    const delivery = parseDelivery(input);
    if (!delivery.ok) Object.assign(errors, delivery.errors);
  }
  const invoice = parseInvoice(input);
  if (!invoice.ok) Object.assign(errors, invoice.errors);
  return { ok: true, value: input, errors };
}
