import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { productScene, renderScene } from "../../db/seed/product-image.ts";
import { browse } from "./support.ts";

const key = "products/test-mug-1.abcdef012345.png";
let png: Uint8Array;

beforeAll(async () => {
  png = await renderScene(productScene({ width: 96, height: 96, shape: "mug", hue: 20, backgroundHue: 200, variant: 0 }));
  await env.MEDIA.put(key, png, { httpMetadata: { contentType: "image/png" } });
});

describe("media from R2", () => {
  it("serves the object with its content type, an ETag and a year-long immutable cache", async () => {
    const response = await browse(`/media/${key}`, { headers: { Accept: "image/*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // The same bytes for every visitor and language: nothing a shared cache would split its copies by.
    expect(response.headers.get("vary")).toBeNull();
    expect(response.headers.get("content-language")).toBeNull();
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]+"$/);
    expect(response.headers.get("content-length")).toBe(String(png.length));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
  });

  it("answers 304 Not Modified to a revalidation with the current ETag", async () => {
    const etag = (await browse(`/media/${key}`)).headers.get("etag")!;
    const response = await browse(`/media/${key}`, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(response.headers.get("etag")).toBe(etag);
  });

  it("serves byte ranges", async () => {
    const response = await browse(`/media/${key}`, { headers: { Range: "bytes=0-7" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 0-7/${png.length}`);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([...png.subarray(0, 8)]);
  });

  it("serves the ranges a <video> asks for straight from R2, before anything is cached", async () => {
    // A video is fetched in pieces from the start; each key here is asked for by range only.
    const video = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 251);
    const cases: [range: string, from: number, to: number][] = [
      ["bytes=0-", 0, video.length - 1],
      ["bytes=1000-1999", 1000, 1999],
      ["bytes=60000-", 60000, video.length - 1],
      ["bytes=-500", video.length - 500, video.length - 1],
    ];
    for (const [index, [range, from, to]] of cases.entries()) {
      const videoKey = `live/range-test-${index}.0123456789ab.webm`;
      await env.MEDIA.put(videoKey, video, { httpMetadata: { contentType: "video/webm" } });
      const response = await browse(`/media/${videoKey}`, { headers: { Range: range, Accept: "video/webm,*/*" } });
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-type"), range).toBe("video/webm");
      expect(response.headers.get("content-range"), range).toBe(`bytes ${from}-${to}/${video.length}`);
      expect(response.headers.get("content-length"), range).toBe(String(to - from + 1));
      expect(new Uint8Array(await response.arrayBuffer()), range).toEqual(video.subarray(from, to + 1));
    }
  });

  it("answers 404 for missing objects and for keys that could never be published", async () => {
    expect((await browse("/media/products/missing-1.000000000000.png")).status).toBe(404);
    for (const bad of ["/media/../secret.png", "/media/products/UPPER.png", "/media/products/x.exe", "/media/%2e%2e/x.png"]) {
      expect((await browse(bad)).status, bad).toBe(404);
    }
  });
});
