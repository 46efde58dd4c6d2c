import { describe, expect, it } from "vitest";
import { encodePng, productScene, renderPixels } from "../../db/seed/product-image.ts";
import { binCount, imageFeatures, matchReason, nearbyBins, similarity, type Raster } from "../../worker/features/image-search/features.ts";
import { decodePng, PngError } from "../../worker/features/image-search/png.ts";
import { crc32 } from "../../worker/lib/crc32.ts";

/** A picture of `width`×`height` whose every pixel is `colour(x, y)` (RGB or RGBA). */
function raster(width: number, height: number, colour: (x: number, y: number) => number[]): Raster {
  const channels = colour(0, 0).length as 3 | 4;
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * channels);
  return { width, height, channels, data };
}

const histogramBytes = (hex: string) => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
const binOf = (r: number, g: number, b: number) => (r >> 6) * 16 + (g >> 6) * 4 + (b >> 6);

/** A product's picture as the seed draws it, at `side` pixels. */
const picture = (side: number, art: { shape: "mug" | "bottle" | "bag"; hue: number; backgroundHue: number }) =>
  ({ width: side, height: side, channels: 3, data: renderPixels(productScene({ width: side, height: side, ...art, variant: 0 })) }) as Raster;

/** Box-filters a raster down by a whole factor, as a resizing service roughly would. */
function downscale(source: Raster, factor: number): Raster {
  const width = Math.floor(source.width / factor);
  const height = Math.floor(source.height / factor);
  return raster(width, height, (x, y) => {
    const sum = [0, 0, 0];
    for (let dy = 0; dy < factor; dy++) {
      for (let dx = 0; dx < factor; dx++) {
        const at = ((y * factor + dy) * source.width + x * factor + dx) * source.channels;
        for (let c = 0; c < 3; c++) sum[c]! += source.data[at + c]!;
      }
    }
    return sum.map((s) => Math.round(s / factor / factor));
  });
}

