/**
 * The standing erasure scan: a member who has used every feature the shop has closes their account, the
 * grace period passes, and then EVERY table in the database (read from the schema itself, so a new
 * feature's tables join the scan by being created) and EVERY object in R2 is searched for anything of
 * theirs. A feature that stores something personal and forgets erasure fails here.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { productScene, renderScene } from "../../db/seed/product-image.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { roomTicket } from "../../party/protocol.ts";
import type { TimelineEntry } from "../../party/room/show-room.ts";
import { eraseDueAccounts } from "../../worker/features/account-closing/erasure.ts";
import { placeOrder } from "../../worker/features/checkout/place-order.ts";
import { quote } from "../../worker/features/checkout/pricing.ts";
import { verifyConsentChain } from "../../worker/features/consent/consent-ledger.ts";
import { recomputeLevel } from "../../worker/features/levels/queries.ts";
import { levels } from "../../worker/features/levels/levels.ts";
import { saveTimeline } from "../../worker/features/live/host-queries.ts";
import { claimCoupon, holdUnit, issueCoupon, startSale } from "../../worker/features/live/selling.ts";
import { cancelUnpaidOrders } from "../../worker/features/orders/queries.ts";
import { database } from "../../worker/lib/db.ts";
import { encryptField, lookupHash } from "../../worker/lib/field-crypto.ts";
import { newId } from "../../worker/lib/ids.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { mediaUrl } from "../../worker/views/media.ts";
import { postTracking, trackingEvent } from "./delivery-support.ts";
import { productWithStock } from "./order-support.ts";
import { codeFor, seedDemoShop, signInAs, Visitor } from "./support.ts";

const national = "13655550123";
const e164 = `+86${national}`;
const nickname = "Quokka Meridian";
const email = "quokka.meridian@example.com";
const password = "paper boats drift over the quiet harbour";
const realName = "Meridian Quokka-Lin";
const idNumber = "11010519491231002X";
const note = "Leave it with the concierge, ask for Quokka";
const invoiceTitle = "Meridian Quokka Studio";
const taxpayerId = "91330100MA27QUOKKA";
const searchTerm = "teapot for meridian quokka";

/** A thing that is theirs, as it would appear in a cell or an object. */
type Needle = { what: string; value: string };
const needles: Needle[] = [];
const theirs = (what: string, value: string | null | undefined) => {
  if (value) needles.push({ what, value });
};

let memberId = "";
let avatarBytes = new Uint8Array();
const r2Keys: string[] = [];
let ordersKept: { id: string; total_minor: number }[] = [];
let consentBefore = { records: 0, theirs: 0 };
let subjectIds: string[] = [];
let pseudonym = "";

const rows = async <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).all<T>()).results;
const staff = demoMembers.find((member) => member.role === "staff")!;
const origin = { Origin: "https://shop.test" };

/** Every table of the database, from the schema itself: a new feature's tables are scanned without anyone listing them. */
async function everyTable(): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  );
  return tables.map((table) => table.name);
}

