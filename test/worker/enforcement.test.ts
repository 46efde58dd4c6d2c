import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import worker from "../../worker/index.ts";
import type { AppEnv } from "../../worker/app-env.ts";
import { consentCookiePayload } from "../../worker/features/consent/consent-state.ts";
import { listSubjectRecords } from "../../worker/features/consent/consent-ledger.ts";
import { shopDay } from "../../worker/lib/dates.ts";
import { database } from "../../worker/lib/db.ts";
import { signToken, verifyToken } from "../../worker/lib/signed-token.ts";
import { consent } from "../../worker/middleware/consent.ts";
import { onError } from "../../worker/middleware/errors.ts";
import { i18n } from "../../worker/middleware/i18n.ts";
import { requestId } from "../../worker/middleware/request-id.ts";
import { captureConsole, seedDemoShop, setCookieNames, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

/** A handler that sets cookies carelessly, behind the shop's real middleware. */
function carelessApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId(), consent(), i18n());
  app.get("/set/:name", (c) => {
    setCookie(c, c.req.param("name"), "1", { path: "/" });
    return c.text("set");
  });
  app.get("/redirect", (c) => {
    setCookie(c, "lantern_recent", "x", { path: "/" });
    return c.redirect("/", 302);
  });
  app.get("/boom", (c) => {
    setCookie(c, "lantern_av", "2026-01-01", { path: "/" });
    throw new Error("boom");
  });
  app.onError(onError);
  return app;
}

async function call(app: Hono<AppEnv>, path: string, appEnv: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`https://shop.test${path}`, { headers: { Accept: "text/html" } }), { ...env, ...appEnv }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("enforcement of the registry", () => {
  it("strips a registered optional cookie the visitor has not accepted, on pages, redirects and errors", async () => {
    const error = captureConsole("error");
    const app = carelessApp();
    expect(setCookieNames(await call(app, "/set/lantern_recent"))).toEqual([]);
    const redirect = await call(app, "/redirect");
    expect(redirect.status).toBe(302);
    expect(setCookieNames(redirect)).toEqual([]);
    const failed = await call(app, "/boom");
    expect(failed.status).toBe(500);
    expect(setCookieNames(failed)).toEqual([]);
    error.restore();
  });

  it("lets strictly necessary cookies through", async () => {
    expect(setCookieNames(await call(carelessApp(), "/set/lang"))).toEqual(["lang"]);
  });

  it("fails the request loudly for a cookie that is not in the registry (development and tests)", async () => {
    const error = captureConsole("error");
    const response = await call(carelessApp(), "/set/tracker", { APP_ENV: "development" });
    expect(response.status).toBe(500);
    expect(setCookieNames(response)).toEqual([]);
    expect(error.text()).toContain("not in the registry: tracker");
    error.restore();
  });

  it("drops and logs it in production, and the page still works", async () => {
    const warn = captureConsole("warn");
    const response = await call(carelessApp(), "/set/tracker", { APP_ENV: "production" });
    expect(response.status).toBe(200);
    expect(setCookieNames(response)).toEqual([]);
    expect(warn.text()).toContain('"dropped":["tracker"]');
    warn.restore();
  });
});

describe("consent lifetime", () => {
  it("expires after the jurisdiction's period: asks again, runs nothing optional, records the expiry once", async () => {
    const visitor = new Visitor({ country: "DE" });
    await visitor.choose("/", "accept_all");
    const choice = (await verifyToken(env.COOKIE_SECRET, visitor.cookies.get("consent")!, consentCookiePayload))!;
    // The same choice, made seven months ago (the EU period is six).
    const old = { ...choice, at: Date.now() - 210 * 86_400_000 };
    visitor.cookies.set("consent", await signToken(env.COOKIE_SECRET, old, 395 * 86_400));
    visitor.cookies.set("lantern_recent", "x");

    const page = await visitor.get(`/p/${seedProducts[0]!.slug}`);
    expect(textOf(await page.text())).toContain("Time to review your privacy choices");
    expect(visitor.cookies.has("lantern_recent")).toBe(false);
    await visitor.get("/");
    await vi.waitFor(async () => {
      const events = (await listSubjectRecords(database(env.DB), choice.sid)).map((r) => r.event);
      expect(events).toEqual(["given", "expired"]);
    });
  });

  it("ignores a forged consent cookie", async () => {
    const visitor = new Visitor();
    const forged = await signToken("not-the-shop-secret-0123456789abcdef", { sid: "sub_0000000000000000", v: 1, c: { functional: true, analytics: true, personalization: true }, g: false, at: Date.now(), n: 1 }, 3600);
    visitor.cookies.set("consent", forged);
    const page = await visitor.get(`/p/${seedProducts[0]!.slug}`);
    expect(setCookieNames(page)).toEqual([]);
    expect(await page.text()).toContain('class="consent-banner"');
  });
});

describe("aggregated page-view analytics", () => {
  it("counts views per page per day from queued messages, visitors once a day", async () => {
    const warn = captureConsole("warn");
    const { day } = shopDay(new Date());
    const batch = createMessageBatch("live-shop-analytics", [
      { id: "1", timestamp: new Date(), attempts: 1, body: { day, path: "/c/fashion", newVisitor: true } },
      { id: "2", timestamp: new Date(), attempts: 1, body: { day, path: "/c/fashion", newVisitor: false } },
      { id: "3", timestamp: new Date(), attempts: 1, body: { day, path: "/", newVisitor: true } },
      { id: "4", timestamp: new Date(), attempts: 1, body: { day: "yesterday", path: "/", newVisitor: true } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.length + (result.ackAll ? 4 : 0)).toBeGreaterThanOrEqual(4);
    const rows = (await env.DB.prepare("SELECT path, views, visitors FROM page_views WHERE day = ? ORDER BY path").bind(day).all()).results;
    expect(warn.text()).toContain('"dropped":"4"');
    warn.restore();
    expect(rows).toEqual([
      { path: "/", views: 1, visitors: 1 },
      { path: "/c/fashion", views: 2, visitors: 1 },
    ]);
  });

  it("sends a page view to the queue only when analytics is allowed, end to end", async () => {
    const count = async (path: string) =>
      (await env.DB.prepare("SELECT coalesce(sum(views), 0) AS n FROM page_views WHERE path = ?").bind(path).first<{ n: number }>())!.n;
    const refused = new Visitor({ country: "DE" });
    await refused.get("/c/beauty");
    const accepted = new Visitor({ country: "DE" });
    await accepted.choose("/", "accept_all");
    await accepted.get("/c/outdoors");
    const optOutRegion = new Visitor({ country: "BR" });
    await optOutRegion.get("/c/electronics");
    await vi.waitFor(async () => {
      expect(await count("/c/outdoors")).toBe(1);
      expect(await count("/c/electronics")).toBe(1);
    }, { timeout: 10_000, interval: 200 });
    expect(await count("/c/beauty")).toBe(0);
  });
});