describe("image features", () => {
  it("puts a single-colour picture in one bin of 64, stored as 128 hex digits, and names it dominant", () => {
    const features = imageFeatures(raster(10, 7, () => [200, 30, 100]));
    expect(features.histogram).toMatch(/^[0-9a-f]{128}$/);
    const bins = histogramBytes(features.histogram);
    expect(bins).toHaveLength(binCount);
    expect(bins[binOf(200, 30, 100)]).toBe(255);
    expect(bins.filter((share) => share > 0)).toHaveLength(1);
    expect(features.dominant).toBe(binOf(200, 30, 100));
  });

  it("shares the histogram between the colours, the middle of the picture weighing more than its edges", () => {
    const blue = [20, 40, 230];
    const yellow = [240, 220, 10];
    // Half and half, side by side: equal shares.
    const halves = histogramBytes(imageFeatures(raster(8, 8, (x) => (x < 4 ? blue : yellow))).histogram);
    expect(halves[binOf(20, 40, 230)]).toBe(halves[binOf(240, 220, 10)]);
    expect(halves.reduce((sum, share) => sum + share, 0)).toBeGreaterThanOrEqual(254);
    // A blue middle (a quarter of the area) on a yellow backdrop: the thing in the middle is what it shows.
    const middle = imageFeatures(raster(16, 16, (x, y) => (x >= 4 && x < 12 && y >= 4 && y < 12 ? blue : yellow)));
    const bins = histogramBytes(middle.histogram);
    expect(bins[binOf(20, 40, 230)]).toBeGreaterThan(bins[binOf(240, 220, 10)]!);
    expect(middle.dominant).toBe(binOf(20, 40, 230));
  });

  it("reads transparent pixels as the white they are shown on", () => {
    const transparent = imageFeatures(raster(4, 4, () => [0, 0, 0, 0]));
    expect(transparent.dominant).toBe(binOf(255, 255, 255));
    const opaque = imageFeatures(raster(4, 4, () => [0, 0, 0, 255]));
    expect(opaque.dominant).toBe(binOf(0, 0, 0));
  });

  it("hashes light-to-dark from left to right as all ones, flat or reversed pictures as zeros", () => {
    const darkening = imageFeatures(raster(90, 80, (x) => [255 - x * 2, 255 - x * 2, 255 - x * 2]));
    expect(darkening.hash).toBe("ff".repeat(8));
    expect(imageFeatures(raster(90, 80, () => [120, 120, 120])).hash).toBe("00".repeat(8));
    expect(imageFeatures(raster(90, 80, (x) => [x * 2, x * 2, x * 2])).hash).toBe("00".repeat(8));
  });

  it("ignores resampling noise on a flat backdrop", () => {
    const noisy = raster(90, 80, (x, y) => [180 + ((x * 7 + y * 3) % 3), 180, 180]);
    expect(imageFeatures(noisy).hash).toBe("00".repeat(8));
  });

  it("works on pictures smaller than the hash grid", () => {
    const features = imageFeatures(raster(3, 2, (x) => [x * 100, 0, 0]));
    expect(features.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("refuses a raster with fewer pixels than it claims", () => {
    expect(() => imageFeatures({ width: 4, height: 4, channels: 3, data: new Uint8Array(10) })).toThrow(RangeError);
  });
});

describe("similarity", () => {
  const mug = { shape: "mug" as const, hue: 10, backgroundHue: 40 };

  it("scores a picture against itself 1, in colours and shape alike", () => {
    const features = imageFeatures(picture(64, mug));
    expect(similarity(features, features)).toEqual({ score: 1, colours: 1, shape: 1 });
  });

  it("finds a product's large picture, scaled down, alike to the small rendering the seed stores", () => {
    const stored = imageFeatures(picture(64, mug));
    const uploaded = imageFeatures(downscale(picture(320, mug), 5));
    const alike = similarity(stored, uploaded);
    expect(alike.colours).toBeGreaterThan(0.85);
    expect(alike.shape).toBeGreaterThan(0.85);
    expect(matchReason(alike)).toBe("colours_and_shape");
  });

  it("ranks the same object in another colour, and another object in the same colour, below the same picture", () => {
    const stored = imageFeatures(picture(64, mug));
    const same = similarity(stored, imageFeatures(downscale(picture(320, mug), 5))).score;
    const recoloured = similarity(stored, imageFeatures(picture(64, { ...mug, hue: 220 })));
    const otherShape = similarity(stored, imageFeatures(picture(64, { ...mug, shape: "bottle" })));
    expect(recoloured.score).toBeLessThan(same);
    expect(otherShape.score).toBeLessThan(same);
    expect(recoloured.colours).toBeLessThan(otherShape.colours);
  });

  it("says why: colours, shape, both, or only that it is the closest there is", () => {
    expect(matchReason({ score: 0, colours: 0.9, shape: 0.9 })).toBe("colours_and_shape");
    expect(matchReason({ score: 0, colours: 0.9, shape: 0.5 })).toBe("colours");
    expect(matchReason({ score: 0, colours: 0.3, shape: 0.9 })).toBe("shape");
    expect(matchReason({ score: 0, colours: 0.3, shape: 0.5 })).toBe("overall");
  });
});

describe("nearby bins", () => {
  it("are the bin itself and those one level or less away on every channel", () => {
    expect(nearbyBins(binOf(255, 255, 255)).sort((a, b) => a - b)).toEqual(
      [binOf(128, 128, 128), binOf(128, 128, 255), binOf(128, 255, 128), binOf(128, 255, 255), binOf(255, 128, 128), binOf(255, 128, 255), binOf(255, 255, 128), binOf(255, 255, 255)].sort((a, b) => a - b),
    );
    const middle = binOf(100, 100, 100);
    expect(nearbyBins(middle)).toHaveLength(27);
    expect(nearbyBins(middle)).toContain(middle);
    expect(nearbyBins(middle)).not.toContain(binOf(255, 100, 100));
  });
});

/** The Paeth predictor, as the PNG specification defines it. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A PNG of raw (unfiltered) rows, each filtered with `filter`, with extra chunks before the data. */
async function png(header: { width: number; height: number; depth: number; colour: number }, rows: number[][], filter: number, extra: [string, number[]][] = []) {
  const bytesPerPixel = Math.max(1, ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[header.colour]! * header.depth) >> 3);
  const filtered = rows.flatMap((row, y) => {
    const above = rows[y - 1] ?? row.map(() => 0);
    const out = row.map((value, x) => {
      const left = x >= bytesPerPixel ? row[x - bytesPerPixel]! : 0;
      const up = above[x]!;
      const upLeft = x >= bytesPerPixel ? above[x - bytesPerPixel]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]!;
      return (value - predicted) & 0xff;
    });
    return [filter, ...out];
  });
  const deflated = new Uint8Array(await new Response(new Blob([new Uint8Array(filtered)]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer());
  const chunk = (type: string, data: Uint8Array | number[]) => {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const length = data.length;
    const crc = crc32(body);
    return [length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...body, crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255];
  };
  const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk("IHDR", [...u32(header.width), ...u32(header.height), header.depth, header.colour, 0, 0, 0]),
    ...extra.flatMap(([type, data]) => chunk(type, data)),
    ...chunk("IDAT", deflated),
    ...chunk("IEND", []),
  ]);
}

describe("the PNG decoder", () => {
  it("reads the seed's own PNGs back pixel for pixel", async () => {
    const rgb = renderPixels(productScene({ width: 24, height: 16, shape: "bag", hue: 300, backgroundHue: 90, variant: 1 }));
    const decoded = await decodePng(await encodePng(24, 16, rgb));
    expect(decoded).toMatchObject({ width: 24, height: 16, channels: 4 });
    for (let i = 0; i < 24 * 16; i++) expect([...decoded.data.subarray(i * 4, i * 4 + 4)]).toEqual([...rgb.subarray(i * 3, i * 3 + 3), 255]);
  });

  it("undoes every filter type on RGBA rows", async () => {
    const rows = [
      [10, 20, 30, 255, 200, 100, 50, 128, 0, 0, 0, 0],
      [250, 240, 230, 220, 1, 2, 3, 4, 90, 180, 45, 255],
      [7, 77, 177, 255, 130, 131, 132, 133, 255, 0, 255, 10],
    ];
    for (const filter of [0, 1, 2, 3, 4]) {
      const decoded = await decodePng(await png({ width: 3, height: 3, depth: 8, colour: 6 }, rows, filter));
      expect([...decoded.data], `filter ${filter}`).toEqual(rows.flat());
    }
  });

  it("reads grey, grey with alpha, 16-bit and palette pictures as RGBA", async () => {
    const grey = await decodePng(await png({ width: 2, height: 1, depth: 8, colour: 0 }, [[0, 200]], 1));
    expect([...grey.data]).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const greyAlpha = await decodePng(await png({ width: 1, height: 1, depth: 8, colour: 4 }, [[90, 30]], 0));
    expect([...greyAlpha.data]).toEqual([90, 90, 90, 30]);
    const deep = await decodePng(await png({ width: 1, height: 1, depth: 16, colour: 2 }, [[0x12, 0x34, 0xab, 0xcd, 0xff, 0xff]], 0));
    expect([...deep.data]).toEqual([0x12, 0xab, 0xff, 255]);
    // 2-bit palette indices 3, 0, 1 (packed 11 00 01 00), the first colour half transparent.
    const palette = await decodePng(
      await png({ width: 3, height: 1, depth: 2, colour: 3 }, [[0b11000100]], 0, [
        ["PLTE", [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]],
        ["tRNS", [128]],
      ]),
    );
    expect([...palette.data]).toEqual([9, 9, 9, 255, 255, 0, 0, 128, 0, 255, 0, 255]);
  });

  it("refuses what is not a PNG it can read", async () => {
    await expect(decodePng(new TextEncoder().encode("GIF89a not a png"))).rejects.toThrow(PngError);
    const good = await encodePng(4, 4, new Uint8Array(48));
    await expect(decodePng(good.subarray(0, 40))).rejects.toThrow(PngError);
    const interlaced = await png({ width: 1, height: 1, depth: 8, colour: 0 }, [[5]], 0);
    interlaced[28] = 1; // IHDR's interlace byte
    await expect(decodePng(interlaced)).rejects.toThrow(/interlaced/);
    await expect(decodePng(await png({ width: 1, height: 1, depth: 8, colour: 3 }, [[0]], 0))).rejects.toThrow(/palette/);
  });
});
