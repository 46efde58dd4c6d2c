import type { SignedIn } from "./features/accounts/sessions.ts";
import type { ConsentState } from "./features/consent/consent-state.ts";
import type { Locale, Translate } from "./i18n/index.ts";

/** Hono's environment for every router of the shop: bindings from `wrangler types`, per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    locale: Locale;
    t: Translate;
    /** What the visitor allows on this request (worker/middleware/consent.ts). */
    consent: ConsentState;
    /** The signed-in member, or null for a guest (features/accounts/middleware.ts). */
    member: SignedIn | null;
  };
};
