import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { listSubjectRecords } from "../../worker/features/consent/consent-ledger.ts";
import { consentCookiePayload } from "../../worker/features/consent/consent-state.ts";
import { cookieRegistry } from "../../worker/features/consent/cookie-registry.ts";
import { database } from "../../worker/lib/db.ts";
import { sha256Hex } from "../../worker/lib/hash.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { seedDemoShop, setCookieNames, textOf, Visitor, type VisitorOptions } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

const necessary = new Set<string>(cookieRegistry.filter((entry) => entry.category === "necessary").map((entry) => entry.name));
const product = seedProducts.find((p) => p.stock > 0)!;
const optionalSet = (response: Response) => setCookieNames(response).filter((name) => !necessary.has(name));

async function consentOf(visitor: Visitor) {
  const token = visitor.cookies.get("consent");
  return token ? verifyToken(env.COOKIE_SECRET, token, consentCookiePayload) : null;
}

async function recordsOf(visitor: Visitor) {
  const choice = await consentOf(visitor);
  return choice ? listSubjectRecords(database(env.DB), choice.sid) : [];
}

/** Every kind of response: pages, a product view, errors, redirects, API, media, forms. */
async function everyRoute(visitor: Visitor): Promise<Response[]> {
  return [
    await visitor.get("/"),
    await visitor.get("/c/fashion?sort=price_asc"),
    await visitor.get(`/p/${product.slug}`),
    await visitor.get("/live/spring-tea-tasting"),
    await visitor.get("/search?q=tea"),
    await visitor.get("/privacy"),
    await visitor.get("/cookies"),
    await visitor.get("/account/privacy"),
    await visitor.get("/no-such-page"),
    await visitor.get("/c/fashion?sort=nonsense"),
    await visitor.get("/api/no-such-thing"),
    await visitor.get("/media/products/missing-1.000000000000.png"),
    await visitor.post("/language", { locale: "en", next: "/" }),
  ];
}

/** The subject id of the consent cookie a response sets. */
async function subjectSet(response: Response): Promise<string> {
  const header = response.headers.getSetCookie().find((h) => h.startsWith("consent="))!;
  return (await verifyToken(env.COOKIE_SECRET, header.slice(8, header.indexOf(";")), consentCookiePayload))!.sid;
}

