/**
 * The one decision between personalised and non-personalised mode (policy §3.3, §9): personalised only
 * when the visitor allows the personalisation category on this device (refusing it, Global Privacy
 * Control and the privacy centre's switch all turn it off) and is not a signed-in minor, whatever they or
 * their guardian chose. Everything personal (recently viewed, "For you") asks here.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { signedInMinor } from "../guardians/middleware.ts";

// Asked several times per request (recently viewed, "For you"); a member's answer costs a query.
const decided = new WeakMap<Request, Promise<boolean>>();

export function personalised(c: Context<AppEnv>): Promise<boolean> {
  let decision = decided.get(c.req.raw);
  if (!decision) {
    decision = c.get("consent").decisions.personalization.storage ? signedInMinor(c).then((minor) => !minor) : Promise.resolve(false);
    decided.set(c.req.raw, decision);
  }
  return decision;
}
