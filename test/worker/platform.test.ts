import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { roomTicket } from "../../party/protocol.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { browse, captureConsole, seedDemoShop, textOf } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

const pages = ["/", "/c/fashion", "/p/rose-silk-scarf", "/live", "/live/spring-tea-tasting", "/search?q=mug", "/sign-in", "/register", "/account/privacy", "/privacy", "/cookies"];

describe("security headers", () => {
  it("are on every page, error and API response, with a CSP that only allows the shop's own code", async () => {
    for (const path of [...pages, "/no-such-page", "/api/no-such-thing", "/c/fashion?sort=bad"]) {
      const response = await browse(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ${env.PARTY_URL.replace(/^http/, "ws")}`);
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toContain("camera=(self), microphone=(self)");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("pages contain no inline script or style the CSP would have to allow", async () => {
    for (const path of pages) {
      const html = await (await browse(path)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, path).not.toMatch(/\sstyle="/);
      expect(html, path).not.toMatch(/<style/);
    }
  });
});

describe("cookies", () => {
  it("no page sets a cookie until the visitor picks a language", async () => {
    for (const path of [...pages, "/no-such-page"]) {
      expect((await browse(path)).headers.get("set-cookie"), path).toBeNull();
    }
  });

  it("every page links the privacy policy and cookie settings", async () => {
    for (const path of [...pages, "/no-such-page"]) {
      const html = await (await browse(path)).text();
      expect(html, path).toContain('href="/privacy"');
      expect(html, path).toContain('href="/cookies"');
    }
  });
});

describe("languages", () => {
  it("follows Accept-Language: Simplified Chinese pages, prices and lang attribute", async () => {
    const response = await browse("/c/food-tea", { language: "zh-CN,zh;q=0.9" });
    expect(response.headers.get("content-language")).toBe("zh-CN");
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(textOf(html)).toContain("食品茶饮");
    expect(textOf(html)).toContain("共 12 件商品");
    expect(textOf(html)).toMatch(/¥\d/);
  });

  it("remembers an explicit choice in a cookie and returns to the same page", async () => {
    const response = await browse("/language", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://shop.test" },
      body: new URLSearchParams({ locale: "zh-CN", next: "/c/fashion?page=2" }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/c/fashion?page=2");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^lang=zh-CN;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const page = await browse("/c/fashion?page=2", { headers: { Cookie: "lang=zh-CN" } });
    expect(textOf(await page.text())).toContain("服饰鞋包");
  });

  it("never redirects off the site and refuses cross-site form posts", async () => {
    const offsite = await browse("/language", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://shop.test" },
      body: new URLSearchParams({ locale: "en", next: "//evil.example/" }),
    });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.get("location")).toBe("/");
    const crossSite = await browse("/language", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ locale: "en", next: "/" }),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
  });
});

describe("errors", () => {
  it("answer JSON on /api/* and a page elsewhere", async () => {
    const api = await browse("/api/nothing-here");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/json");
    expect(await api.json()).toMatchObject({ error: "not_found", requestId: expect.any(String) });
    const page = await browse("/nothing-here");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it("error pages never show a stack trace, but give a reference to quote", async () => {
    const logged = captureConsole("error");
    await env.DB.exec("DROP TABLE live_show_products");
    try {
      const response = await browse("/live/spring-tea-tasting");
      expect(response.status).toBe(500);
      const html = await response.text();
      const text = textOf(html);
      expect(text).toContain("Something went wrong on our side");
      expect(text).toContain(`quote reference ${response.headers.get("x-request-id")}`);
      expect(html).not.toMatch(/at \w+ \(|\.ts:\d+|D1_ERROR|SQLITE|no such table/i);
      // The log has what an operator needs, tied to the same reference, and not the query's parameters.
      const line = logged.lines()[0] ?? "";
      expect(line).toContain(response.headers.get("x-request-id")!);
      expect(line).toContain("no such table: live_show_products");
      expect(line).not.toContain("params:");
    } finally {
      await env.DB.exec(
        "CREATE TABLE `live_show_products` (`show_id` text NOT NULL, `product_id` text NOT NULL, `position` integer NOT NULL, PRIMARY KEY(`show_id`, `product_id`))",
      );
      logged.restore();
    }
  });
});

describe("room tickets", () => {
  const sameSite = { Accept: "application/json", Origin: "https://shop.test" };

  it("are issued for a live show, signed for its room, fresh and uncacheable", async () => {
    const response = await browse("/api/live/spring-tea-tasting/ticket", { method: "POST", headers: sameSite });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { ticket } = (await response.json()) as { ticket: string };
    const payload = await verifyToken(env.ROOM_TICKET_SECRET, ticket, roomTicket);
    const show = await env.DB.prepare("SELECT id FROM live_shows WHERE slug = 'spring-tea-tasting'").first<{ id: string }>();
    expect(payload).toMatchObject({ room: show!.id, role: "viewer", sub: expect.stringMatching(/^vwr_/) });
  });

  it("are refused for shows that are not live and for unknown shows", async () => {
    const scheduled = await browse("/api/live/kiln-opening/ticket", { method: "POST", headers: sameSite });
    expect(scheduled.status).toBe(409);
    expect(await scheduled.json()).toMatchObject({ error: "conflict" });
    expect((await browse("/api/live/nope/ticket", { method: "POST", headers: sameSite })).status).toBe(404);
  });

  it("cannot be minted by another site", async () => {
    const response = await browse("/api/live/spring-tea-tasting/ticket", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "forbidden" });
  });
});

describe("rate limits", () => {
  it("refuse a client that asks for too many room tickets, with Retry-After, and leave others alone", async () => {
    const ask = (address: string) =>
      browse("/api/live/spring-tea-tasting/ticket", {
        method: "POST",
        headers: { Accept: "application/json", Origin: "https://shop.test", "CF-Connecting-IP": address },
      });
    // The limiter counts in fixed 60-second windows: start well inside one, so the budget cannot reset midway.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));
    const statuses = [];
    for (let i = 0; i < 65; i++) statuses.push((await ask("203.0.113.7")).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
    const refused = await ask("203.0.113.7");
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await refused.json()).toMatchObject({ error: "rate_limited" });
    expect((await ask("198.51.100.9")).status).toBe(200);
  });
});
