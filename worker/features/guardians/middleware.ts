/**
 * Policy §9: below the age of consent, a member may browse and search until a guardian agrees. The one
 * guard for everything beyond that (cart, checkout, buying and coupons in shows); adults, approved
 * minors and guests pass (guests meet the route's own sign-in rule).
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { ageOfConsent, isMinor } from "./age.ts";
import { renderGuardianStep } from "./member-page.ts";
import { isLimited, memberStanding } from "./queries.ts";

/** Whether the signed-in member waits for a guardian's consent (false for guests). */
export async function awaitingGuardian(c: Context<AppEnv>, now = new Date()): Promise<boolean> {
  const member = c.get("member");
  if (!member) return false;
  const standing = await memberStanding(database(c.env.DB), member.id);
  return standing !== null && isLimited(standing, now, ageOfConsent(c.env));
}

/** Whether the signed-in member is under the age of consent now, whatever their guardian said (false for guests). */
export async function signedInMinor(c: Context<AppEnv>, now = new Date()): Promise<boolean> {
  const member = c.get("member");
  if (!member) return false;
  const standing = await memberStanding(database(c.env.DB), member.id);
  return standing !== null && isMinor(standing.birthMonth, now, ageOfConsent(c.env));
}

/**
 * Members waiting for a guardian get the guardian step instead (403), or for the cart island a JSON
 * refusal it can show.
 */
export const requireGuardianConsent = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!(await awaitingGuardian(c))) return next();
    if (new URL(c.req.url).pathname.startsWith("/api/")) {
      return c.json({ error: "guardian_consent_needed", message: c.get("t")("guardians.limited.short") }, 403);
    }
    return renderGuardianStep(c, { status: 403 });
  });
