/**
 * The payment adapter: the only way money moves. The shop asks a provider to take a payment for an
 * order (it gets back the provider's reference and the hosted page to send the payer to), to refund
 * one, and to prove that a webhook really came from it. What the provider learns is the order's id as
 * the merchant reference, the amount and currency, and a description holding the order number — never
 * who bought it or where it goes (policy §4.3, P20). How Stripe, Alipay and WeChat Pay plug in:
 * docs/payments.md.
 */
import * as v from "valibot";

/** What the shop asks a provider to charge. */
export type PaymentRequest = {
  /** The shop's payment id: the provider's idempotency key, so a retried request makes one payment. */
  paymentId: string;
  /** The merchant reference the provider echoes in its webhooks: the order's id. */
  orderId: string;
  amountMinor: number;
  currency: string;
  /** What the payer reads on the provider's page: the order number, nothing personal. */
  description: string;
  /** Where the provider sends the payer back to, paid or not. */
  returnUrl: string;
};

export type RefundRequest = {
  providerRef: string;
  amountMinor: number;
  currency: string;
  /** The shop's payment id: refunding the same payment twice refunds it once. */
  idempotencyKey: string;
};

const ref = v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^[A-Za-z0-9_.:-]+$/));

/**
 * A provider's webhook, once verified, in the shop's own words. Adapters translate their provider's
 * events into this; anything else a provider sends is acknowledged and ignored by the adapter.
 */
export const paymentEvent = v.object({
  /** The provider's event id: the key that makes handling exactly-once (`webhook_events`). */
  id: ref,
  type: v.picklist(["payment.succeeded", "payment.failed"]),
  providerRef: ref,
  /** The merchant reference given at creation: the order's id. */
  reference: v.pipe(v.string(), v.regex(/^ord_[0-9a-z]{16}$/)),
  amountMinor: v.pipe(v.number(), v.integer(), v.minValue(0)),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
});
export type PaymentEvent = v.InferOutput<typeof paymentEvent>;

export type VerifiedWebhook = { ok: true; event: PaymentEvent } | { ok: false; reason: "signature" | "invalid" };

export interface PaymentProvider {
  /** Stored with each payment, to tell whose references a webhook speaks of. */
  readonly name: string;
  createPayment(request: PaymentRequest): Promise<{ providerRef: string; redirectUrl: string }>;
  refund(request: RefundRequest): Promise<{ refundRef: string }>;
  /**
   * Checks that `rawBody` (exactly the bytes received) was signed by the provider recently, then parses
   * it. `signature` means forged, altered or stale (the caller answers 401); `invalid`, a well-signed body
   * the shop cannot read (400).
   */
  verifyWebhook(headers: Headers, rawBody: string, now: number): Promise<VerifiedWebhook>;
}
