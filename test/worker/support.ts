import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import { seedMembers } from "../../db/seed/seed-members.ts";
import { seedShop } from "../../db/seed/seed-shop.ts";
import { policyDrafts } from "../../db/policy/index.ts";
import { publishPolicies } from "../../worker/features/privacy/publish-policy.ts";
import type { ConsentRecordInput } from "../../worker/features/consent/consent-ledger.ts";
import { database } from "../../worker/lib/db.ts";
import { sha256Hex } from "../../worker/lib/hash.ts";
import { versionsMs } from "../../worker/middleware/page-cache.ts";

/** Publishes the privacy policy and seeds the demo shop into this test file's own D1/R2 (no pictures). */
export async function seedDemoShop(options: { images?: boolean; members?: boolean } = {}) {
  await publishPolicies(database(env.DB), policyDrafts);
  const report = await seedShop(database(env.DB), env.MEDIA, { images: options.images ?? false });
  if (options.members) await seedMembers(database(env.DB), env.MEDIA, env.FIELD_KEY);
  return report;
}

/** A request through the Worker exactly as a browser would send it. */
export function browse(path: string, init: RequestInit & { language?: string } = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has("Accept")) headers.set("Accept", "text/html");
  headers.set("Accept-Language", init.language ?? "en-GB,en;q=0.9");
  return exports.default.fetch(new Request(`https://shop.test${path}`, { ...init, headers, redirect: "manual" }));
}

/** The visible text of an HTML page, tags stripped and whitespace collapsed, for assertions. */
/**
 * Waits past the time an isolate trusts the page versions it read (worker/middleware/page-cache.ts): a
 * change written straight to the database, not through the shop, is then on every guest page.
 */
export const pageVersionsForgotten = () => new Promise((resolve) => setTimeout(resolve, versionsMs + 50));

export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}

export type VisitorOptions = { country?: string; region?: string; gpc?: boolean; language?: string; ip?: string };

let visitors = 0;

/**
 * A browser in miniature: keeps the cookies the shop sets (and honours their expiry), sends them back,
 * and can carry a country (`cf.country`) and the Global Privacy Control header.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();
  /** Each visitor comes from an address of its own (as per-client rate limits see it). */
  readonly ip: string;
  constructor(public options: VisitorOptions = {}) {
    visitors++;
    this.ip = options.ip ?? `198.51.${Math.floor(visitors / 250) % 250}.${(visitors % 250) + 1}`;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("Accept")) headers.set("Accept", "text/html");
    headers.set("Accept-Language", this.options.language ?? "en-GB,en;q=0.9");
    if (this.options.gpc) headers.set("Sec-GPC", "1");
    if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", this.ip);
    if (this.cookies.size > 0) headers.set("Cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const cf = this.options.country ? { country: this.options.country, region: this.options.region } : undefined;
    const request = new Request(`https://shop.test${path}`, { ...init, headers, redirect: "manual", ...(cf ? { cf } : {}) } as RequestInit);
    const response = await exports.default.fetch(request);
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      // Only host-only, Path=/ expiries delete our jar's entries, as a browser would for cookies set that way.
      const scoped = attributes.some((a) => /^\s*domain=/i.test(a)) || !attributes.some((a) => /^\s*path=\/\s*$/i.test(a));
      if (expired && !scoped) this.cookies.delete(name);
      else if (!expired) this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  /** Submits a form the way a browser does (same-origin, urlencoded). */
  post(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://shop.test" },
      body: new URLSearchParams(fields),
    });
  }

  /** Reads a form's hidden fields from a page, for submitting it like a person would. */
  static formFields(html: string, action: string, surface?: string): Record<string, string> {
    const forms = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((match) => match[1] === action && (!surface || match[2]!.includes(`name="surface" value="${surface}"`)));
    if (!form) throw new Error(`no form posting to ${action}${surface ? ` (${surface})` : ""}`);
    const fields: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      fields[input[1]!] = input[2]!.replace(/&amp;/g, "&").replace(/&quot;/g, '"');
    }
    return fields;
  }

  /** Opens `path` and answers the consent form found there (banner by default). */
  async choose(path: string, action: string, extra: Record<string, string> = {}, surface = "banner", formAction = "/consent") {
    const html = await (await this.get(path)).text();
    return this.post(formAction, { ...Visitor.formFields(html, formAction, surface), action, ...extra });
  }
}

export const setCookieNames = (response: Response) => response.headers.getSetCookie().map((header) => header.split("=", 1)[0]!);

