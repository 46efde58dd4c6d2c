/// <reference types="vite/client" />
/**
 * Search by photo through the Worker, with the real Images binding, D1 and R2: the product in a picture
 * is found, nothing of a photo is kept unless a member saves the search (P12), and the page asks for the
 * camera only through a file input the shopper presses, with no script of its own (P13).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { encodePng, productScene, renderScene } from "../../db/seed/product-image.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { readZip } from "../../worker/features/data-export/archive.ts";
import { buildArchive } from "../../worker/features/data-export/build-archive.ts";
import { database } from "../../worker/lib/db.ts";
// A 96×64 JPEG with EXIF camera make and GPS position, as phones write them.
import gpsPhotoUrl from "../fixtures/gps-photo.jpg?inline";
import { seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const gpsPhoto = Uint8Array.from(atob(gpsPhotoUrl.slice(gpsPhotoUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0));
const origin = { Origin: "https://shop.test" };
const [shopper, host] = demoMembers;

/** A product whose picture no other product shares (the same object in the same colour). */
const product = seedProducts.find((candidate) => seedProducts.filter((other) => other.art.shape === candidate.art.shape && other.art.hue === candidate.art.hue).length === 1)!;

/** The product's first picture as the shop shows it (480 px), or the same picture in another colour. */
const pictureOf = (hue = product.art.hue) => renderScene(productScene({ width: 480, height: 480, ...product.art, hue, variant: 0 }));

const file = (bytes: Uint8Array, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

/** Submits the search form as a browser does: multipart, the photo in `field` ("photo" or "camera"). */
function search(visitor: Visitor, photo: File | null, options: { field?: "photo" | "camera"; save?: boolean } = {}) {
  const form = new FormData();
  const empty = new File([], "", { type: "application/octet-stream" });
  form.set("photo", options.field === "camera" || !photo ? empty : photo);
  form.set("camera", options.field === "camera" && photo ? photo : empty);
  if (options.save) form.set("save", "on");
  return visitor.request("/search/image", { method: "POST", body: form, headers: origin });
}

/** Product slugs of a results page, best match first. */
function resultSlugs(page: string): string[] {
  const list = page.slice(page.indexOf("image-matches"));
  return [...list.matchAll(/href="\/p\/([a-z0-9-]+)"/g)].map((match) => match[1]!);
}

/** Everything the search could have written: saved searches and every object in R2. */
async function stored() {
  const rows = (await env.DB.prepare("SELECT id, member_id, image_key FROM saved_image_searches ORDER BY id").all<{ id: string; member_id: string; image_key: string }>()).results;
  const objects = (await env.MEDIA.list({ limit: 1000 })).objects.map((object) => object.key).sort();
  return { rows, objects };
}

const memberId = (nickname: string) => env.DB.prepare("SELECT id FROM members WHERE nickname = ?").bind(nickname).first<string>("id");

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

describe("the search-by-photo page", () => {
  it("offers choosing and taking a photo in a plain form, runs no script, and links back to text search", async () => {
    const page = await (await new Visitor().get("/search/image")).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toMatch(/<input id="photo" name="photo" type="file" accept="image\/\*"/);
    // P13: the camera is a file input with `capture`, which the browser opens only when it is pressed...
    expect(page).toMatch(/<input id="camera" name="camera" type="file" accept="image\/\*" capture="environment"/);
    expect(textOf(page)).toContain("Your camera opens only when you press “Take a photo”.");
    // ...and the page loads no JavaScript that could ask for the camera by itself.
    expect(page).not.toMatch(/<script/);
    expect(page).toContain('href="/search"');
    // Guests are not offered to save.
    expect(page).not.toContain('name="save"');
  });

  it("offers signed-in members to save the search, saying the photo is then kept", async () => {
    const member = new Visitor();
    expect((await signInAs(member, shopper!)).status).toBe(303);
    const page = await (await member.get("/search/image")).text();
    expect(page).toContain('name="save"');
    expect(textOf(page)).toContain("Save this search to my account (keeps the photo)");
  });

  it("is in Chinese for Chinese readers", async () => {
    const page = await (await new Visitor({ language: "zh-CN" }).get("/search/image")).text();
    expect(textOf(page)).toContain("以图搜物");
    expect(textOf(page)).toContain("拍照");
  });
});

describe("searching with a photo", () => {
  it("finds the product in its own picture first, says why, and keeps nothing of the photo (P12)", async () => {
    const before = await stored();
    const response = await search(new Visitor(), file(await pictureOf(), "mine.png", "image/png"));
    expect(response.status).toBe(200);
    const page = await response.text();
    const slugs = resultSlugs(page);
    expect(slugs[0]).toBe(product.slug);
    expect(slugs.length).toBeGreaterThan(5);
    expect(textOf(page)).toContain("Similar colours and shape");
    expect(textOf(page)).toContain("Your photo was used for this search only and has not been kept.");
    expect(await stored()).toEqual(before);
  });

  it("ranks a picture of the same object in another colour differently (taken with the camera input)", async () => {
    const own = resultSlugs(await (await search(new Visitor(), file(await pictureOf(), "a.png", "image/png"))).text());
    const recoloured = resultSlugs(await (await search(new Visitor(), file(await pictureOf(product.art.hue + 180), "b.png", "image/png"), { field: "camera" })).text());
    expect(recoloured.length).toBeGreaterThan(5);
    expect(recoloured[0]).not.toBe(product.slug);
    expect(recoloured.indexOf(product.slug)).not.toBe(0);
    expect(recoloured).not.toEqual(own);
  });

  it("reads a phone's JPEG", async () => {
    const response = await search(new Visitor(), file(gpsPhoto, "IMG_0001.jpg", "image/jpeg"));
    expect(response.status).toBe(200);
    expect(resultSlugs(await response.text()).length).toBeGreaterThan(0);
  });

  it("refuses what it cannot search with, saying why, and writes nothing", async () => {
    const before = await stored();
    const png = await pictureOf();
    const cases: [File | null, string][] = [
      [null, "Choose a photo or take one."],
      [file(new TextEncoder().encode("just some text, honestly"), "photo.jpg", "image/jpeg"), "That file is not a photo we can read."],
      [file(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), "photo.svg", "image/svg+xml"), "That file is not a photo we can read."],
      // A PNG's header over a body cut short.
      [file(png.slice(0, 200), "cut.png", "image/png"), "That file is not a photo we can read."],
      // Wider than the Images binding transforms.
      [file(await encodePng(12_001, 2, new Uint8Array(12_001 * 2 * 3)), "panorama.png", "image/png"), "That photo is too big to read"],
      // Just over the limit (read and refused), and far over it (refused before it is read).
      [file(Uint8Array.from({ length: 5 * 1024 * 1024 + 1 }, (_, i) => png[i] ?? 0), "big.png", "image/png"), "That photo is larger than 5 MB."],
      [file(new Uint8Array(6 * 1024 * 1024), "huge.png", "image/png"), "That photo is larger than 5 MB."],
    ];
    for (const [photo, message] of cases) {
      const response = await search(new Visitor(), photo, { save: true });
      expect(response.status, message).toBe(400);
      const page = textOf(await response.text());
      expect(page, message).toContain(message);
      // The form is there again, to try another photo.
      expect(page).toContain("Find similar products");
    }
    expect(await stored()).toEqual(before);
  });
});

