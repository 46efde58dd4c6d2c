/**
 * The in-repo sandbox payment provider (development and tests): behaves like a real one — a hosted page,
 * idempotent creation and refunds, webhooks signed over a timestamp and the body — and keeps its side in
 * `sandbox_payments`, as a provider keeps its own books. Production never uses it.
 */
import { and, eq, inArray } from "drizzle-orm";
import * as v from "valibot";
import { sandboxPayments } from "../../../db/schema/index.ts";
import { database, type Db } from "../../lib/db.ts";
import { signWebhook, verifyWebhook, webhookSignatureHeader } from "../../lib/webhook-signature.ts";
import { paymentEvent, type PaymentEvent, type PaymentProvider } from "./adapter.ts";

export const sandboxStatuses = ["created", "approved", "declined", "refunded"] as const;
export type SandboxStatus = (typeof sandboxStatuses)[number];
export type SandboxPayment = Omit<typeof sandboxPayments.$inferSelect, "status"> & { status: SandboxStatus };

/** The sandbox's id for a payment follows from the shop's idempotency key, so creating it twice makes one. */
const sandboxIdFor = (paymentId: string) => `sbp_${paymentId.replace(/^[a-z]+_/, "")}`;

export const sandboxId = v.pipe(v.string(), v.regex(/^sbp_[0-9a-z]{16}$/));

/** The hosted payment page of a sandbox payment. */
export const sandboxPagePath = (id: string) => `/sandbox/pay/${id}`;

export function sandboxProvider(env: Pick<Env, "DB" | "PAYMENT_WEBHOOK_SECRET">): PaymentProvider {
  const db = database(env.DB);
  return {
    name: "sandbox",
    async createPayment(request) {
      const id = sandboxIdFor(request.paymentId);
      await db
        .insert(sandboxPayments)
        .values({
          id,
          reference: request.orderId,
          amountMinor: request.amountMinor,
          currency: request.currency,
          description: request.description,
          returnUrl: request.returnUrl,
          status: "created",
          createdAt: new Date(),
        })
        .onConflictDoNothing();
      return { providerRef: id, redirectUrl: new URL(sandboxPagePath(id), request.returnUrl).toString() };
    },
    async refund(request) {
      // Refunding a refunded payment again answers the same refund, as an idempotency key would.
      const [refunded] = await db
        .update(sandboxPayments)
        .set({ status: "refunded" })
        .where(
          and(
            eq(sandboxPayments.id, request.providerRef),
            eq(sandboxPayments.amountMinor, request.amountMinor),
            eq(sandboxPayments.currency, request.currency),
            inArray(sandboxPayments.status, ["approved", "refunded"]),
          ),
        )
        .returning({ id: sandboxPayments.id });
      if (!refunded) throw new Error("sandbox: nothing was captured to refund");
      return { refundRef: `sbr_${refunded.id.slice(4)}` };
    },
    async verifyWebhook(headers, rawBody, now) {
      if (!(await verifyWebhook(env.PAYMENT_WEBHOOK_SECRET, headers.get(webhookSignatureHeader), rawBody, now))) return { ok: false, reason: "signature" };
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return { ok: false, reason: "invalid" };
      }
      const parsed = v.safeParse(paymentEvent, json);
      return parsed.success ? { ok: true, event: parsed.output } : { ok: false, reason: "invalid" };
    },
  };
}

export async function findSandboxPayment(db: Db, id: string): Promise<SandboxPayment | null> {
  const [row] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.id, id)).limit(1);
  return row ? { ...row, status: v.parse(v.picklist(sandboxStatuses), row.status) } : null;
}

/** The payer approves or declines on the hosted page: once, while the payment is still open. */
export async function settleSandboxPayment(db: Db, id: string, outcome: "approved" | "declined"): Promise<boolean> {
  const settled = await db
    .update(sandboxPayments)
    .set({ status: outcome })
    .where(and(eq(sandboxPayments.id, id), eq(sandboxPayments.status, "created")))
    .returning({ id: sandboxPayments.id });
  return settled.length === 1;
}

/**
 * The webhook the sandbox sends about a settled payment, signed at `now`. The event id follows from the
 * payment and outcome, so sending it again (the page's replay button) is the same event, as a provider's
 * retry is.
 */
export async function sandboxWebhook(secret: string, payment: SandboxPayment, now: number): Promise<{ headers: Headers; body: string } | null> {
  const type = payment.status === "declined" ? "payment.failed" : payment.status === "created" ? null : "payment.succeeded";
  if (!type) return null;
  const event: PaymentEvent = {
    id: `evt_${payment.id.slice(4)}_${type === "payment.failed" ? "failed" : "succeeded"}`,
    type,
    providerRef: payment.id,
    reference: payment.reference,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
  };
  const body = JSON.stringify(event);
  const headers = new Headers({ "content-type": "application/json", [webhookSignatureHeader]: await signWebhook(secret, body, now) });
  return { headers, body };
}