describe("before any choice", () => {
  const jurisdictions: VisitorOptions[] = [{}, { country: "DE" }, { country: "GB" }, { country: "CN" }, { country: "US", region: "California" }, { country: "BR" }];

  it("no route sets a non-essential cookie, in any jurisdiction, with or without GPC", async () => {
    for (const options of jurisdictions) {
      for (const gpc of [false, true]) {
        const visitor = new Visitor({ ...options, gpc });
        for (const response of await everyRoute(visitor)) {
          expect(optionalSet(response), `${JSON.stringify(options)} gpc=${gpc} ${response.url} ${response.status}`).toEqual([]);
        }
        expect([...visitor.cookies.keys()].every((name) => necessary.has(name))).toBe(true);
        expect(visitor.cookies.has("consent")).toBe(false);
      }
    }
  });

  it("shows the banner early in the page, with equally prominent accept, reject and choose, and nothing pre-ticked", async () => {
    const html = await (await new Visitor().get("/")).text();
    const banner = html.indexOf('class="consent-banner"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(html.indexOf('class="site-header"'));
    const section = html.slice(banner, html.indexOf("</section>", banner));
    // The three first-layer actions share one style: same element class, no "primary" among them.
    const actions = [...section.matchAll(/class="([^"]+)"[^>]*>(Accept all|Reject all|Choose)</g)].map((m) => [m[2], m[1]]);
    expect(actions).toEqual([
      ["Accept all", "consent-button"],
      ["Reject all", "consent-button"],
      ["Choose", "consent-button"],
    ]);
    expect(section).not.toMatch(/<input[^>]*type="checkbox"[^>]*checked/);
    expect(section).toContain('action="/consent"');
  });
});

describe("choices at the edge", () => {
  it("Accept all: records the consent and lets analytics and personalisation cookies through", async () => {
    const visitor = new Visitor({ country: "DE" });
    const saved = await visitor.choose(`/p/${product.slug}`, "accept_all");
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/p/${product.slug}`);
    const choice = await consentOf(visitor);
    expect(choice?.c).toEqual({ functional: false, analytics: true, personalization: true });

    const page = await visitor.get(`/p/${product.slug}`);
    expect(setCookieNames(page).sort()).toEqual(["lantern_av", "lantern_recent"]);
    expect(visitor.cookies.get("lantern_recent")).toBe(product.slug);
    expect(textOf(await (await visitor.get("/")).text())).toContain("Recently viewed");
  });

  it("Reject all: five pages later, still no optional cookie, and the banner is gone", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "reject_all");
    for (const path of ["/", `/p/${product.slug}`, "/c/outdoors", "/live", "/search?q=mug"]) {
      const response = await visitor.get(path);
      expect(optionalSet(response), path).toEqual([]);
      expect(await response.text()).not.toContain('class="consent-banner"');
    }
    expect([...visitor.cookies.keys()].sort()).toEqual(["consent"]);
    const [record] = await recordsOf(visitor);
    // Only categories in use are recorded (no functional cookie exists yet).
    expect(record).toMatchObject({ event: "refused", categories: { necessary: true, analytics: false, personalization: false } });
  });

  it("strips each category that was refused, and only that one", async () => {
    const analyticsOnly = new Visitor();
    await analyticsOnly.choose("/", "save", { analytics: "on" });
    expect(setCookieNames(await analyticsOnly.get(`/p/${product.slug}`))).toEqual(["lantern_av"]);

    const personalizationOnly = new Visitor();
    await personalizationOnly.choose("/", "save", { personalization: "on" });
    expect(setCookieNames(await personalizationOnly.get(`/p/${product.slug}`))).toEqual(["lantern_recent"]);
  });

  it("withdrawal expires every optional cookie, in every path and domain variant, on the very next response", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "accept_all");
    await visitor.get(`/p/${product.slug}`);
    expect(visitor.cookies.has("lantern_recent") && visitor.cookies.has("lantern_av")).toBe(true);

    const withdrawn = await visitor.choose("/cookies", "withdraw", {}, "settings");
    expect(withdrawn.status).toBe(303);
    const expiries = withdrawn.headers.getSetCookie().filter((header) => /Max-Age=0/.test(header));
    for (const name of ["lantern_recent", "lantern_av"]) {
      expect(expiries.filter((header) => header.startsWith(`${name}=;`)).length).toBeGreaterThanOrEqual(2);
      expect(expiries).toContain(`${name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure`);
      expect(expiries.some((header) => header.startsWith(`${name}=;`) && header.includes("Domain=shop.test"))).toBe(true);
    }
    expect(visitor.cookies.has("lantern_recent")).toBe(false);
    expect(visitor.cookies.has("lantern_av")).toBe(false);
    expect(optionalSet(await visitor.get(`/p/${product.slug}`))).toEqual([]);
    expect((await recordsOf(visitor)).map((record) => record.event)).toEqual(["given", "withdrawn"]);
  });

  it("refuses a form whose text changed since it was shown, and writes nothing", async () => {
    const visitor = new Visitor();
    const html = await (await visitor.get("/")).text();
    const fields = Visitor.formFields(html, "/consent", "banner");
    const response = await visitor.post("/consent", { ...fields, shown: "0".repeat(64), action: "accept_all" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/cookies?stale=1");
    expect(visitor.cookies.has("consent")).toBe(false);
    expect(textOf(await (await visitor.get("/cookies?stale=1")).text())).toContain("These choices changed while the page was open");
  });

  it("answers malformed consent forms with 400 and writes nothing", async () => {
    const visitor = new Visitor();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM consent_records").first<{ n: number }>();
    const response = await visitor.post("/consent", { action: "accept_everything", surface: "banner", shown: "x" });
    expect(response.status).toBe(400);
    expect(setCookieNames(response)).toEqual([]);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM consent_records").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe("Global Privacy Control", () => {
  it("refuses analytics and personalisation without asking and without writing anything", async () => {
    const visitor = new Visitor({ gpc: true, country: "US", region: "California" });
    const html = await (await visitor.get("/")).text();
    expect(html).not.toContain('class="consent-banner"');
    expect(textOf(html)).toContain("Global Privacy Control honoured");
    expect(optionalSet(await visitor.get(`/p/${product.slug}`))).toEqual([]);
    expect(visitor.cookies.has("consent")).toBe(false);
    const settings = textOf(await (await visitor.get("/cookies")).text());
    expect(settings).toContain("Off: your browser's opt-out signal");
    expect(settings).toContain("overrides that signal on this device");
  });

  it("lets a later explicit opt-in win only after saying that the signal is being overridden", async () => {
    const visitor = new Visitor({ gpc: true });
    const asked = await visitor.choose("/cookies", "accept_all", {}, "settings");
    expect(asked.status).toBe(200);
    const confirmation = await asked.text();
    expect(textOf(confirmation)).toContain("Override your browser's opt-out signal?");
    expect(visitor.cookies.has("consent")).toBe(false);

    const confirmed = await visitor.post("/consent", { ...Visitor.formFields(confirmation, "/consent"), analytics: "on", personalization: "on", gpc_override: "yes" });
    expect(confirmed.status).toBe(303);
    expect(await consentOf(visitor)).toMatchObject({ g: true, c: { analytics: true, personalization: true } });
    expect(setCookieNames(await visitor.get(`/p/${product.slug}`)).sort()).toEqual(["lantern_av", "lantern_recent"]);
  });

  it("keeps them off when the person declines the override, and records that the signal applied", async () => {
    const visitor = new Visitor({ gpc: true });
    const asked = await (await visitor.choose("/cookies", "accept_all", {}, "settings")).text();
    await visitor.post("/consent", { ...Visitor.formFields(asked, "/consent"), analytics: "on", gpc_override: "no" });
    expect(optionalSet(await visitor.get(`/p/${product.slug}`))).toEqual([]);
    const records = await recordsOf(visitor);
    expect(records.map((r) => [r.event, r.source])).toEqual([
      ["refused", "settings"],
      ["gpc_applied", "gpc"],
    ]);
  });

  it("overrides an earlier yes given without it, when the browser starts sending the signal", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "accept_all");
    await visitor.get(`/p/${product.slug}`);
    visitor.options.gpc = true;
    const response = await visitor.get(`/p/${product.slug}`);
    expect(optionalSet(response).filter((name) => !response.headers.getSetCookie().some((h) => h.startsWith(`${name}=;`)))).toEqual([]);
    expect(visitor.cookies.has("lantern_recent")).toBe(false);
  });

  it("matrix: what runs, per jurisdiction, signal and choice", async () => {
    const rows: { options: VisitorOptions; gpc: boolean; choice: "none" | "accept_all"; counted: boolean; cookies: string[] }[] = [
      { options: {}, gpc: false, choice: "none", counted: false, cookies: [] },
      { options: { country: "DE" }, gpc: false, choice: "none", counted: false, cookies: [] },
      { options: { country: "CN" }, gpc: false, choice: "none", counted: false, cookies: [] },
      { options: { country: "US", region: "California" }, gpc: false, choice: "none", counted: true, cookies: [] },
      { options: { country: "US", region: "California" }, gpc: true, choice: "none", counted: false, cookies: [] },
      { options: { country: "BR" }, gpc: false, choice: "none", counted: true, cookies: [] },
      { options: { country: "DE" }, gpc: false, choice: "accept_all", counted: true, cookies: ["lantern_av", "lantern_recent"] },
      { options: { country: "US", region: "California" }, gpc: false, choice: "accept_all", counted: true, cookies: ["lantern_av", "lantern_recent"] },
    ];
    for (const row of rows) {
      const visitor = new Visitor({ ...row.options, gpc: row.gpc });
      if (row.choice === "accept_all") await visitor.choose("/", "accept_all");
      const page = await visitor.get(`/p/${product.slug}`);
      expect(setCookieNames(page).filter((n) => !necessary.has(n)).sort(), JSON.stringify(row)).toEqual(row.cookies);
      const settings = textOf(await (await visitor.get("/cookies")).text());
      const analyticsLine = /Analytics (Off: your browser's opt-out signal|Off until you choose|Counted without cookies until you refuse|Your choice)/.exec(settings)?.[1];
      expect(analyticsLine === "Counted without cookies until you refuse" || (row.choice === "accept_all" && analyticsLine === "Your choice"), JSON.stringify(row)).toBe(row.counted);
    }
  });

  it("is advertised at /.well-known/gpc.json", async () => {
    const response = await new Visitor().request("/.well-known/gpc.json", { headers: { Accept: "application/json" } });
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ gpc: true, lastUpdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});

describe("consent records", () => {
  it("carry the policy hash, the hash of the exact banner text shown, and the jurisdiction — no IP", async () => {
    const visitor = new Visitor({ country: "FR", language: "zh-CN" });
    const html = await (await visitor.get("/")).text();
    const fields = Visitor.formFields(html, "/consent", "banner");
    await visitor.post("/consent", { ...fields, action: "accept_all" });
    const [record] = await recordsOf(visitor);
    const current = policyDrafts.at(-1)!.version;
    const policy = await env.DB.prepare("SELECT content_hash, content FROM policy_texts WHERE version = ? AND locale = 'zh-CN'")
      .bind(current)
      .first<{ content_hash: string; content: string }>();
    expect(record).toMatchObject({
      event: "given",
      policyVersion: current,
      policyHash: policy!.content_hash,
      textHash: fields.shown,
      locale: "zh-CN",
      source: "banner",
      jurisdiction: "FR (EU/EEA, opt-in)",
      legalBasis: expect.stringContaining("GDPR"),
    });
    expect(await sha256Hex(policy!.content)).toBe(record!.policyHash);
    const shown = await env.DB.prepare("SELECT text FROM consent_texts WHERE hash = ?").bind(record!.textHash).first<{ text: string }>();
    expect(await sha256Hex(shown!.text)).toBe(record!.textHash);
    expect(shown!.text).toContain("全部接受");
    expect(record!.retainUntil.getTime() - record!.createdAt.getTime()).toBe(5 * 365 * 86_400_000);
    const columns = (await env.DB.prepare("PRAGMA table_info(consent_records)").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns.some((name) => /ip|address|agent/i.test(name))).toBe(false);
  });

  it("are shown in the privacy centre and handed out as a JSON receipt and a readable page", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "save", { analytics: "on" });
    const choice = (await consentOf(visitor))!;
    const center = textOf(await (await visitor.get("/account/privacy")).text());
    expect(center).toContain(choice.sid);
    expect(center).toContain("Consent given");
    const receipt = await visitor.request("/account/privacy/receipt.json", { headers: { Accept: "application/json" } });
    expect(receipt.headers.get("content-disposition")).toContain(`consent-receipt-${choice.sid}.json`);
    const body = (await receipt.json()) as { subjectId: string; records: { hash: string; event: string }[] };
    expect(body.subjectId).toBe(choice.sid);
    expect(body.records.map((r) => r.event)).toEqual(["given"]);
    const page = textOf(await (await visitor.get("/account/privacy/receipt")).text());
    expect(page).toContain(body.records[0]!.hash);
  });

  it("switch personalisation from the privacy centre, for guests", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "reject_all");
    const on = await visitor.choose("/account/privacy", "personalization_on", {}, "center");
    expect(on.headers.get("location")).toBe("/account/privacy?saved=1");
    expect(setCookieNames(await visitor.get(`/p/${product.slug}`))).toEqual(["lantern_recent"]);
    await visitor.choose("/account/privacy", "personalization_off", {}, "center");
    expect(visitor.cookies.has("lantern_recent")).toBe(false);
    expect((await recordsOf(visitor)).map((r) => r.event)).toEqual(["refused", "changed", "withdrawn"]);
  });
});

describe("consent forms are what the person saw", () => {
  it("refuse an action the form did not offer", async () => {
    const visitor = new Visitor();
    const html = await (await visitor.get("/account/privacy")).text();
    const response = await visitor.post("/consent", { ...Visitor.formFields(html, "/consent", "center"), action: "accept_all" });
    expect(response.status).toBe(400);
    expect(visitor.cookies.has("consent")).toBe(false);
  });

  it("file a double-submitted first choice under one subject", async () => {
    const visitor = new Visitor();
    const html = await (await visitor.get("/")).text();
    const fields = { ...Visitor.formFields(html, "/consent", "banner"), action: "accept_all" };
    const [first, second] = await Promise.all([visitor.post("/consent", fields), visitor.post("/consent", fields)]);
    const subjects = await Promise.all([first!, second!].map(subjectSet));
    expect(subjects[0]).toBe(subjects[1]);
    expect(await listSubjectRecords(database(env.DB), subjects[0]!)).toHaveLength(2);
  });

  it("never let a form choose the subject a first choice is filed under", async () => {
    const existing = await subjectSet(await new Visitor().choose("/", "accept_all"));
    for (const offered of [existing, "offer_aaaaaaaaaaaaaaaa", "not an offer"]) {
      const response = await new Visitor().choose("/", "reject_all", { subject: offered });
      expect(response.status).toBe(303);
      const subject = await subjectSet(response);
      expect(subject).toMatch(/^sub_[0-9a-z]{16}$/);
      expect([existing, offered]).not.toContain(subject);
    }
  });

  it("record the override question with the choice it confirmed", async () => {
    const visitor = new Visitor({ gpc: true });
    const settings = await (await visitor.get("/cookies")).text();
    const settingsHash = Visitor.formFields(settings, "/consent", "settings").shown;
    const asked = await (await visitor.choose("/cookies", "save", { personalization: "on" }, "settings")).text();
    await visitor.post("/consent", { ...Visitor.formFields(asked, "/consent"), personalization: "on", gpc_override: "yes" });
    const [record] = await recordsOf(visitor);
    expect(record!.textHash).not.toBe(settingsHash);
    const shown = await env.DB.prepare("SELECT text FROM consent_texts WHERE hash = ?").bind(record!.textHash).first<{ text: string }>();
    expect(shown!.text).toContain("Override your browser's opt-out signal?");
    expect(shown!.text).toContain("Cookie settings");
  });
});
