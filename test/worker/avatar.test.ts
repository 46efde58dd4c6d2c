/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodePng, productScene, renderScene } from "../../db/seed/product-image.ts";
import { avatarLimits, processAvatar, sniffImageType } from "../../worker/features/accounts/avatar.ts";
// Made with sharp (96×64 JPEG, EXIF with camera make and GPS 31°14′N 121°28′E; a 2-frame 40×40 GIF).
// `?inline` hands the bytes over as a data URL, which is how files reach code running inside workerd.
import gpsPhotoUrl from "../fixtures/gps-photo.jpg?inline";
import animatedGifUrl from "../fixtures/animated.gif?inline";

const fromDataUrl = (url: string) => Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (c) => c.charCodeAt(0));
const gpsPhoto = fromDataUrl(gpsPhotoUrl);
const animatedGif = fromDataUrl(animatedGifUrl);

const ascii = (text: string) => new TextEncoder().encode(text);
const stream = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The FourCCs of a WebP's RIFF chunks: metadata would sit in "EXIF" / "XMP " chunks, animation in "ANIM". */
function webpChunks(webp: Uint8Array): string[] {
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const chunks: string[] = [];
  for (let offset = 12; offset + 8 <= webp.length; ) {
    chunks.push(new TextDecoder().decode(webp.subarray(offset, offset + 4)));
    const size = view.getUint32(offset + 4, true);
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** Reads GPSLatitudeRef and GPSLatitude (degrees, minutes, seconds) from a JPEG's EXIF block, if any. */
function exifLatitude(jpeg: Uint8Array): { ref: string; dms: number[] } | null {
  const view = new DataView(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  for (let offset = 2; offset + 4 <= jpeg.length && jpeg[offset] === 0xff; offset += 2 + view.getUint16(offset + 2)) {
    if (jpeg[offset + 1] !== 0xe1 || !contains(jpeg.subarray(offset + 4, offset + 10), ascii("Exif\0\0"))) continue;
    const tiff = offset + 10;
    const little = jpeg[tiff] === 0x49; // "II"
    const u16 = (at: number) => view.getUint16(tiff + at, little);
    const u32 = (at: number) => view.getUint32(tiff + at, little);
    const entry = (ifd: number, tag: number) => {
      for (let i = 0; i < u16(ifd); i++) if (u16(ifd + 2 + i * 12) === tag) return ifd + 2 + i * 12;
      return null;
    };
    const gpsPointer = entry(u32(4), 0x8825);
    if (gpsPointer === null) return null;
    const gps = u32(gpsPointer + 8);
    const ref = entry(gps, 0x0001);
    const latitude = entry(gps, 0x0002);
    if (ref === null || latitude === null) return null;
    const values = u32(latitude + 8);
    const dms = [0, 1, 2].map((i) => u32(values + i * 8) / u32(values + i * 8 + 4));
    return { ref: String.fromCharCode(jpeg[tiff + ref + 8]!), dms };
  }
  return null;
}

async function expectSquareWebp(webp: Uint8Array) {
  expect(sniffImageType(webp)).toBe("image/webp");
  expect(await env.IMAGES.info(stream(webp))).toMatchObject({
    format: "image/webp",
    width: avatarLimits.outputSide,
    height: avatarLimits.outputSide,
  });
}

const solidPng = (width: number, height: number) => encodePng(width, height, new Uint8Array(width * height * 3).fill(180));

describe("processAvatar with the real Images binding", () => {
  it("turns a PNG into a 256×256 WebP", async () => {
    const png = await renderScene(productScene({ width: 480, height: 320, shape: "mug", hue: 20, backgroundHue: 200, variant: 0 }));
    const result = await processAvatar(env.IMAGES, png);
    if (!result.ok) throw new Error(result.problem);
    await expectSquareWebp(result.webp);
    expect(result.webp.length).toBeLessThan(png.length);
  });

  it("re-encodes a JPEG without its EXIF block, GPS position included", async () => {
    // The fixture really carries what must disappear.
    expect(exifLatitude(gpsPhoto)).toEqual({ ref: "N", dms: [31, 14, 0] });
    expect(contains(gpsPhoto, ascii("LanternTestCam"))).toBe(true);

    const result = await processAvatar(env.IMAGES, gpsPhoto);
    if (!result.ok) throw new Error(result.problem);
    await expectSquareWebp(result.webp);
    expect(webpChunks(result.webp)).not.toContain("EXIF");
    expect(webpChunks(result.webp)).not.toContain("XMP ");
    for (const trace of ["Exif", "LanternTestCam", "GPS"]) expect(contains(result.webp, ascii(trace)), trace).toBe(false);
  });

  it("keeps the first frame of an animated GIF as a still picture", async () => {
    const result = await processAvatar(env.IMAGES, animatedGif);
    if (!result.ok) throw new Error(result.problem);
    await expectSquareWebp(result.webp);
    expect(webpChunks(result.webp)).not.toContain("ANIM");
  });

  it("accepts a WebP upload and re-encodes it too", async () => {
    const first = await processAvatar(env.IMAGES, await solidPng(64, 64));
    if (!first.ok) throw new Error(first.problem);
    const again = await processAvatar(env.IMAGES, first.webp);
    if (!again.ok) throw new Error(again.problem);
    await expectSquareWebp(again.webp);
  });

  it("refuses text, HTML and SVG as not_image, whatever their name would have said", async () => {
    const svg = ascii('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');
    // The binding itself would take the SVG, with no pixel size to check: sniffing is what stops it.
    expect(await env.IMAGES.info(stream(svg))).toEqual({ format: "image/svg+xml" });
    for (const file of [ascii("just some notes.txt"), ascii("<!doctype html><script>alert(1)</script>"), svg]) {
      expect(await processAvatar(env.IMAGES, file)).toEqual({ ok: false, problem: "not_image" });
    }
  });

  it("refuses a file with an image's signature that does not decode", async () => {
    const png = await solidPng(64, 64);
    // A readable header over a cut-off body, and a PNG signature followed by nothing sensible.
    expect(await processAvatar(env.IMAGES, png.slice(0, 60))).toEqual({ ok: false, problem: "not_image" });
    expect(await processAvatar(env.IMAGES, new Uint8Array([...png.subarray(0, 8), ...ascii("not really")]))).toEqual({
      ok: false,
      problem: "not_image",
    });
  });

  it("refuses a file over 5 MB before anything decodes it", async () => {
    const oversized = new Uint8Array(avatarLimits.maxBytes + 1);
    oversized.set(await solidPng(64, 64));
    const untouchable = new Proxy({} as ImagesBinding, {
      get() {
        throw new Error("the Images binding was used for an oversized file");
      },
    });
    expect(await processAvatar(untouchable, oversized)).toEqual({ ok: false, problem: "too_large" });
    // Exactly at the limit the file is decoded, and this one is fine: the decoder stops at the PNG's end.
    const atLimit = await processAvatar(env.IMAGES, oversized.subarray(0, avatarLimits.maxBytes));
    if (!atLimit.ok) throw new Error(atLimit.problem);
    await expectSquareWebp(atLimit.webp);
  });

  it("refuses pictures wider or taller than 4096 px as too_many_pixels", async () => {
    expect(await processAvatar(env.IMAGES, await solidPng(5000, 10))).toEqual({ ok: false, problem: "too_many_pixels" });
    expect(await processAvatar(env.IMAGES, await solidPng(40, 4097))).toEqual({ ok: false, problem: "too_many_pixels" });
  });

  it("refuses pictures under 32 px on a side as too_small, and takes 32 px", async () => {
    expect(await processAvatar(env.IMAGES, await solidPng(16, 16))).toEqual({ ok: false, problem: "too_small" });
    expect(await processAvatar(env.IMAGES, await solidPng(300, 31))).toEqual({ ok: false, problem: "too_small" });
    const smallest = await processAvatar(env.IMAGES, await solidPng(32, 32));
    if (!smallest.ok) throw new Error(smallest.problem);
    await expectSquareWebp(smallest.webp);
  });

  it("never hands back the upload itself when the service returns it unconverted", async () => {
    // What a zone without image transformations does: the original comes back, EXIF and all.
    const passThrough = {
      info: env.IMAGES.info.bind(env.IMAGES),
      input: () => ({
        transform() {
          return this;
        },
        output: async () => ({ image: () => stream(gpsPhoto), contentType: () => "image/jpeg", response: () => new Response(stream(gpsPhoto)) }),
      }),
    } as unknown as ImagesBinding;
    await expect(processAvatar(passThrough, gpsPhoto)).rejects.toThrow(/did not return WebP/);
  });
});
