import { Hono, type Context } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { renderPage } from "../../views/render.ts";
import { localPath } from "../language/routes.ts";
import { memberSubjectIds } from "../accounts/queries.ts";
import { listSubjectRecords } from "./consent-ledger.ts";
import { canonicalText, consentCopy, copyHash } from "./consent-copy.ts";
import { gpcCategories } from "./consent-state.ts";
import { optionalCategoriesInUse } from "./cookie-registry.ts";
import { offerSubject, saveChoice, type Choices } from "./record-choice.ts";
import { gpcOverrideCopy, gpcOverrideText } from "./consent-copy.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { InputError, validate } from "../../lib/validation.ts";
import { GpcOverridePage, PrivacyCenterPage, ReceiptPage, SettingsPage } from "./views.ts";

const checkbox = v.optional(v.literal("on"));

/** Every consent form (banner, settings page, privacy centre) posts this shape. */
const consentForm = v.object({
  action: v.picklist(["accept_all", "reject_all", "save", "withdraw", "personalization_on", "personalization_off"]),
  surface: v.picklist(["banner", "settings", "center"]),
  /** SHA-256 of the exact text the form was shown with. */
  shown: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  next: v.optional(v.fallback(localPath, "/"), "/"),
  functional: checkbox,
  analytics: checkbox,
  personalization: checkbox,
  gpc_override: v.optional(v.picklist(["yes", "no"])),
  /** The subject offer the form carried (first choice only); an old or odd one just gets a new subject. */
  subject: v.optional(v.pipe(v.string(), v.maxLength(300))),
});
type ConsentForm = v.InferOutput<typeof consentForm>;

const none: Choices = { functional: false, analytics: false, personalization: false };

/** Each form offers its own actions; anything else was not shown to the person, so it is refused. */
const actionsOn: Record<ConsentForm["surface"], ConsentForm["action"][]> = {
  banner: ["accept_all", "reject_all", "save"],
  settings: ["save", "accept_all", "withdraw"],
  center: ["personalization_on", "personalization_off"],
};

/** What the form asks for. Categories not in use stay off whatever is posted. */
function requestedChoices(form: ConsentForm, current: Choices): Choices {
  const inUse = new Set(optionalCategoriesInUse());
  const only = (choices: Choices): Choices => ({
    functional: choices.functional && inUse.has("functional"),
    analytics: choices.analytics && inUse.has("analytics"),
    personalization: choices.personalization && inUse.has("personalization"),
  });
  switch (form.action) {
    case "accept_all":
      return only({ functional: true, analytics: true, personalization: true });
    case "reject_all":
    case "withdraw":
      return none;
    case "save":
      return only({ functional: form.functional === "on", analytics: form.analytics === "on", personalization: form.personalization === "on" });
    case "personalization_on":
    case "personalization_off":
      return only({ ...current, personalization: form.action === "personalization_on" });
  }
}

/**
 * The consent records to show: this device's, and for a member also those of every device they used and
 * their agreement at registration, in chain order.
 */
async function visibleRecords(c: Context<AppEnv>) {
  const db = database(c.env.DB);
  const member = c.get("member");
  const subjects = new Set<string>(member ? await memberSubjectIds(db, member.id) : []);
  const device = c.get("consent").choice?.sid;
  if (device) subjects.add(device);
  const lists = await Promise.all([...subjects].map((subject) => listSubjectRecords(db, subject)));
  return lists.flat().sort((a, b) => a.seq - b.seq);
}

