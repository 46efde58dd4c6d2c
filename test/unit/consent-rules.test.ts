import { describe, expect, it } from "vitest";
import { buildConsentState, needsBanner, type ConsentChoice, type PolicyVersionInfo } from "../../worker/features/consent/consent-state.ts";
import { enforceCookies, expiryHeaders } from "../../worker/features/consent/cookie-jar.ts";
import { cookieRegistry } from "../../worker/features/consent/cookie-registry.ts";
import { jurisdictionOf } from "../../worker/features/consent/jurisdiction.ts";
import { eventFor } from "../../worker/features/consent/record-choice.ts";

const now = Date.UTC(2026, 10, 25);
const v1: PolicyVersionInfo = {
  version: 1,
  materiality: "material",
  effectiveAt: new Date(now - 10 * 86_400_000),
  summary: { en: "first" },
  cookieCategories: ["necessary", "analytics", "personalization"],
};
const choice = (c: Partial<ConsentChoice["c"]> = {}, extra: Partial<ConsentChoice> = {}): ConsentChoice => ({
  sid: "sub_0123456789abcdef",
  v: 1,
  c: { functional: false, analytics: false, personalization: false, ...c },
  g: false,
  at: now - 86_400_000,
  n: 1,
  ...extra,
});

describe("jurisdictions", () => {
  it("apply the strictest rules when the country is unknown", () => {
    for (const country of [null, undefined, "", "XX", "T1", "zz"]) expect(jurisdictionOf(country).regime).toBe("opt-in");
  });

  it("are opt-in in the EU/EEA, the UK and China, opt-out elsewhere", () => {
    for (const country of ["DE", "FR", "IE", "NO", "GB", "CN"]) expect(jurisdictionOf(country).regime, country).toBe("opt-in");
    for (const country of ["US", "BR", "JP"]) expect(jurisdictionOf(country).regime, country).toBe("opt-out");
    expect(jurisdictionOf("US", "California").zone).toBe("US-CA");
  });
});

describe("consent decisions", () => {
  const optIn = jurisdictionOf("DE");
  const optOut = jurisdictionOf("BR");

  it("run nothing optional before a choice in opt-in regimes", () => {
    const state = buildConsentState({ choice: null, gpc: false, jurisdiction: optIn, versions: [v1], now });
    expect(state.decisions.analytics).toEqual({ allowed: false, storage: false, reason: "pending" });
    expect(state.decisions.personalization.storage).toBe(false);
    expect(needsBanner(state)).toBe(true);
  });

  it("allow only cookieless counting before a choice in opt-out regimes", () => {
    const state = buildConsentState({ choice: null, gpc: false, jurisdiction: optOut, versions: [v1], now });
    expect(state.decisions.analytics).toEqual({ allowed: true, storage: false, reason: "opt-out-default" });
    expect(state.decisions.personalization).toEqual({ allowed: false, storage: false, reason: "pending" });
  });

  it("let GPC refuse analytics and personalisation unless an explicit yes overrode it", () => {
    const noChoice = buildConsentState({ choice: null, gpc: true, jurisdiction: optOut, versions: [v1], now });
    expect(noChoice.decisions.analytics.reason).toBe("gpc");
    expect(needsBanner(noChoice)).toBe(false);
    const yesWithout = buildConsentState({ choice: choice({ analytics: true }), gpc: true, jurisdiction: optIn, versions: [v1], now });
    expect(yesWithout.decisions.analytics).toEqual({ allowed: false, storage: false, reason: "gpc" });
    const yesOverriding = buildConsentState({ choice: choice({ analytics: true }, { g: true }), gpc: true, jurisdiction: optIn, versions: [v1], now });
    expect(yesOverriding.decisions.analytics).toEqual({ allowed: true, storage: true, reason: "choice" });
  });

  it("expire after the jurisdiction's validity period", () => {
    const old = choice({ analytics: true }, { at: now - 200 * 86_400_000 });
    expect(buildConsentState({ choice: old, gpc: false, jurisdiction: optIn, versions: [v1], now }).status).toBe("expired");
    expect(buildConsentState({ choice: old, gpc: false, jurisdiction: jurisdictionOf("CN"), versions: [v1], now }).status).toBe("current");
  });

  it("ask again after a material change or a new category, not after an editorial one", () => {
    const later = (version: number, materiality: "material" | "editorial", categories = v1.cookieCategories): PolicyVersionInfo => ({
      ...v1,
      version,
      materiality,
      cookieCategories: categories,
      effectiveAt: new Date(now - 1000),
    });
    const mine = choice({ analytics: true });
    const editorial = buildConsentState({ choice: mine, gpc: false, jurisdiction: optIn, versions: [v1, later(2, "editorial")], now });
    expect(editorial.status).toBe("current");
    expect(editorial.unseenChanges.map((v) => v.version)).toEqual([2]);
    expect(editorial.decisions.analytics.storage).toBe(true);
    const material = buildConsentState({ choice: mine, gpc: false, jurisdiction: optIn, versions: [v1, later(2, "material")], now });
    expect(material.status).toBe("reconsent");
    expect(material.decisions.analytics.storage).toBe(false);
    const newCategory = later(2, "editorial", [...v1.cookieCategories, "functional"]);
    expect(buildConsentState({ choice: mine, gpc: false, jurisdiction: optIn, versions: [v1, newCategory], now }).status).toBe("reconsent");
    const future = { ...later(2, "material"), effectiveAt: new Date(now + 86_400_000) };
    expect(buildConsentState({ choice: mine, gpc: false, jurisdiction: optIn, versions: [v1, future], now }).status).toBe("current");
  });

  it("name the event a choice is", () => {
    const none = { functional: false, analytics: false, personalization: false };
    const some = { ...none, analytics: true };
    expect(eventFor(null, some)).toBe("given");
    expect(eventFor(null, none)).toBe("refused");
    expect(eventFor(some, none)).toBe("withdrawn");
    expect(eventFor(none, none)).toBe("refused");
    expect(eventFor(none, some)).toBe("changed");
  });
});