/** A consent record as the ledger receives it, for tests that write to the ledger directly. */
export async function ledgerInput(subjectId: string, event: ConsentRecordInput["event"] = "given"): Promise<ConsentRecordInput> {
  const text = `banner text shown to ${subjectId}`;
  const now = Date.now();
  return {
    subjectId,
    event,
    categories: { necessary: true, analytics: true, personalization: false },
    jurisdiction: "unknown (unknown, opt-in)",
    legalBasis: "consent",
    policyVersion: 1,
    policyHash: "a".repeat(64),
    shown: { hash: await sha256Hex(text), text },
    locale: "en",
    source: "banner",
    createdAt: now,
    retainUntil: now + 86_400_000,
  };
}

/** Captures (and silences) one console level, so a test can assert what the shop logged. */
export function captureConsole(level: "error" | "warn") {
  const spy = vi.spyOn(console, level).mockImplementation(() => {});
  return {
    lines: () => spy.mock.calls.map((args) => String(args[0])),
    text: () => spy.mock.calls.map((args) => String(args[0])).join("\n"),
    restore: () => spy.mockRestore(),
  };
}

/**
 * Takes (reads and removes) the newest message the dev inbox holds for `recipient` (E.164 phone or
 * email) and returns its six-digit code, or with `containing` the whole text of the newest message that
 * contains it. Messages travel through the real outbox queue, so this waits for them.
 */
export async function codeFor(recipient: string, options: { containing?: string; timeoutMs?: number } = {}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const row = await env.DB.prepare(
      "SELECT id, body FROM dev_inbox WHERE recipient = ?1 AND (?2 IS NULL OR instr(body, ?2) > 0) ORDER BY delivered_at DESC LIMIT 1",
    )
      .bind(recipient, options.containing ?? null)
      .first<{ id: string; body: string }>();
    const code = row?.body.match(/\b(\d{6})\b/)?.[1];
    if (row && (options.containing || code)) {
      await env.DB.prepare("DELETE FROM dev_inbox WHERE id = ?").bind(row.id).run();
      return options.containing ? row.body : code!;
    }
    if (Date.now() > deadline) throw new Error(`no message for ${recipient} in the dev inbox`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Lets the next code go to every number at once, as if the last one was sent over an hour ago. */
export async function forgetRecentCodes(): Promise<void> {
  await env.DB.prepare("UPDATE one_time_codes SET created_at = created_at - 3600001").run();
}

/** `birthMonth` ("YYYY-MM") defaults to an adult's; "" leaves the year and month unchosen. */
export type Registration = { phone: string; nickname: string; password: string; agree?: string; country?: string; birthMonth?: string };

const adultBirthMonth = "1990-06";

/**
 * Registers through the forms as a person would: the form, then (unless `stopAt` says otherwise) the code
 * from the dev inbox. Returns the last response: the form's answer ("form"), the redirect to the code page
 * ("sent"), or the code page's answer (by default).
 */
export async function register(visitor: Visitor, fields: Registration, options: { stopAt?: "form" | "sent" } = {}): Promise<Response> {
  const page = await (await visitor.get("/register")).text();
  const hidden = Visitor.formFields(page, "/register");
  const response = await visitor.post("/register", {
    ...hidden,
    country: fields.country ?? "CN",
    phone: fields.phone,
    nickname: fields.nickname,
    password: fields.password,
    birthYear: (fields.birthMonth ?? adultBirthMonth).slice(0, 4),
    birthMonth: (fields.birthMonth ?? adultBirthMonth).slice(5, 7),
    ...(fields.agree === "" ? {} : { agree: fields.agree ?? "on" }),
  });
  if (options.stopAt === "form" || (options.stopAt === "sent" && response.status !== 303) || response.status !== 303) return response;
  if (options.stopAt === "sent") return response;
  const location = new URL(response.headers.get("location")!, "https://shop.test");
  const e164 = `+86${fields.phone.replace(/\D/g, "")}`;
  const code = await codeFor(fields.country && fields.country !== "CN" ? fields.phone : e164);
  return visitor.post("/register/verify", { challenge: location.searchParams.get("challenge")!, code, next: location.searchParams.get("next") ?? "/account" });
}

/** Signs in with phone (national form) and password; `next` is where the form says to come back to. */
export function signInAs(visitor: Visitor, member: { national: string; password: string }, next = "/account") {
  return visitor.post("/sign-in", { country: "CN", phone: member.national, password: member.password, next });
}