export const consentRoutes = new Hono<AppEnv>()
  .post("/consent", validate("form", consentForm), async (c) => {
    const form = c.req.valid("form");
    if (!actionsOn[form.surface].includes(form.action)) throw new InputError({ action: ["That action is not offered on this form."] });
    const state = c.get("consent");
    const copy = consentCopy(c.get("t"), c.get("locale"), state, form.surface);
    const hash = await copyHash(copy);
    // The text changed since the form was shown (new policy, new language…): ask again, write nothing.
    if (form.shown !== hash) return c.redirect("/cookies?stale=1", 303);

    const current = state.status === "current" && state.choice ? state.choice.c : none;
    const requested = requestedChoices(form, current);
    const wantsGpcCategory = gpcCategories.some((category) => requested[category] && !(state.choice?.g && current[category]));
    if (state.gpc && wantsGpcCategory && form.gpc_override === undefined) {
      return renderPage(c, {
        title: c.get("t")("consent.gpc.confirm.title"),
        consentBanner: false,
        body: html`<${GpcOverridePage}
          copy=${gpcOverrideCopy(c.get("t"), requested)}
          surface=${form.surface}
          hash=${hash}
          next=${form.next}
          subject=${form.subject ?? null}
          requested=${requested}
        />`,
      });
    }
    // After the override question, the person saw two texts in turn: both are what they answered.
    const text = form.gpc_override ? `${canonicalText(copy)}\n---\n${gpcOverrideText(gpcOverrideCopy(c.get("t"), requested))}` : canonicalText(copy);
    await saveChoice(c, {
      requested,
      source: form.surface === "banner" ? "banner" : "settings",
      shown: { hash: form.gpc_override ? await sha256Hex(text) : hash, text },
      gpcOverride: form.gpc_override === "yes" || (state.gpc && state.choice?.g === true && form.gpc_override === undefined),
      offered: form.subject,
    });
    return c.redirect(form.next, 303);
  })
  .get("/cookies", validate("query", v.object({ saved: v.optional(v.literal("1")), stale: v.optional(v.literal("1")) })), async (c) => {
    const { saved, stale } = c.req.valid("query");
    const state = c.get("consent");
    const copy = consentCopy(c.get("t"), c.get("locale"), state, "settings");
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: copy.heading,
      consentBanner: false,
      body: html`<${SettingsPage}
        copy=${copy}
        hash=${await copyHash(copy)}
        subject=${state.choice ? null : offerSubject()}
        state=${state}
        saved=${saved === "1"}
        stale=${stale === "1"}
      />`,
    });
  })
  .get("/account/privacy", validate("query", v.object({ saved: v.optional(v.literal("1")) })), async (c) => {
    const state = c.get("consent");
    const records = await visibleRecords(c);
    const copy = consentCopy(c.get("t"), c.get("locale"), state, "center");
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: c.get("t")("center.title"),
      section: "account",
      body: html`<${PrivacyCenterPage}
        state=${state}
        records=${records}
        personalization=${{ copy, hash: await copyHash(copy), subject: state.choice ? null : offerSubject() }}
        saved=${c.req.valid("query").saved === "1"}
      />`,
    });
  })
  .get("/account/privacy/receipt.json", async (c) => {
    const state = c.get("consent");
    const records = await visibleRecords(c);
    c.header("Cache-Control", "private, no-store");
    c.header("Content-Disposition", `attachment; filename="consent-receipt-${state.choice?.sid ?? "none"}.json"`);
    return c.json({
      issuer: "Lantern",
      issuedAt: new Date().toISOString(),
      subjectId: state.choice?.sid ?? null,
      chain: "Each record's hash is SHA-256 over its fields and the previous record's hash (see prevHash).",
      records: records.map((record) => ({
        ...record,
        createdAt: record.createdAt.toISOString(),
        retainUntil: record.retainUntil.toISOString(),
      })),
    });
  })
  .get("/account/privacy/receipt", async (c) => {
    const state = c.get("consent");
    const records = await visibleRecords(c);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: c.get("t")("receipt.title"),
      section: "account",
      body: html`<${ReceiptPage} subjectId=${state.choice?.sid ?? "-"} records=${records} issuedAt=${new Date()} />`,
    });
  })
  .get("/.well-known/gpc.json", (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.json({ gpc: true, lastUpdate: gpcSupportSince });
  });

/** The day the shop started honouring Global Privacy Control (the first consent-aware release). */
export const gpcSupportSince = "2026-11-25";