describe("saved photo searches", () => {
  it("are kept only when a member saves one: a re-encoded photo in R2 and a row, which deleting removes both of", async () => {
    const member = new Visitor();
    expect((await signInAs(member, shopper!)).status).toBe(303);
    const before = await stored();

    const saved = await search(member, file(gpsPhoto, "IMG_0002.jpg", "image/jpeg"), { save: true });
    expect(saved.status).toBe(303);
    const location = saved.headers.get("location")!;
    expect(location).toMatch(/^\/account\/saved-searches\/isr_[0-9a-z]{16}\?saved=1$/);
    const after = await stored();
    expect(after.rows).toHaveLength(before.rows.length + 1);
    const row = after.rows.find((candidate) => !before.rows.some((old) => old.id === candidate.id))!;
    expect(row.member_id).toBe(await memberId(shopper!.nickname));
    expect(after.objects).toEqual([...before.objects, row.image_key].sort());
    // The photo under a random key, re-encoded: no camera metadata, and not served by the public /media route.
    const photo = new Uint8Array(await (await env.MEDIA.get(row.image_key))!.arrayBuffer());
    expect(new TextDecoder().decode(photo.subarray(8, 12))).toBe("WEBP");
    expect(new TextDecoder("latin1").decode(photo)).not.toContain("Exif");
    expect((await member.get(`/media/${row.image_key}`)).status).toBe(404);

    // The saved search's page: the photo (to its owner only) and the results, run again from the kept features.
    const result = await (await member.get(location)).text();
    expect(textOf(result)).toContain("Search saved.");
    expect(resultSlugs(result).length).toBeGreaterThan(0);
    const served = await member.get(`/account/saved-searches/${row.id}/photo`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toContain("no-store");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(photo);

    // Listed in the account, with "Run again" and delete.
    const list = await (await member.get("/account/saved-searches")).text();
    expect(list).toContain(`href="/account/saved-searches/${row.id}"`);
    expect(textOf(list)).toContain("Run again");

    // The member's data export holds the search and its photo.
    const archive = readZip(await buildArchive(database(env.DB), env, { id: row.member_id, locale: "en", nickname: shopper!.nickname }, Date.now()));
    const section = JSON.parse(new TextDecoder().decode(archive.get("data.json"))).sections.savedImageSearches;
    expect(section).toEqual([expect.objectContaining({ photo: `files/image-searches/${row.id}.webp`, colourHistogram: expect.stringMatching(/^[0-9a-f]{128}$/) })]);
    expect(archive.get(`files/image-searches/${row.id}.webp`)).toEqual(photo);

    // Another member cannot see, run or delete it: it answers as if it did not exist.
    const other = new Visitor();
    expect((await signInAs(other, host!)).status).toBe(303);
    expect((await other.get(`/account/saved-searches/${row.id}`)).status).toBe(404);
    expect((await other.get(`/account/saved-searches/${row.id}/photo`)).status).toBe(404);
    expect((await other.post(`/account/saved-searches/${row.id}/delete`, {})).status).toBe(404);
    expect(await stored()).toEqual(after);

    // Deleting removes the row and the photo.
    const deleted = await member.post(`/account/saved-searches/${row.id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/account/saved-searches?deleted=1");
    expect(await stored()).toEqual(before);
    expect(textOf(await (await member.get("/account/saved-searches?deleted=1")).text())).toContain("The saved search and its photo were deleted.");
  });

  it("cannot be made by guests: the search runs, nothing is kept, and the page says so", async () => {
    const before = await stored();
    const response = await search(new Visitor(), file(await pictureOf(), "mine.png", "image/png"), { save: true });
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toContain("Only signed-in members can save a search, so your photo has not been kept.");
    expect(await stored()).toEqual(before);
    const list = await new Visitor().get("/account/saved-searches");
    expect(list.status).toBe(303);
    expect(list.headers.get("location")).toMatch(/^\/sign-in\?next=/);
  });
});
