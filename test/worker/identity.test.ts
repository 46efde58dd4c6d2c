import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { memberIdentity, saveIdentity } from "../../worker/features/identity/queries.ts";
import { highValueMinor } from "../../worker/features/identity/requirements.ts";
import { sandboxTestIds } from "../../worker/features/identity/sandbox-verifier.ts";
import { orderFieldContext } from "../../worker/features/orders/queries.ts";
import { database } from "../../worker/lib/db.ts";
import { decryptField, encryptField, fieldKeyId, lookupHash } from "../../worker/lib/field-crypto.ts";
import { rotateFieldKeys } from "../../worker/lib/field-rotation.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { productWithStock } from "./order-support.ts";
import { seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

/** The worker tier's FIELD_KEY_PREVIOUS (vitest.config.ts): a key "from before a rotation". */
const previousKey = "test-previous-field-key-for-the-worker-tier";
const [shopper, host, staff, admin] = demoMembers as [(typeof demoMembers)[number], (typeof demoMembers)[number], (typeof demoMembers)[number], (typeof demoMembers)[number]];
const ids = new Map<string, string>();
const idOf = (member: (typeof demoMembers)[number]) => ids.get(member.phone)!;

beforeAll(async () => {
  await seedDemoShop({ members: true });
  for (const member of demoMembers) ids.set(member.phone, await stableId("mbr", member.phone));
});

beforeEach(async () => {
  await env.DB.batch([env.DB.prepare("DELETE FROM cart_items"), env.DB.prepare("DELETE FROM identity_verifications")]);
});

async function signedIn(member = shopper) {
  const visitor = new Visitor({ country: "CN" });
  expect((await signInAs(visitor, member)).status).toBe(303);
  return visitor;
}

async function inCart(memberId: string, options: { crossBorder: boolean; priceMinor?: number }) {
  const product = await productWithStock(20);
  await env.DB.prepare("UPDATE products SET cross_border = ?2, price_minor = coalesce(?3, price_minor) WHERE id = ?1").bind(product.id, options.crossBorder ? 1 : 0, options.priceMinor ?? null).run();
  const price = await env.DB.prepare("SELECT price_minor FROM products WHERE id = ?").bind(product.id).first<number>("price_minor");
  await env.DB.prepare("INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) VALUES (?, ?, 1, ?, ?)").bind(memberId, product.id, price, Date.now()).run();
  return product;
}

const identityRow = (memberId: string) => env.DB.prepare("SELECT * FROM identity_verifications WHERE member_id = ?").bind(memberId).first<Record<string, unknown>>();
const verify = (visitor: Visitor, fields: Record<string, string>) =>
  visitor.post("/account/identity", { reason: "cross_border", next: "/checkout", real_name: "王芳", id_number: sandboxTestIds.verified, ...fields });
const newAddress = { address_id: "new", recipient: "Wang Fang", country: "CN", phone: "139 1234 5678", address: "88 Jiefang Road, Xihu District, Hangzhou" };

describe("identity verification", () => {
  it("is never asked at registration: the form has no name or ID field, and members start with none on file", async () => {
    const form = await (await new Visitor().get("/register")).text();
    expect(form).not.toContain('name="id_number"');
    expect(form).not.toContain('name="real_name"');
    // Nor does the identity page offer the form unless a feature says why it needs it.
    const visitor = await signedIn();
    expect(await (await visitor.get("/account/identity")).text()).not.toContain('name="id_number"');
    const account = textOf(await (await visitor.get("/account")).text());
    expect(account).toContain("No identity details on file.");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM identity_verifications").first<number>("n")).toBe(0);
  });

  it("is asked at checkout only when a line ships from abroad: there and back, and customs clears with the verified ID", async () => {
    const visitor = await signedIn();
    const domestic = await inCart(idOf(shopper), { crossBorder: false, priceMinor: 9_900 });
    const plain = await (await visitor.get("/checkout")).text();
    expect(plain).toContain('name="intent" value="place"');
    expect(plain).not.toContain("/account/identity");
    await env.DB.prepare("DELETE FROM cart_items WHERE product_id = ?").bind(domestic.id).run();

    await inCart(idOf(shopper), { crossBorder: true, priceMinor: 24_000 });
    const asked = await (await visitor.get("/checkout")).text();
    expect(asked).not.toContain('name="intent" value="place"');
    expect(asked).toContain('href="/account/identity?reason=cross_border&amp;next=%2Fcheckout"');
    expect(textOf(asked)).toContain("Items shipped from abroad clear customs in your name");
    // Placing anyway (an old form, no page) is sent to verify too.
    const placing = await visitor.post("/checkout", { ...Visitor.formFields(asked, "/checkout"), ...newAddress, intent: "place" });
    expect(placing.status).toBe(303);
    expect(placing.headers.get("Location")).toBe("/account/identity?reason=cross_border&next=%2Fcheckout");

    const why = textOf(await (await visitor.get("/account/identity?reason=cross_border&next=%2Fcheckout")).text());
    expect(why).toContain("clear customs in the name of the person who orders them");
    const done = await verify(visitor, {});
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/checkout");

    const ready = await (await visitor.get("/checkout")).text();
    expect(ready).toContain('name="intent" value="place"');
    expect(textOf(ready)).toContain("clear customs in your name, with your verified ID card number");
    const placed = await visitor.post("/checkout", { ...Visitor.formFields(ready, "/checkout"), ...newAddress, intent: "place" });
    expect(placed.status).toBe(303);
    const number = placed.headers.get("Location")!.split("/")[2]!.split("?")[0];
    const order = (await env.DB.prepare("SELECT id, customs_id_enc FROM orders WHERE number = ?").bind(number).first<{ id: string; customs_id_enc: string }>())!;
    expect(order.customs_id_enc).not.toContain(sandboxTestIds.verified);
    expect(await decryptField(env.FIELD_KEY, order.customs_id_enc, orderFieldContext("customs_id", order.id))).toBe(sandboxTestIds.verified);
  });

  it(`is asked for orders of ${highValueMinor / 100} yuan or more, and not below`, async () => {
    const visitor = await signedIn(host);
    const below = await inCart(idOf(host), { crossBorder: false, priceMinor: highValueMinor - 100 });
    expect(await (await visitor.get("/checkout")).text()).toContain('name="intent" value="place"');
    await env.DB.prepare("UPDATE products SET price_minor = ? WHERE id = ?").bind(highValueMinor, below.id).run();
    await env.DB.prepare("UPDATE cart_items SET price_seen_minor = ? WHERE product_id = ?").bind(highValueMinor, below.id).run();
    const asked = await (await visitor.get("/checkout")).text();
    expect(asked).not.toContain('name="intent" value="place"');
    expect(asked).toContain('href="/account/identity?reason=high_value&amp;next=%2Fcheckout"');
    expect(textOf(asked)).toContain("Orders of CN¥5,000 or more need your verified identity");
  });

  it("answers the sandbox's failing ids with 422, keeping the name but never echoing the number, and stores nothing", async () => {
    const visitor = await signedIn();
    const mismatch = await verify(visitor, { id_number: sandboxTestIds.mismatch });
    expect(mismatch.status).toBe(422);
    const page = await mismatch.text();
    expect(page).toContain('value="王芳"');
    expect(page).not.toContain(sandboxTestIds.mismatch);
    expect(textOf(page)).toContain("could not match this name and ID card number");
    const unavailable = await verify(visitor, { id_number: sandboxTestIds.unavailable });
    expect(unavailable.status).toBe(422);
    expect(textOf(await unavailable.text())).toContain("not answering right now");
    const malformed = await verify(visitor, { id_number: "110101199003070000" });
    expect(malformed.status).toBe(422);
    expect(textOf(await malformed.text())).toContain("Enter an 18-character mainland ID card number.");
    const noName = await verify(visitor, { real_name: "" });
    expect(noName.status).toBe(422);
    expect(await identityRow(idOf(shopper))).toBeNull();
    // Back to where it was asked from, never to another site.
    const offsite = await verify(visitor, { next: "//evil.example/" });
    expect(offsite.headers.get("Location")).toBe("/account");
  });

  it("stores name and number encrypted under the current key's id, shows them masked, and deletes them after a second confirmation", async () => {
    const visitor = await signedIn();
    expect((await verify(visitor, { reason: "dispute", next: "/account" })).status).toBe(303);
    const row = (await identityRow(idOf(shopper)))!;
    const keyId = await fieldKeyId(env.FIELD_KEY);
    expect(String(row.real_name_enc).startsWith(`k${keyId}.`)).toBe(true);
    expect(String(row.id_number_enc).startsWith(`k${keyId}.`)).toBe(true);
    expect(JSON.stringify(row)).not.toContain("王芳");
    expect(JSON.stringify(row)).not.toContain(sandboxTestIds.verified);
    expect(row.reason).toBe("dispute");
    expect(row.verifier).toBe("sandbox");

    for (const path of ["/account", "/account/identity"]) {
      const html = await (await visitor.get(path)).text();
      expect(textOf(html)).toContain("王*");
      expect(textOf(html)).toContain("1****************X");
      expect(textOf(html)).toContain("for a dispute");
      expect(html).not.toContain("王芳");
      expect(html).not.toContain(sandboxTestIds.verified);
    }

    const ask = await visitor.post("/account/identity/delete", {});
    expect(ask.status).toBe(200);
    expect(textOf(await ask.text())).toContain("Delete your identity details?");
    expect(await identityRow(idOf(shopper))).not.toBeNull();
    const deleted = await visitor.post("/account/identity/delete", { confirm: "yes" });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("Location")).toBe("/account/identity?deleted=1");
    expect(await identityRow(idOf(shopper))).toBeNull();
    expect(textOf(await (await visitor.get("/account")).text())).toContain("No identity details on file.");
  });

  it("is nobody else's to see or delete", async () => {
    const owner = await signedIn();
    expect((await verify(owner, {})).status).toBe(303);
    const other = await signedIn(staff);
    expect(textOf(await (await other.get("/account")).text())).toContain("No identity details on file.");
    expect(textOf(await (await other.get("/account/identity")).text())).not.toContain("1****************X");
    expect((await other.post("/account/identity/delete", { confirm: "yes" })).status).toBe(303);
    expect(await identityRow(idOf(shopper))).not.toBeNull();
    expect((await new Visitor().post("/account/identity/delete", { confirm: "yes" })).status).not.toBe(200);
    expect(await identityRow(idOf(shopper))).not.toBeNull();
  });

  it("refuses a tampered ciphertext or one moved to another member", async () => {
    const db = database(env.DB);
    await saveIdentity(db, env.FIELD_KEY, idOf(shopper), { realName: "王芳", idNumber: sandboxTestIds.verified, reason: "cross_border", verifier: "sandbox" });
    await saveIdentity(db, env.FIELD_KEY, idOf(admin), { realName: "李雷", idNumber: "440304198512010027", reason: "high_value", verifier: "sandbox" });
    const sealed = String((await identityRow(idOf(shopper)))!.id_number_enc);
    // Someone with database access copies the shopper's number onto the admin's row.
    await env.DB.prepare("UPDATE identity_verifications SET id_number_enc = ? WHERE member_id = ?").bind(sealed, idOf(admin)).run();
    await expect(memberIdentity(db, env.FIELD_KEY, idOf(admin))).rejects.toThrow(/altered or belongs to another row/);
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === "A" ? "B" : "A") + sealed.slice(-2);
    await env.DB.prepare("UPDATE identity_verifications SET id_number_enc = ? WHERE member_id = ?").bind(flipped, idOf(shopper)).run();
    await expect(memberIdentity(db, env.FIELD_KEY, idOf(shopper))).rejects.toThrow(/altered/);
  });

  it("rate-limits verification attempts per member", async () => {
    const visitor = await signedIn(admin);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) statuses.push((await verify(visitor, { id_number: sandboxTestIds.mismatch })).status);
    expect(statuses.slice(0, 20).every((status) => status === 422)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("rotating the field key", () => {
  it("reads what the previous key sealed, and the rotation re-encrypts it under the current key and recomputes lookup hashes", async () => {
    const db = database(env.DB);
    const memberId = idOf(host);
    // The host's row as the previous key left it: phone, its lookup hash and an identity.
    await saveIdentity(db, previousKey, memberId, { realName: "林师傅", idNumber: "310104197912310008", reason: "high_value", verifier: "sandbox" });
    await env.DB.prepare("UPDATE members SET phone_enc = ?1, phone_hash = ?2 WHERE id = ?3")
      .bind(await encryptField(previousKey, host.phone, `members.phone:${memberId}`), await lookupHash(previousKey, "phone", host.phone), memberId)
      .run();
    expect(String((await identityRow(memberId))!.real_name_enc).startsWith(`k${await fieldKeyId(previousKey)}.`)).toBe(true);
    // Values still read through FIELD_KEY_PREVIOUS; lookups by the old hash do not (hence the rotation).
    expect((await memberIdentity(db, env.FIELD_KEY, memberId))!.idNumber).toBe("310104197912310008");
    expect((await signInAs(new Visitor({ country: "CN" }), host)).status).toBe(422);

    const report = await rotateFieldKeys(env.DB, { current: env.FIELD_KEY, previous: [previousKey] });
    expect(report.resealed).toEqual({ "identity_verifications.id_number_enc": 1, "identity_verifications.real_name_enc": 1, "members.phone_enc": 1 });
    expect(report.rehashed).toEqual({ "members.phone_hash": 1 });
    expect(report.skipped).toBe(0);

    const current = `k${await fieldKeyId(env.FIELD_KEY)}.`;
    const row = (await identityRow(memberId))!;
    expect(String(row.real_name_enc).startsWith(current)).toBe(true);
    expect(await decryptField(env.FIELD_KEY, String(row.id_number_enc), `identity_verifications.id_number:${memberId}`, [])).toBe("310104197912310008");
    const visitor = await signedIn(host);
    expect(textOf(await (await visitor.get("/account")).text())).toContain("3****************8");
    // Nothing is left under the previous key; a second run finds nothing to do.
    expect(await rotateFieldKeys(env.DB, { current: env.FIELD_KEY, previous: [] })).toEqual({ resealed: {}, rehashed: {}, skipped: 0 });
  });
});