/** Every object in the bucket, page by page. */
async function everyObject(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA.list({ cursor, limit: 1000 });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** Collects the member's encrypted values and keyed hashes as they are stored now: none may survive. */
async function collectStoredSecrets() {
  for (const table of await everyTable()) {
    const columns = (await rows<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((column) => column.name);
    const owner = columns.includes("member_id") ? "member_id = ?1" : table === "members" ? "id = ?1" : null;
    if (!owner) continue;
    for (const row of await rows<Record<string, unknown>>(`SELECT * FROM "${table}" WHERE ${owner}`, memberId)) {
      for (const [column, value] of Object.entries(row)) {
        // (A policy hash is the published text's, the same for everyone.)
        if (typeof value === "string" && /_(enc|hash)$/.test(column) && column !== "policy_hash") theirs(`${table}.${column}`, value);
      }
    }
  }
}

beforeAll(async () => {
  await seedDemoShop({ members: true });
  const db = database(env.DB);
  const visitor = new Visitor({ country: "CN" });

  // A visitor who made cookie choices before registering (consent records under the device's subject id).
  await visitor.choose("/", "accept_all");
  const form = await (await visitor.get("/register")).text();
  const sent = await visitor.post("/register", { ...Visitor.formFields(form, "/register"), country: "CN", phone: national, nickname, password, agree: "on", birthYear: "1990", birthMonth: "5" });
  expect(sent.status).toBe(303);
  const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
  expect((await visitor.post("/register/verify", { challenge, code: await codeFor(e164), next: "/account" })).status).toBe(303);
  const member = (await env.DB.prepare("SELECT id, subject_id, avatar_key FROM members WHERE nickname = ?").bind(nickname).first<{ id: string; subject_id: string; avatar_key: string }>())!;
  memberId = member.id;
  r2Keys.push(member.avatar_key);

  // A second browser with choices of its own (its subject id is linked to the member), and a failed
  // sign-in (a back-off row kept under the phone's keyed hash).
  const second = new Visitor({ country: "CN" });
  await second.choose("/", "reject_all");
  expect((await signInAs(second, { national, password })).status).toBe(303);
  expect((await signInAs(new Visitor({ country: "CN" }), { national, password: "not the password, surely not" })).status).toBe(422);

  // Email, confirmed with a code.
  const asked = await visitor.post("/account/email", { email });
  expect(asked.status).toBe(303);
  const emailChallenge = new URL(asked.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
  expect((await visitor.post("/account/email/verify", { challenge: emailChallenge, code: await codeFor(email), next: "/account" })).status).toBe(303);

  // An uploaded picture (the generated one is replaced and deleted by the upload itself).
  const upload = new FormData();
  const png = await renderScene(productScene({ width: 200, height: 200, shape: "mug", hue: 140, backgroundHue: 300, variant: 1 }));
  upload.set("avatar", new File([new Uint8Array(png)], "me.png", { type: "image/png" }));
  expect((await visitor.request("/account/avatar", { method: "POST", body: upload, headers: origin })).status).toBe(303);
  const avatarKey = (await env.DB.prepare("SELECT avatar_key FROM members WHERE id = ?").bind(memberId).first<string>("avatar_key"))!;
  r2Keys.push(avatarKey);
  avatarBytes = new Uint8Array(await (await env.MEDIA.get(avatarKey))!.arrayBuffer());

  // A photo search they saved (the photo kept in R2 under a random key, its features in a row).
  const searched = new FormData();
  searched.set("photo", new File([new Uint8Array(png)], "search.png", { type: "image/png" }));
  searched.set("save", "on");
  expect((await visitor.request("/search/image", { method: "POST", body: searched, headers: origin })).status).toBe(303);
  r2Keys.push((await env.DB.prepare("SELECT image_key FROM saved_image_searches WHERE member_id = ?").bind(memberId).first<string>("image_key"))!);

  // A product viewed and a search made (history and search history, written after the response).
  const viewed = (await env.DB.prepare("SELECT slug FROM products ORDER BY slug LIMIT 1").first<string>("slug"))!;
  expect((await visitor.get(`/p/${viewed}`)).status).toBe(200);
  expect((await visitor.get(`/search?q=${encodeURIComponent(searchTerm)}`)).status).toBe(200);
  const kept = "SELECT (SELECT count(*) FROM search_history WHERE member_id = ?1) + (SELECT count(*) FROM member_history WHERE member_id = ?1 AND kind = 'product') AS n";
  for (let tries = 0; (await env.DB.prepare(kept).bind(memberId).first<number>("n")) !== 2; tries++) {
    expect(tries).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  // A live show: watched (history), a ticket with their per-show pseudonym, a held flash-sale unit, a claimed coupon.
  const show = (await env.DB.prepare(
    "SELECT s.id, s.slug, s.live_at, p.id AS product, p.price_minor FROM live_shows s JOIN live_show_products sp ON sp.show_id = s.id JOIN products p ON p.id = sp.product_id WHERE s.status = 'live' AND p.stock > 0 ORDER BY sp.position LIMIT 1",
  ).first<{ id: string; slug: string; live_at: number; product: string; price_minor: number }>())!;
  const ticketed = await visitor.request(`/api/live/${show.slug}/ticket`, { method: "POST", headers: { Accept: "application/json", ...origin } });
  const ticket = (await verifyToken(env.ROOM_TICKET_SECRET, ((await ticketed.json()) as { ticket: string }).ticket, roomTicket))!;
  pseudonym = ticket.sub;
  for (let tries = 0; !(await env.DB.prepare("SELECT 1 FROM member_history WHERE member_id = ?").bind(memberId).first()); tries++) {
    expect(tries).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const now = Date.now();
  await env.DB.prepare("UPDATE flash_sales SET ends_at = starts_at + 1 WHERE show_id = ?").bind(show.id).run();
  const sale = (await startSale(env.DB, { showId: show.id, productId: show.product, priceMinor: show.price_minor - 100, quantity: 5, seconds: 600, liveAt: show.live_at, now }))!;
  expect(await holdUnit(env.DB, { id: sale.id, showId: show.id }, memberId, now)).not.toBeNull();
  const coupon = (await issueCoupon(env.DB, { showId: show.id, percentOff: 10, quantity: 5, minutes: 30, now }))!;
  expect(await claimCoupon(env.DB, { id: coupon.id, showId: show.id }, memberId, now)).toBe(true);

  // Their chat, archived from the room into the replay, and a giveaway they won (room storage is the party tier's).
  const author = { id: pseudonym, name: nickname, avatar: mediaUrl(avatarKey), role: "member" as const };
  const other = { id: "vwr_0123456789abcdef", name: "Someone Else", avatar: null, role: "member" as const };
  const chat = (seq: number, by: typeof author | typeof other, text: string): TimelineEntry => ({
    seq,
    at: seq * 1000,
    kind: "chat",
    viewer: by.id,
    payload: { type: "chat", line: { id: `m${seq}`, at: seq * 1000, by, text } },
  });
  const drawn = {
    seq: 900_003,
    at: 900_003_000,
    kind: "giveaway",
    viewer: null,
    payload: { type: "giveaway_drawn", giveaway: "g1", winner: { id: pseudonym, name: nickname, avatar: mediaUrl(avatarKey) }, proof: { entrants: [other.id, pseudonym].sort(), winner: pseudonym }, at: 900_003_000 },
  } as unknown as TimelineEntry;
  await saveTimeline(env.DB, db, show.id, [chat(900_001, author, `hello, ${nickname} here`), chat(900_002, other, "hello everyone"), drawn]);

  // Cart, and an order through the checkout pages: for themselves, with an invoice, a note and a saved address.
  const regular = await productWithStock(30);
  await env.DB.prepare("UPDATE products SET cross_border = 0 WHERE id = ?").bind(regular.id).run();
  expect((await visitor.post("/cart/items", { productId: regular.id, quantity: "2", next: "/cart" })).status).toBe(303);
  const checkoutPage = await (await visitor.get("/checkout")).text();
  const placed = await visitor.post("/checkout", {
    ...Visitor.formFields(checkoutPage, "/checkout"),
    intent: "place",
    address_id: "new",
    recipient: realName,
    country: "CN",
    phone: national,
    address: "7 Quokka Lane, Xihu District, Hangzhou",
    delivery_time: "evenings",
    save_address: "on",
    note,
    invoice: "on",
    invoice_title: invoiceTitle,
    invoice_taxpayer: taxpayerId,
    invoice_email: email,
  });
  expect(placed.status).toBe(303);
  const number = new URL(placed.headers.get("location")!, "https://shop.test").pathname.split("/")[2]!;
  // Another product in the cart, left there.
  expect((await visitor.post("/cart/items", { productId: regular.id, quantity: "1", next: "/cart" })).status).toBe(303);

  // Paid through the provider (an invoice document in R2 and an email), shipped by staff, tracked to the door.
  const pay = await visitor.post(`/orders/${number}/pay`, {});
  expect(pay.status).toBe(303);
  expect((await visitor.post(`${new URL(pay.headers.get("location")!, "https://shop.test").pathname}/approve`, {})).status).toBe(303);
  const staffVisitor = new Visitor({ country: "CN" });
  expect((await signInAs(staffVisitor, staff)).status).toBe(303);
  expect((await staffVisitor.post(`/staff/orders/${number}/ship`, {})).status).toBe(303);
  const shipment = (await env.DB.prepare("SELECT s.tracking_number FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.number = ?").bind(number).first<{ tracking_number: string }>())!;
  expect((await postTracking(trackingEvent(shipment.tracking_number, { status: "delivered" }))).status).toBe(200);
  const invoice = (await env.DB.prepare("SELECT i.document_key FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.number = ?").bind(number).first<{ document_key: string }>())!;
  r2Keys.push(invoice.document_key);
  await recomputeLevel(env.DB, memberId);

  // An order for someone else with a customs ID (cross-border), left unpaid until it was cancelled.
  const abroad = await productWithStock(30);
  const [text] = await rows<{ title: string }>("SELECT title FROM product_texts WHERE product_id = ? LIMIT 1", abroad.id);
  const line = { productId: abroad.id, title: text!.title, imageKey: "", unitPriceMinor: abroad.priceMinor, quantity: 1, holdId: null, saleId: null };
  const level = levels[0]!;
  const gift = await placeOrder(env.DB, env.FIELD_KEY, {
    memberId,
    checkoutKey: newId("chk"),
    currency: "CNY",
    lines: [line],
    quote: quote([{ ...line, categoryId: "", fromSale: false }], level, level.id, null),
    level: level.id,
    delivery: { name: "Friend of Quokka", address: "9 Harbour Road, Ningbo", phone: "+8613955550999", altPhone: e164, deliveryTime: "any" },
    recipientConsentAt: now,
    invoice: null,
    customsId: idNumber,
    note: `from ${nickname}`,
    showId: null,
    fromCart: false,
    now,
  });
  expect(gift.ok).toBe(true);
  await cancelUnpaidOrders(env.DB, now + 31 * 60_000);

  // A data export, a guardian's consent and a verified identity (rows as those features write them).
  const exportKey = `exports/${newId("exp").slice(4)}.zip`;
  await env.MEDIA.put(exportKey, JSON.stringify({ nickname, phone: e164, email }));
  r2Keys.push(exportKey);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO data_exports (id, member_id, status, requested_at, ready_at, expires_at, object_key, bytes) VALUES (?, ?, 'ready', ?, ?, ?, ?, 10)").bind(
      newId("exp"),
      memberId,
      now,
      now,
      now + 7 * 86_400_000,
      exportKey,
    ),
    env.DB.prepare(
      "INSERT INTO guardian_consents (id, member_id, guardian_phone_enc, guardian_phone_hash, token_hash, status, policy_version, policy_hash, created_at, expires_at, decided_at) VALUES (?, ?, ?, ?, ?, 'approved', 1, 'x', ?, ?, ?)",
    ).bind(newId("gdn"), memberId, await encryptField(env.FIELD_KEY, "+8613955550888", "guardian"), await lookupHash(env.FIELD_KEY, "phone", "+8613955550888"), newId("tok"), now, now + 1, now),
    env.DB.prepare("INSERT INTO identity_verifications (member_id, real_name_enc, id_number_enc, reason, verifier, verified_at) VALUES (?, ?, ?, 'cross_border', 'sandbox', ?)").bind(
      memberId,
      await encryptField(env.FIELD_KEY, realName, "identity.name"),
      await encryptField(env.FIELD_KEY, idNumber, "identity.id"),
      now,
    ),
  ]);

  // What is theirs: identifiers, contact details, what they typed, and every ciphertext and keyed hash stored for them.
  subjectIds = (await rows<{ subject_id: string }>("SELECT subject_id FROM member_subjects WHERE member_id = ?1 UNION SELECT subject_id FROM members WHERE id = ?1", memberId)).map((row) => row.subject_id);
  expect(subjectIds.length).toBeGreaterThanOrEqual(2);
  theirs("member id", memberId);
  theirs("phone", e164);
  theirs("phone (national)", national);
  theirs("nickname", nickname);
  theirs("email", email);
  subjectIds.forEach((id) => theirs("subject id", id));
  r2Keys.forEach((key) => theirs("object key", key));
  theirs("live pseudonym", pseudonym);
  [realName, idNumber, note, invoiceTitle, taxpayerId, "Quokka Lane", searchTerm].forEach((value) => theirs("what they typed", value));
  await collectStoredSecrets();
  for (const order of await rows<Record<string, string | null>>("SELECT * FROM orders WHERE member_id = ?", memberId)) {
    for (const [column, value] of Object.entries(order)) if (column.endsWith("_enc")) theirs(`orders.${column}`, value);
  }
  ordersKept = await rows<{ id: string; total_minor: number }>("SELECT id, total_minor FROM orders WHERE member_id = ? ORDER BY id", memberId);
  expect(ordersKept.length).toBe(2);
  const inList = subjectIds.map(() => "?").join(", ");
  consentBefore = {
    records: (await env.DB.prepare("SELECT count(*) AS n FROM consent_records").first<number>("n"))!,
    theirs: (await env.DB.prepare(`SELECT count(*) AS n FROM consent_records WHERE subject_id IN (${inList})`).bind(...subjectIds).first<number>("n"))!,
  };
  expect(consentBefore.theirs).toBeGreaterThanOrEqual(2);

  // They close the account (signed in moments ago: no password needed), and the grace period passes.
  expect((await visitor.post("/account/close", {})).status).toBe(303);
  const due = (await env.DB.prepare("SELECT closing_due_at FROM members WHERE id = ?").bind(memberId).first<number>("closing_due_at"))!;
  expect(await eraseDueAccounts(env, due + 60_000)).toBe(1);
});

describe("the standing erasure scan", () => {
  it("finds nothing of the erased member in any column of any row of any table", async () => {
    const tables = await everyTable();
    // The scan reads the schema: the tables of every feature so far are in it.
    expect(tables).toEqual(expect.arrayContaining(["members", "orders", "show_timeline", "consent_records", "data_exports", "guardian_consents", "identity_verifications", "saved_image_searches", "member_history", "search_history"]));
    const found: string[] = [];
    for (const table of tables) {
      for (const row of await rows<Record<string, unknown>>(`SELECT * FROM "${table}"`)) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null) continue;
          let text = typeof value === "string" ? value : value instanceof ArrayBuffer ? new TextDecoder().decode(value) : String(value);
          // A giveaway keeps the entrants' and the winner's pseudonyms, so anyone can still recompute the draw;
          // with the member gone nothing links a pseudonym to a person. Name and picture must be gone (checked below).
          if (table === "show_timeline" && column === "payload" && row.kind === "giveaway") {
            const { proof: _proof, winner, ...rest } = JSON.parse(text) as { proof?: unknown; winner?: { id?: string } | null };
            text = JSON.stringify({ ...rest, winner: winner ? { ...winner, id: undefined } : winner });
          }
          for (const needle of needles) {
            // The consent ledger keeps its records under pseudonymous subject ids, chain intact; no link to the member is left.
            if (table === "consent_records" && column === "subject_id" && needle.what === "subject id") continue;
            if (text.includes(needle.value)) found.push(`${table}.${column} holds their ${needle.what}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("finds none of their objects, and nothing of theirs in any object, in R2", async () => {
    const keys = await everyObject();
    for (const key of r2Keys) expect(keys).not.toContain(key);
    const found: string[] = [];
    for (const key of keys) {
      const bytes = new Uint8Array(await (await env.MEDIA.get(key))!.arrayBuffer());
      if (bytes.length === avatarBytes.length && bytes.every((byte, i) => byte === avatarBytes[i])) found.push(`${key} is their picture`);
      const text = new TextDecoder().decode(bytes);
      for (const value of [e164, national, nickname, email, memberId]) if (text.includes(value)) found.push(`${key} contains ${value}`);
    }
    expect(found).toEqual([]);
  });

  it("keeps their orders for the tax records, with every amount and no owner", async () => {
    const kept = await rows<{ id: string; total_minor: number; member_id: string | null }>(
      `SELECT id, total_minor, member_id FROM orders WHERE id IN (${ordersKept.map(() => "?").join(", ")}) ORDER BY id`,
      ...ordersKept.map((order) => order.id),
    );
    expect(kept.map(({ id, total_minor }) => ({ id, total_minor }))).toEqual(ordersKept);
    expect(kept.every((order) => order.member_id === null)).toBe(true);
    const items = await env.DB.prepare(`SELECT count(*) AS n FROM order_items WHERE order_id IN (${ordersKept.map(() => "?").join(", ")})`).bind(...ordersKept.map((order) => order.id)).first<number>("n");
    expect(items).toBe(2);
    // The invoice keeps its number with the order; its document (which named the buyer) is gone.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM invoices WHERE order_id IN (${ordersKept.map(() => "?").join(", ")})`).bind(...ordersKept.map((order) => order.id)).first<number>("n")).toBe(1);
    // Other people's chat stays in the replay.
    expect(await env.DB.prepare("SELECT count(*) AS n FROM show_timeline WHERE viewer = 'vwr_0123456789abcdef'").first<number>("n")).toBe(1);
  });

  it("leaves the consent ledger whole: every record still there and the chain verifies", async () => {
    expect(await verifyConsentChain(database(env.DB))).toEqual({ ok: true, records: consentBefore.records });
    const inList = subjectIds.map(() => "?").join(", ");
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM consent_records WHERE subject_id IN (${inList})`).bind(...subjectIds).first<number>("n")).toBe(consentBefore.theirs);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM member_subjects WHERE subject_id IN (${inList})`).bind(...subjectIds).first<number>("n")).toBe(0);
  });
});
