/**
 * Identity verification, asked only where a feature needs it (cross-border and high-value orders,
 * disputes): the feature sends the member here with a reason and a way back; the verifier checks the
 * real name and ID number; both are stored encrypted and shown masked, and the member can delete them.
 * Members only; a member only ever sees or deletes their own.
 */
import { Hono, type Context } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import { verificationReasons, type VerificationReason } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { keptValues, parseForm, type FormState } from "../accounts/forms.ts";
import { requireMember } from "../accounts/middleware.ts";
import { localPath } from "../language/routes.ts";
import { deleteIdentity, saveIdentity, shownIdentity } from "./queries.ts";
import { isResidentId } from "./resident-id.ts";
import { verifierFor } from "./verifier.ts";
import { DeleteIdentityPage, IdentityPage } from "./views.ts";

const reason = v.picklist(verificationReasons);
const next = v.optional(v.fallback(localPath, "/account"), "/account");

const identityQuery = v.object({ reason: v.fallback(v.optional(reason), undefined), next, deleted: v.fallback(v.optional(v.literal("1")), undefined) });

/** Names as on the ID card: letters of any script, with the separators names use (·, space, hyphen…). */
const identityForm = v.object({
  real_name: v.pipe(v.string(), v.trim(), v.minLength(2, "identity.error.real_name"), v.maxLength(50, "identity.error.real_name"), v.regex(/^\p{L}[\p{L}\p{M} ·.'-]*$/u, "identity.error.real_name")),
  id_number: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.check(isResidentId, "identity.error.id_number")),
  reason,
  next,
});
const deleteForm = v.object({ confirm: v.optional(v.literal("yes")) });

/** Each attempt may reach the verification provider: a member's attempts share the sign-in budget. */
const verifyLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60, key: (c) => c.get("member")!.id });

type Ctx = Context<AppEnv>;

async function renderIdentity(c: Ctx, ask: { reason: VerificationReason | null; next: string; deleted?: boolean }, form: FormState = { values: {}, errors: {} }, status: 200 | 422 = 200) {
  const identity = await shownIdentity(database(c.env.DB), c.env.FIELD_KEY, c.get("member")!.id);
  return renderPage(c, {
    title: c.get("t")("identity.title"),
    section: "account",
    status,
    body: html`<${IdentityPage} state=${{ ...ask, deleted: ask.deleted ?? false, identity, form }} />`,
  });
}

export const identityRoutes = new Hono<AppEnv>()
  .use("/account/identity", requireMember())
  .use("/account/identity/*", requireMember())
  .get("/account/identity", (c) => {
    const query = v.parse(identityQuery, c.req.query());
    return renderIdentity(c, { reason: query.reason ?? null, next: query.next, deleted: query.deleted === "1" });
  })
  .post("/account/identity", verifyLimit, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const asked = v.safeParse(reason, body.reason);
    const back = v.parse(next, body.next);
    const ask = { reason: asked.success ? asked.output : null, next: back };
    // The ID number is never put back into the page, right or wrong.
    const kept = keptValues(body);
    delete kept.id_number;
    const parsed = parseForm(identityForm, body);
    if (!parsed.ok) return renderIdentity(c, ask, { values: kept, errors: parsed.state.errors }, 422);
    const { real_name: realName, id_number: idNumber } = parsed.value;
    const verifier = verifierFor(c.env);
    const result = await verifier.verify({ realName, idNumber });
    if (!result.ok) return renderIdentity(c, ask, { values: kept, errors: { id_number: [`identity.error.${result.reason}`] } }, 422);
    await saveIdentity(database(c.env.DB), c.env.FIELD_KEY, c.get("member")!.id, { realName, idNumber, reason: parsed.value.reason, verifier: verifier.name });
    return c.redirect(parsed.value.next, 303);
  })
  .post("/account/identity/delete", async (c) => {
    const db = database(c.env.DB);
    const memberId = c.get("member")!.id;
    const confirmed = v.safeParse(deleteForm, await c.req.parseBody());
    if (!confirmed.success || confirmed.output.confirm !== "yes") {
      const identity = await shownIdentity(db, c.env.FIELD_KEY, memberId);
      if (!identity) return c.redirect("/account/identity", 303);
      return renderPage(c, { title: c.get("t")("identity.delete_title"), section: "account", body: html`<${DeleteIdentityPage} identity=${identity} />` });
    }
    await deleteIdentity(db, memberId);
    return c.redirect("/account/identity?deleted=1", 303);
  });
