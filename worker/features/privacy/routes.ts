import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { markNoticeSeen } from "../consent/record-choice.ts";
import { localPath } from "../language/routes.ts";
import { diffPolicies } from "./policy-diff.ts";
import { parsePolicy } from "./policy-document.ts";
import { getPolicyText, listPolicyVersions } from "./queries.ts";
import { DiffPage, PolicyPage, VersionsPage } from "./views.ts";

const versionNumber = v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/), v.transform(Number));

/**
 * The privacy policy as versioned data: /privacy is the version in force, /privacy/v/N each version at
 * a permanent address, /privacy/versions the history, /privacy/diff any two versions compared.
 */
export const privacyRoutes = new Hono<AppEnv>()
  .get("/privacy", async (c) => {
    const version = c.get("consent").policyVersion;
    return showVersion(c, version);
  })
  .get("/privacy/v/:version", validatePath(v.object({ version: versionNumber })), async (c) => {
    return showVersion(c, c.req.valid("param").version);
  })
  .get("/privacy/versions", async (c) => {
    const versions = await listPolicyVersions(database(c.env.DB));
    return renderPage(c, {
      title: c.get("t")("policy.versions"),
      body: html`<${VersionsPage} versions=${versions} current=${c.get("consent").policyVersion} />`,
    });
  })
  .get("/privacy/diff", validate("query", v.object({ from: versionNumber, to: versionNumber })), async (c) => {
    const { from, to } = c.req.valid("query");
    const db = database(c.env.DB);
    const versions = await listPolicyVersions(db);
    const [before, after] = [versions.find((x) => x.version === from), versions.find((x) => x.version === to)];
    const [beforeText, afterText] = await Promise.all([getPolicyText(db, from, c.get("locale")), getPolicyText(db, to, c.get("locale"))]);
    if (!before || !after || !beforeText || !afterText) throw new HTTPException(404);
    const sections = diffPolicies(parsePolicy(beforeText.content), parsePolicy(afterText.content));
    return renderPage(c, {
      title: c.get("t")("policy.diff.title", { from, to }),
      body: html`<${DiffPage} versions=${versions} from=${before} to=${after} sections=${sections} />`,
    });
  })
  .post("/privacy/notice", validate("form", v.object({ next: v.optional(v.fallback(localPath, "/"), "/") })), async (c) => {
    await markNoticeSeen(c);
    return c.redirect(c.req.valid("form").next, 303);
  });

async function showVersion(c: Context<AppEnv>, version: number) {
  const db = database(c.env.DB);
  const [versions, text] = await Promise.all([listPolicyVersions(db), getPolicyText(db, version, c.get("locale"))]);
  const info = versions.find((x) => x.version === version);
  if (!info || !text) throw new HTTPException(404);
  const document = parsePolicy(text.content);
  return renderPage(c, {
    title: document.title,
    body: html`<${PolicyPage} document=${document} version=${info} current=${c.get("consent").policyVersion} hash=${text.contentHash} />`,
  });
}
