/**
 * The identity verifier adapter: checks that a real name and an ID card number belong together (a
 * provider asks the public security database). The shop sends the two values and keeps only the
 * answer; the provider learns nothing else about the member or the order. A real provider implements
 * `Verifier` and is returned by `verifierFor` in production.
 */
import { isProduction } from "../outbox/adapters.ts";
import { sandboxVerifier } from "./sandbox-verifier.ts";

export type IdentityClaim = { realName: string; idNumber: string };

/** `mismatch`: the name and number do not belong together; `unavailable`: the provider could not answer (try later). */
export type VerificationFailure = "mismatch" | "unavailable";
export type VerificationResult = { ok: true } | { ok: false; reason: VerificationFailure };

export type Verifier = {
  /** Recorded with each verification, so it is known later who vouched for it. */
  name: string;
  verify(claim: IdentityClaim): Promise<VerificationResult>;
};

/**
 * The sandbox everywhere but production. Production has no provider until one is configured: verifying
 * then fails loudly rather than pretending anyone was verified.
 */
export function verifierFor(env: Env): Verifier {
  if (isProduction(env)) throw new Error("no identity verifier is configured for production: implement Verifier for a provider in worker/features/identity/verifier.ts");
  return sandboxVerifier;
}
