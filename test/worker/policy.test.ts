import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import type { PolicyDraft } from "../../db/policy/types.ts";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { consentCookiePayload } from "../../worker/features/consent/consent-state.ts";
import { cookieRegistry } from "../../worker/features/consent/cookie-registry.ts";
import { listSubjectRecords } from "../../worker/features/consent/consent-ledger.ts";
import { PolicyPublishError, publishPolicy } from "../../worker/features/privacy/publish-policy.ts";
import { database } from "../../worker/lib/db.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { seedDemoShop, setCookieNames, textOf, Visitor } from "./support.ts";

const product = seedProducts.find((p) => p.stock > 0)!;
const db = () => database(env.DB);
const yesterday = new Date(Date.now() - 86_400_000).toISOString();

/** The newest authored version: the one a fresh shop runs under. The tests publish the next two. */
const latest = policyDrafts.at(-1)!;
const current = latest.version;
const editorialVersion = current + 1;
const materialVersion = current + 2;

const editorial: PolicyDraft = {
  ...latest,
  version: editorialVersion,
  effectiveAt: yesterday,
  materiality: "editorial",
  summary: { en: "Clearer wording about children.", "zh-CN": "关于未成年人的措辞更清楚。" },
  texts: {
    en: latest.texts.en.replace("The shop assumes you are an adult.", "The shop is meant for adults."),
    "zh-CN": latest.texts["zh-CN"].replace("本商城默认您是成年人。", "本商城面向成年人。"),
  },
};

const material: PolicyDraft = {
  ...latest,
  version: materialVersion,
  effectiveAt: yesterday,
  materiality: "material",
  summary: { en: "We now explain how long page-view counts are kept.", "zh-CN": "新增页面浏览统计的保存期限说明。" },
  texts: {
    en: `${editorial.texts.en}\n## How long we keep counts\n\nPage-view counts are kept for **two years**, then deleted.\n`,
    "zh-CN": `${editorial.texts["zh-CN"]}\n## 统计数据保存多久\n\n页面浏览统计保存**两年**，随后删除。\n`,
  },
};

beforeAll(async () => {
  await seedDemoShop();
});

async function choiceOf(visitor: Visitor) {
  return verifyToken(env.COOKIE_SECRET, visitor.cookies.get("consent") ?? "", consentCookiePayload);
}

describe("the privacy policy as versioned data", () => {
  it("is readable before use: table of contents, highlighted key terms, a cookie section generated from the registry", async () => {
    const response = await new Visitor().get("/privacy");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<nav class="policy-toc"');
    expect(html.match(/<li><a href="#s\d+-[a-z0-9-]+">/g)!.length).toBeGreaterThanOrEqual(10);
    expect(html).toContain('<strong class="key-term">');
    for (const entry of cookieRegistry) expect(html).toContain(`<td>${entry.name}</td>`);
    const { content_hash } = (await env.DB.prepare("SELECT content_hash FROM policy_texts WHERE version = ? AND locale = 'en'").bind(current).first<{ content_hash: string }>())!;
    expect(textOf(html)).toContain(content_hash);
    expect(textOf(await (await new Visitor({ language: "zh-CN" }).get("/privacy")).text())).toContain("灯笼优选隐私政策");
  });

  it("keeps every version at a permanent address", async () => {
    const response = await new Visitor().get("/privacy/v/1");
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toContain("Version 1, in effect since");
    expect((await new Visitor().get("/privacy/v/99")).status).toBe(404);
    expect((await new Visitor().get("/privacy/v/one")).status).toBe(404);
  });

  it("refuses to publish a different text under an existing version", async () => {
    expect(await publishPolicy(db(), latest)).toBe("unchanged");
    await expect(publishPolicy(db(), { ...latest, texts: { ...latest.texts, en: `${latest.texts.en}\nMore.` } })).rejects.toThrow(PolicyPublishError);
    await expect(publishPolicy(db(), { ...editorial, version: current + 4 })).rejects.toThrow(new RegExp(`must be ${current + 1}`));
  });

  it("an editorial change informs: a notice with the changes, consent stays valid", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "accept_all");
    expect(await publishPolicy(db(), editorial)).toBe("published");

    const html = await (await visitor.get("/")).text();
    expect(html).not.toContain('class="consent-banner"');
    expect(textOf(html)).toContain("We updated our privacy policy");
    expect(textOf(html)).toContain("Clearer wording about children.");
    expect(html).toContain(`href="/privacy/diff?from=${current}&amp;to=${editorialVersion}"`);
    expect(setCookieNames(await visitor.get(`/p/${product.slug}`))).toContain("lantern_recent");

    const dismissed = await visitor.post("/privacy/notice", Visitor.formFields(html, "/privacy/notice"));
    expect(dismissed.status).toBe(303);
    expect(textOf(await (await visitor.get("/")).text())).not.toContain("We updated our privacy policy");
    expect((await choiceOf(visitor))?.n).toBe(editorialVersion);
    const diff = textOf(await (await visitor.get(`/privacy/diff?from=${current}&to=${editorialVersion}`)).text());
    expect(diff).toContain(`Changes from version ${current} to version ${editorialVersion}`);
    expect(diff).toContain("The shop is meant for adults.");
    expect(diff).toContain("The shop assumes you are an adult.");
  });

  it("a material change asks again, shows what changed, and stops optional cookies until answered", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "accept_all");
    await visitor.get(`/p/${product.slug}`);
    expect(visitor.cookies.has("lantern_recent")).toBe(true);
    const before = (await choiceOf(visitor))!;
    expect(await publishPolicy(db(), material)).toBe("published");

    const page = await visitor.get(`/p/${product.slug}`);
    const html = await page.text();
    expect(textOf(html)).toContain("Our privacy policy changed: please choose again");
    expect(textOf(html)).toContain("We now explain how long page-view counts are kept.");
    expect(setCookieNames(page).filter((n) => n === "lantern_recent").length).toBeGreaterThan(0);
    expect(visitor.cookies.has("lantern_recent")).toBe(false);

    await visitor.post("/consent", { ...Visitor.formFields(html, "/consent", "banner"), action: "accept_all" });
    const records = await listSubjectRecords(db(), before.sid);
    const { content_hash } = (await env.DB.prepare("SELECT content_hash FROM policy_texts WHERE version = ? AND locale = 'en'").bind(materialVersion).first<{ content_hash: string }>())!;
    // A new answer under the changed policy is a new consent, recorded against the new text's hash.
    expect(records.at(-1)).toMatchObject({ event: "given", policyVersion: materialVersion, policyHash: content_hash });
    expect(setCookieNames(await visitor.get(`/p/${product.slug}`))).toContain("lantern_recent");

    const diff = textOf(await (await visitor.get(`/privacy/diff?from=${editorialVersion}&to=${materialVersion}`)).text());
    expect(diff).toContain("How long we keep counts New section");
    const versions = textOf(await (await visitor.get("/privacy/versions")).text());
    expect(versions).toContain("Material change");
    expect(versions).toContain("Editorial change");
  });

  it("records a notice owed to members for each new version (delivered once accounts exist)", async () => {
    const notices = (await env.DB.prepare("SELECT version, audience FROM pending_notices ORDER BY version").all<{ version: number; audience: string }>()).results;
    expect(notices).toEqual(
      [...policyDrafts.slice(1).map((draft) => draft.version), editorialVersion, materialVersion].map((version) => ({ version, audience: "members" })),
    );
  });

  it("insists that a new cookie category is a material change", async () => {
    // A database whose last policy knew only strictly necessary cookies.
    await env.DB.exec("DROP TRIGGER policy_versions_no_update");
    await env.DB.prepare(`UPDATE policy_versions SET cookie_categories = '["necessary"]' WHERE version = ?`).bind(materialVersion).run();
    const next = { ...editorial, version: materialVersion + 1, texts: { en: `${material.texts.en}\nv4`, "zh-CN": `${material.texts["zh-CN"]}\nv4` } };
    await expect(publishPolicy(db(), next)).rejects.toThrow(/new cookie category/);
  });
});

