/**
 * When a feature needs the member's verified identity (policy §2.3: only for the services that need
 * it, never at registration). Features ask `verificationReason`; the answer sends the member to
 * `identityPath(reason, back)` and the identity page sends them back.
 */
import type { VerificationReason } from "../../../db/schema/index.ts";

/** The reasons an order (rather than a dispute) asks for verification. */
export type OrderVerificationReason = Extract<VerificationReason, "cross_border" | "high_value">;

/** Orders from this total (¥5,000, in minor units of CNY) need the orderer's verified identity (anti-fraud). */
export const highValueMinor = 500_000;

/**
 * Why an order needs verification, or null: a line ships from abroad (customs clears cross-border
 * goods in the orderer's name), or the total is high.
 */
export function verificationReason(order: { crossBorder: boolean; totalMinor: number }): OrderVerificationReason | null {
  if (order.crossBorder) return "cross_border";
  if (order.totalMinor >= highValueMinor) return "high_value";
  return null;
}

/** The identity page asked for `reason`, coming back to the local path `back` afterwards. */
export const identityPath = (reason: VerificationReason, back: string) => `/account/identity?${new URLSearchParams({ reason, next: back })}`;
