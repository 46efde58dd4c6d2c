import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import worker from "../../worker/index.ts";
import { recordWatching } from "../../worker/features/accounts/history.ts";
import { addToCart } from "../../worker/features/cart/queries.ts";
import { saveAddress } from "../../worker/features/checkout/queries.ts";
import { readZip } from "../../worker/features/data-export/archive.ts";
import { fulfilExport } from "../../worker/features/data-export/build-archive.ts";
import { exporters } from "../../worker/features/data-export/exporters.ts";
import { requestExport } from "../../worker/features/data-export/queries.ts";
import { deleteExpiredExports, maxExportAttempts } from "../../worker/features/data-export/queue.ts";
import { viewerPseudonym } from "../../worker/features/live/viewer-pseudonym.ts";
import { moveOrder, orderFieldContext } from "../../worker/features/orders/queries.ts";
import { ensureInvoice } from "../../worker/features/payment/invoices.ts";
import { database } from "../../worker/lib/db.ts";
import { encryptField } from "../../worker/lib/field-crypto.ts";
import { makeMembers, placeTestOrder, testDelivery } from "./order-support.ts";
import { codeFor, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const byRole = (role: string) => demoMembers.find((member) => member.role === role)!;
const [shopper, host, staff, admin] = [byRole("shopper"), byRole("host"), byRole("staff"), byRole("admin")];

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

async function idOf(nickname: string): Promise<string> {
  return (await env.DB.prepare("SELECT id FROM members WHERE nickname = ?").bind(nickname).first<{ id: string }>())!.id;
}

async function signedIn(member: { national: string; password: string }, visitor = new Visitor({ country: "CN" })) {
  const response = await signInAs(visitor, member);
  expect(response.status).toBe(303);
  return visitor;
}

type ExportRowRaw = { id: string; status: string; requested_at: number; ready_at: number | null; expires_at: number | null; object_key: string | null; bytes: number | null };

/** Waits for the real export queue to finish the member's newest request. */
async function settledExport(member: string, timeoutMs = 20_000): Promise<ExportRowRaw> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await env.DB.prepare("SELECT * FROM data_exports WHERE member_id = ? ORDER BY requested_at DESC LIMIT 1").bind(member).first<ExportRowRaw>();
    if (row && row.status !== "queued") return row;
    if (Date.now() > deadline) throw new Error(`export of ${member} still ${row?.status ?? "missing"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A ready export built directly (no page, no queue), for tests about downloading. */
async function readyExport(member: string): Promise<ExportRowRaw> {
  const requested = await requestExport(env.DB, member);
  if (!requested.ok) throw new Error("export refused");
  expect(await fulfilExport(env, requested.id)).toBe(true);
  return (await env.DB.prepare("SELECT * FROM data_exports WHERE id = ?").bind(requested.id).first<ExportRowRaw>())!;
}

async function archiveFiles(objectKey: string) {
  const object = await env.MEDIA.get(objectKey);
  expect(object).not.toBeNull();
  const files = readZip(new Uint8Array(await object!.arrayBuffer()));
  return { data: JSON.parse(new TextDecoder().decode(files.get("data.json"))), index: new TextDecoder().decode(files.get("index.html")), names: [...files.keys()] };
}

/** The signed download link the export page offers for `exportId`. */
async function downloadLink(visitor: Visitor, exportId: string): Promise<string> {
  const page = await (await visitor.get("/account/export")).text();
  const link = page.match(new RegExp(`/account/export/${exportId}/download\\?t=[A-Za-z0-9_.-]+`))?.[0];
  expect(link).toBeDefined();
  return link!;
}

const product = async () => (await env.DB.prepare("SELECT id FROM products WHERE stock > 5 ORDER BY id LIMIT 1").first<{ id: string }>())!.id;

describe("asking for a copy of one's data", () => {
  it("assembles one archive of everything held about the member, stores it in R2 under a random key and tells them through the outbox", async () => {
    const visitor = new Visitor({ country: "CN" });
    await visitor.choose("/", "reject_all");
    await signedIn(shopper, visitor);
    const mei = await idOf(shopper.nickname);
    const db = database(env.DB);

    // What the shop holds about Mei besides her profile and sessions.
    const productId = await product();
    await addToCart(env.DB, mei, [{ productId, quantity: 2 }]);
    await saveAddress(db, env.FIELD_KEY, mei, { name: "Chen Mei", address: "5 Lakeside Lane, Hangzhou", phone: "+8613800138001", altPhone: null, deliveryTime: "weekends" });
    const own = await placeTestOrder(mei, productId, { invoice: { title: "Chen Mei", taxpayerId: null, email: "mei@example.com" } });
    expect(await moveOrder(env.DB, own.id, "pending_payment", "paid", "payment")).toBe(true);
    const invoice = await ensureInvoice(env, own.id);
    const gift = await placeTestOrder(mei, productId);
    // The second order is for someone else: their details are theirs, not Mei's.
    await env.DB.prepare("UPDATE orders SET for_someone_else = 1, recipient_consent_at = ?2, recipient_enc = ?3, address_enc = ?4, phone_enc = ?5 WHERE id = ?1")
      .bind(
        gift.id,
        Date.now(),
        await encryptField(env.FIELD_KEY, "Zhao Min", orderFieldContext("recipient", gift.id)),
        await encryptField(env.FIELD_KEY, "12 Wenyi Road, Hangzhou", orderFieldContext("address", gift.id)),
        await encryptField(env.FIELD_KEY, "+8613911112222", orderFieldContext("phone", gift.id)),
      )
      .run();
    const show = (await env.DB.prepare("SELECT id, slug FROM live_shows ORDER BY starts_at LIMIT 1").first<{ id: string; slug: string }>())!;
    await recordWatching(env.DB, mei, show.id, Date.now());
    // A product viewed and a search, both kept after the response (policy §3.1, §3.2).
    const viewed = (await env.DB.prepare("SELECT slug FROM products WHERE id = ?").bind(productId).first<string>("slug"))!;
    await visitor.get(`/p/${viewed}`);
    await visitor.get("/search?q=cast%20iron%20kettle");
    await expect.poll(async () => (await env.DB.prepare("SELECT (SELECT count(*) FROM member_history WHERE member_id = ?1 AND kind = 'product') + (SELECT count(*) FROM search_history WHERE member_id = ?1) AS n").bind(mei).first<number>("n"))).toBe(2);
    const line = (seq: number, viewer: string, name: string, text: string) =>
      env.DB.prepare("INSERT INTO show_timeline (show_id, seq, at, kind, viewer, payload) VALUES (?1, ?2, ?3, 'chat', ?4, ?5)").bind(
        show.id,
        seq,
        seq * 1000,
        viewer,
        JSON.stringify({ type: "chat", line: { id: `m${seq}`, at: seq * 1000, by: { id: viewer, name, avatar: null, role: "member" }, text } }),
      );
    await env.DB.batch([
      line(90001, await viewerPseudonym(env.FIELD_KEY, show.id, mei), "Mei", "Is the kettle cast iron?"),
      line(90002, await viewerPseudonym(env.FIELD_KEY, show.id, await idOf(host.nickname)), "Someone", "A line by someone else"),
    ]);

    const asked = await visitor.post("/account/export", {});
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe("/account/export?requested=1");
    expect(textOf(await (await visitor.get("/account/export?requested=1")).text())).toContain("We are preparing your copy. We will send you a message when it is ready.");

    const row = await settledExport(mei);
    expect(row.status).toBe("ready");
    expect(row.object_key).toMatch(/^exports\/[0-9a-z]{16}\.zip$/);
    expect(row.object_key).not.toContain(mei.slice(4));
    expect(row.expires_at! - row.ready_at!).toBe(7 * 86_400_000);
    expect((await env.MEDIA.head(row.object_key!))!.size).toBe(row.bytes);

    const { data, index, names } = await archiveFiles(row.object_key!);
    expect(names).toEqual(["data.json", "index.html", "files/avatar.svg", `files/invoices/${invoice!.number}.html`]);
    expect(Object.keys(data.sections)).toEqual(exporters.map((exporter) => exporter.name));
    const { sections } = data;
    expect(sections.profile).toMatchObject({ nickname: "Mei", phone: "+8613800138001", role: "shopper", avatar: "files/avatar.svg" });
    expect(sections.sessions.length).toBeGreaterThan(0);
    expect(sections.consent.records.map((record: { event: string }) => record.event)).toContain("refused");
    expect(sections.consent.records[0]).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), textShown: expect.any(String) });
    expect(sections.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "show", link: `/live/${show.slug}` }),
        expect.objectContaining({ kind: "product", link: `/p/${viewed}` }),
        expect.objectContaining({ kind: "order", title: own.number, link: `/orders/${own.number}` }),
        expect.objectContaining({ kind: "order", title: gift.number }),
      ]),
    );
    expect(sections.history).toHaveLength(4);
    expect(sections.searchHistory).toEqual([expect.objectContaining({ term: "cast iron kettle", count: 1 })]);
    expect(sections.profile).toMatchObject({ keepHistory: true, keepSearchHistory: true, searchHistoryOnDevice: false });
    expect(sections.cart).toEqual([expect.objectContaining({ quantity: 2, currency: "CNY" })]);
    expect(sections.addresses).toEqual([expect.objectContaining({ name: "Chen Mei", address: "5 Lakeside Lane, Hangzhou", deliveryTime: "weekends" })]);
    expect(sections.chatMessages).toEqual([expect.objectContaining({ text: "Is the kettle cast iron?", nickname: "Mei", link: `/live/${show.slug}` })]);
    expect(sections.level).toMatchObject({ level: "member" });

    // Her own order in full; the order for someone else names that person only masked.
    const orders = sections.orders as { number: string; forSomeoneElse: boolean; delivery: Record<string, string>; items: unknown[]; events: unknown[] }[];
    expect(orders.map((order) => order.number).sort()).toEqual([own.number, gift.number].sort());
    const mine = orders.find((order) => order.number === own.number)!;
    expect(mine.delivery).toMatchObject({ name: testDelivery.name, address: testDelivery.address, phone: testDelivery.phone });
    expect(mine.items).toHaveLength(1);
    expect(mine.events).toEqual([expect.objectContaining({ status: "pending_payment" }), expect.objectContaining({ status: "paid", actor: "payment" })]);
    expect(mine).toMatchObject({ invoice: { title: "Chen Mei", email: "mei@example.com", number: invoice!.number, document: `files/invoices/${invoice!.number}.html` } });
    const forOther = orders.find((order) => order.number === gift.number)!;
    expect(forOther.forSomeoneElse).toBe(true);
    expect(forOther.delivery).toMatchObject({ name: "Z*** ***", address: "•• Wenyi Road, Hangzhou", phone: "+86 ••• •••• 2222" });
    const whole = JSON.stringify(data) + index;
    for (const secret of ["Zhao Min", "12 Wenyi Road", "13911112222", "A line by someone else", "passwordHash", "$scrypt$", "tokenHash", "codeHash"]) expect(whole).not.toContain(secret);

    // The readable index: the member's language, every section named, nothing executable.
    expect(index).toMatch(/^<!doctype html><html lang="en">/);
    const indexText = textOf(index);
    for (const heading of ["Your data at Lantern", "Prepared for Mei", "Profile", "Consent records and receipts", "Messages we sent you", "Cart", "Orders", "Your live-show chat messages"]) {
      expect(indexText).toContain(heading);
    }
    expect(indexText).toContain("Z*** ***");
    expect(index).not.toMatch(/<script|<style|style=|https?:\/\//);

    // The member is told through the outbox: a path, nothing personal, no link that opens the archive.
    const message = await env.DB.prepare("SELECT channel, params, dedupe_key FROM outbox WHERE member_id = ? AND template = 'export_ready'").bind(mei).first<{ channel: string; params: string; dedupe_key: string }>();
    expect(message).toMatchObject({ channel: "sms", dedupe_key: `export:${row.id}` });
    expect(JSON.parse(message!.params)).toEqual({ path: "/account/export" });
    const sms = await codeFor(shopper.phone, { containing: "copy of your data" });
    expect(sms).toContain("/account/export");
    expect(sms).not.toContain(row.id);

    // The page lists it as ready, with its size, expiry and a signed download link.
    const page = textOf(await (await visitor.get("/account/export")).text());
    expect(page).toMatch(/Ready \(\d+ kB\)\. Available until /);
    expect(await downloadLink(visitor, row.id)).toContain("?t=");
  });

  it("refuses a second request within the hour with a clear message and queues nothing; the INSERT itself keeps the limit", async () => {
    const visitor = await signedIn(admin);
    const id = await idOf(admin.nickname);
    expect((await visitor.post("/account/export", {})).status).toBe(303);
    const again = await visitor.post("/account/export", {});
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("Retry-After"))).toBeGreaterThan(3500);
    expect(textOf(await again.text())).toContain("You asked for a copy less than an hour ago. You can ask again after");
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM data_exports WHERE member_id = ?").bind(id).first<{ n: number }>())!.n;
    expect(await count()).toBe(1);

    // A request that failed does not count: the page says so and the member may ask again at once.
    await env.DB.prepare("UPDATE data_exports SET status = 'failed' WHERE member_id = ?").bind(id).run();
    expect(textOf(await (await visitor.get("/account/export")).text())).toContain("We could not prepare this copy. Please ask again.");
    expect((await visitor.post("/account/export", {})).status).toBe(303);
    expect(await count()).toBe(2);

    // Parallel requests of a member who may ask: exactly one gets through.
    const [other] = await makeMembers(1);
    const results = await Promise.all(Array.from({ length: 5 }, () => requestExport(env.DB, other!)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("retries a failing export through the queue, then marks it failed and lets the member ask again", async () => {
    // A member whose stored phone cannot be decrypted: the profile section fails every time.
    const [broken] = await makeMembers(1);
    const requested = await requestExport(env.DB, broken!);
    if (!requested.ok) throw new Error("refused");
    const deliver = async (attempts: number) => {
      const batch = createMessageBatch("live-shop-exports", [{ id: `m${attempts}`, timestamp: new Date(), attempts, body: { id: requested.id } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      return getQueueResult(batch, ctx);
    };
    const first = await deliver(1);
    expect(first.retryMessages).toHaveLength(1);
    const status = async () => (await env.DB.prepare("SELECT status FROM data_exports WHERE id = ?").bind(requested.id).first<{ status: string }>())!.status;
    expect(await status()).toBe("queued");
    const last = await deliver(maxExportAttempts);
    expect(last.retryMessages).toHaveLength(0);
    expect(last.explicitAcks).toEqual([`m${maxExportAttempts}`]);
    expect(await status()).toBe("failed");
    expect((await requestExport(env.DB, broken!)).ok).toBe(true);
  });
});

describe("downloading an export", () => {
  it("serves the archive and its index to the signed-in owner only, while it lasts", async () => {
    const owner = await signedIn(staff);
    const ownerId = await idOf(staff.nickname);
    const row = await readyExport(ownerId);
    const link = await downloadLink(owner, row.id);

    const download = await owner.get(link);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/zip");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; filename="lantern-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(download.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(row.bytes);
    expect(JSON.parse(new TextDecoder().decode(readZip(bytes).get("data.json"))).sections.profile.nickname).toBe(staff.nickname);
    expect((await owner.get(`/account/export/${row.id}/archive.zip`)).status).toBe(200);
    const index = await owner.get(`/account/export/${row.id}/index.html`);
    expect(index.status).toBe(200);
    expect(index.headers.get("Content-Type")).toMatch(/^text\/html/);
    const indexHtml = await index.text();
    expect(textOf(indexHtml)).toContain("Your data at Lantern Prepared for Lantern Support");
    // The index links the member's picture relatively; through the shop the link opens the archived file.
    expect(indexHtml).toContain('<a href="files/avatar.svg">');
    const picture = await owner.get(`/account/export/${row.id}/files/avatar.svg`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("Content-Type")).toBe("image/svg+xml");

    // Another member: exactly like an unknown export, with the link or without.
    const other = await signedIn(host);
    for (const path of [link, `/account/export/${row.id}/archive.zip`, `/account/export/${row.id}/index.html`, `/account/export/${row.id}/files/avatar.svg`, "/account/export/exp_0000000000000000/archive.zip"]) {
      expect((await other.get(path)).status, path).toBe(404);
    }
    // A guest is sent to sign in and brought back to the link.
    const guest = await new Visitor().get(link);
    expect(guest.status).toBe(303);
    expect(guest.headers.get("location")).toBe(`/sign-in?${new URLSearchParams({ next: link })}`);

    // A tampered or borrowed token is refused even for the owner.
    const token = link.split("?t=")[1]!;
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    const refused = await owner.get(`/account/export/${row.id}/download?t=${tampered}`);
    expect(refused.status).toBe(404);
    expect(textOf(await refused.text())).toContain("This download link is not valid");
    const second = await env.DB.prepare("INSERT INTO data_exports (id, member_id, status, requested_at) VALUES ('exp_1111111111111111', ?, 'queued', 0)").bind(ownerId).run();
    expect(second.meta.changes).toBe(1);
    expect((await owner.get(`/account/export/exp_1111111111111111/download?t=${token}`)).status).toBe(404);

    // Once expired, nothing is served, and the page says why.
    await env.DB.prepare("UPDATE data_exports SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, row.id).run();
    const expired = await owner.get(`/account/export/${row.id}/archive.zip`);
    expect(expired.status).toBe(404);
    expect(textOf(await expired.text())).toContain("This copy has expired");
    expect((await owner.get(link)).status).toBe(404);
    expect((await owner.get(`/account/export/${row.id}/index.html`)).status).toBe(404);
  });

  it("deletes expired archives from R2 and their rows; unexpired ones stay", async () => {
    const [keep, lapse] = await makeMembers(2);
    // Members made directly have no readable phone: give the rows archives of their own to delete.
    const put = async (member: string, key: string, expiresAt: number) => {
      await env.MEDIA.put(key, "zip");
      await env.DB.prepare("INSERT INTO data_exports (id, member_id, status, requested_at, ready_at, expires_at, object_key, bytes) VALUES (?1, ?2, 'ready', ?3, ?3, ?4, ?5, 3)")
        .bind(`exp_${member.slice(4)}`, member, expiresAt - 7 * 86_400_000, expiresAt, key)
        .run();
    };
    const now = Date.now();
    await put(keep!, "exports/keepkeepkeepkeep.zip", now + 60_000);
    await put(lapse!, "exports/lapselapselapsela.zip", now - 1);
    await deleteExpiredExports(env, now);
    expect(await env.MEDIA.head("exports/lapselapselapsela.zip")).toBeNull();
    expect(await env.MEDIA.head("exports/keepkeepkeepkeep.zip")).not.toBeNull();
    const left = await env.DB.prepare("SELECT member_id FROM data_exports WHERE member_id IN (?, ?)").bind(keep, lapse).all<{ member_id: string }>();
    expect(left.results.map((row) => row.member_id)).toEqual([keep]);
  });
});

describe("the privacy centre", () => {
  it("offers members a copy of their data", async () => {
    const visitor = await signedIn(shopper);
    const html = await (await visitor.get("/account/privacy")).text();
    expect(textOf(html)).toContain("Download everything we hold about you as one file, to read or to take elsewhere. Get a copy of your data");
    expect(html).toContain('href="/account/export"');
    const zh = textOf(await (await new Visitor({ language: "zh-CN" }).get("/account/privacy")).text());
    expect(zh).toContain("获取您的数据副本");
  });
});