describe("publishing after the cookie registry changed", () => {
  it("leaves published versions as they were published, whatever the registry says now", async () => {
    const before = await env.DB.prepare("SELECT content_hash FROM policy_texts WHERE version = 1 AND locale = 'en'").first<{ content_hash: string }>();
    // The same authored draft, even if the registry's wording has moved on since, is "already out".
    expect(await publishPolicy(db(), policyDrafts[0]!)).toBe("unchanged");
    const after = await env.DB.prepare("SELECT content_hash FROM policy_texts WHERE version = 1 AND locale = 'en'").first<{ content_hash: string }>();
    expect(after).toEqual(before);
  });

  it("refuses a version describing a cookie the registry does not have", async () => {
    const next = { ...material, version: materialVersion + 1, cookies: [...material.cookies, "mystery"], texts: { en: "# x\n{{cookie-table}}", "zh-CN": "# x\n{{cookie-table}}" } };
    await expect(publishPolicy(db(), next)).rejects.toThrow(/not in the cookie registry/);
  });
});

describe("a version published ahead of time", () => {
  it("is shown as upcoming, not as an earlier version, and does not apply yet", async () => {
    const current = await new Visitor().get("/privacy");
    const currentVersion = Number(/Version (\d+), in effect since/.exec(textOf(await current.text()))![1]);
    const { version } = (await env.DB.prepare("SELECT max(version) AS version FROM policy_versions").first<{ version: number }>())!;
    await env.DB.exec("DROP TRIGGER IF EXISTS policy_versions_no_update");
    await env.DB.prepare("UPDATE policy_versions SET cookie_categories = '[\"necessary\",\"analytics\",\"personalization\"]' WHERE version = ?").bind(version).run();
    const ahead = { ...material, version: version + 1, effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), texts: { en: `${material.texts.en}\nLater.`, "zh-CN": `${material.texts["zh-CN"]}\n以后。` } };
    expect(await publishPolicy(db(), ahead)).toBe("published");
    const page = textOf(await (await new Visitor().get(`/privacy/v/${version + 1}`)).text());
    expect(page).toContain("published ahead of time");
    expect(page).not.toContain("earlier version");
    expect(textOf(await (await new Visitor().get("/privacy/versions")).text())).toContain("Upcoming");
    expect(textOf(await (await new Visitor().get("/privacy")).text())).toContain(`Version ${currentVersion}, in effect since`);
  });
});
