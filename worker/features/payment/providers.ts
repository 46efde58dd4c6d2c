import { isProduction } from "../outbox/adapters.ts";
import type { PaymentProvider } from "./adapter.ts";
import { sandboxProvider } from "./sandbox-provider.ts";

/**
 * The sandbox everywhere but production. Production has no provider until one is configured: paying
 * then fails loudly rather than pretending (docs/payments.md says how to add Stripe, Alipay or WeChat Pay).
 */
export function providerFor(env: Env): PaymentProvider {
  if (isProduction(env)) throw new Error("no payment provider is configured for production: see docs/payments.md");
  return sandboxProvider(env);
}