describe("cookie enforcement", () => {
  const url = new URL("https://shop.example.com/p/rose-silk-scarf");
  const decisions = buildConsentState({ choice: choice({ analytics: true }), gpc: false, jurisdiction: jurisdictionOf("DE"), versions: [v1], now }).decisions;

  it("keeps registered cookies of allowed categories, drops the rest, names the unregistered", () => {
    const result = enforceCookies({
      setCookies: ["lang=en; Path=/", "lantern_av=2026-11-25; Path=/", "lantern_recent=a; Path=/", "_ga=GA1.2; Path=/"],
      requestCookieNames: [],
      decisions,
      url,
    });
    expect(result.kept).toEqual(["lang=en; Path=/", "lantern_av=2026-11-25; Path=/"]);
    expect(result.refused).toEqual(["lantern_recent"]);
    expect(result.unregistered).toEqual(["_ga"]);
  });

  it("expires registered cookies the browser holds but may no longer keep, in every variant", () => {
    const result = enforceCookies({ setCookies: [], requestCookieNames: ["lantern_recent", "lang", "someone_else"], decisions, url });
    expect(result.expiries).toEqual(expiryHeaders("lantern_recent", url));
    const variants = result.expiries.map((header) => /Path=([^;]+)(?:; Domain=([^;]+))?/.exec(header)!.slice(1).join(" "));
    expect(variants).toEqual(
      expect.arrayContaining(["/ ", "/ shop.example.com", "/ example.com", "/p ", "/p/rose-silk-scarf example.com"].map((v) => v.replace(/ $/, " "))),
    );
    expect(result.expiries.every((header) => header.includes("Max-Age=0") && header.includes("Secure"))).toBe(true);
  });

  it("has a purpose in both languages for every entry, and only first-party entries", () => {
    for (const entry of cookieRegistry) {
      expect(entry.purpose.en.length).toBeGreaterThan(10);
      expect(entry.purpose["zh-CN"].length).toBeGreaterThan(5);
      expect(entry.firstParty).toBe(true);
    }
  });
});
