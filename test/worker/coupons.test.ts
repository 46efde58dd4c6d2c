import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const [shopper, , staff] = demoMembers as [(typeof demoMembers)[number], (typeof demoMembers)[number], (typeof demoMembers)[number]];

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

async function signedIn(member: { national: string; password: string }) {
  const visitor = new Visitor({ country: "CN" });
  expect((await signInAs(visitor, member)).status).toBe(303);
  return visitor;
}

const coupon = (fields: Record<string, string> = {}) => ({
  couponCode: "spring20",
  kind: "fixed",
  value: "20",
  minSpend: "100",
  startsAt: "2026-01-01T00:00",
  endsAt: "2099-01-01T00:00",
  perMember: "1",
  total: "500",
  scope: "all",
  scopeCategory: "",
  scopeProduct: "",
  ...fields,
});

describe("staff coupons", () => {
  it("are for staff only", async () => {
    expect((await (await signedIn(shopper)).get("/staff/coupons")).status).toBe(403);
    expect((await new Visitor().get("/staff/coupons")).headers.get("Location")).toContain("/sign-in");
  });

  it("staff create a coupon with its limits, window and scope; it is listed and stored as typed", async () => {
    const visitor = await signedIn(staff);
    const created = await visitor.post("/staff/coupons", coupon());
    expect(created.status).toBe(303);
    const row = await env.DB.prepare("SELECT kind, value, min_spend_minor, per_member_limit, total_limit, scope, starts_at FROM coupons WHERE code = 'SPRING20'").first();
    expect(row).toEqual({ kind: "fixed", value: 2000, min_spend_minor: 10000, per_member_limit: 1, total_limit: 500, scope: "all", starts_at: Date.parse("2025-12-31T16:00:00Z") });
    const page = textOf(await (await visitor.get("/staff/coupons")).text());
    expect(page).toContain("SPRING20");
    expect(page).toContain("CN¥20 off");
    expect(page).toContain("0 / 500");
    const again = await visitor.post("/staff/coupons", coupon());
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("Another coupon has this code.");
  });

  it("keeps what was typed and creates nothing when the input is wrong", async () => {
    const visitor = await signedIn(staff);
    const before = await env.DB.prepare("SELECT count(*) AS n FROM coupons").first<number>("n");
    const response = await visitor.post("/staff/coupons", coupon({ couponCode: "BADPCT", kind: "percent", value: "95", endsAt: "2025-01-01T00:00" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('value="BADPCT"');
    expect(textOf(html)).toContain("The end must come after the start.");
    expect(textOf(html)).toContain("A percentage is a whole number from 1 to 90.");
    const unknown = await visitor.post("/staff/coupons", coupon({ couponCode: "NOSUCH", scope: "product", scopeProduct: "no-such-product" }));
    expect(unknown.status).toBe(422);
    expect(textOf(await unknown.text())).toContain("No product has this address name.");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM coupons").first<number>("n")).toBe(before);
  });

  it("a category coupon applies at checkout to that category's items only", async () => {
    const visitor = await signedIn(staff);
    const product = (await env.DB.prepare("SELECT id, category_id, price_minor FROM products WHERE stock > 5 AND cross_border = 0 ORDER BY price_minor DESC LIMIT 1").first<{ id: string; category_id: string; price_minor: number }>())!;
    expect((await visitor.post("/staff/coupons", coupon({ couponCode: "CATTEN", kind: "percent", value: "10", minSpend: "0", scope: "category", scopeCategory: product.category_id }))).status).toBe(303);
    const memberId = (await env.DB.prepare("SELECT id FROM members WHERE nickname = 'Mei'").first<string>("id"))!;
    await env.DB.prepare("DELETE FROM cart_items WHERE member_id = ?").bind(memberId).run();
    await env.DB.prepare("INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) VALUES (?, ?, 1, ?, ?)").bind(memberId, product.id, product.price_minor, Date.now()).run();
    const mei = await signedIn(shopper);
    const page = await (await mei.get("/checkout")).text();
    const updated = await mei.post("/checkout", { ...Visitor.formFields(page, "/checkout"), coupon_code: "catten", intent: "update", address_id: "new", recipient: "Wang Fang", country: "CN", phone: "13912345678", address: "88 Jiefang Road, Hangzhou" });
    expect(updated.status).toBe(200);
    expect(textOf(await updated.text())).toContain("CATTEN");
  });
});
