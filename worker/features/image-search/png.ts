/**
 * A small PNG decoder for the few thousand pixels the visual search reads: non-interlaced, every colour
 * type and bit depth (a palette's transparency is read, a grey or RGB colour key is not). Uploads of any
 * type are first scaled down to a small PNG by the Images binding, whose local mode cannot hand out raw
 * pixels; decompression is the platform's own (`DecompressionStream("deflate")` reads zlib, as PNG stores it).
 */
import type { Raster } from "./features.ts";

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type: grey, RGB, palette index, grey + alpha, RGBA. */
const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The largest picture decoded: far more than the search's scaled-down copies need, far less than memory allows. */
const maxPixels = 1024 * 1024;

export class PngError extends Error {}

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new PngError("PNG: the image data does not decompress");
  }
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Undoes each scanline's filter in place; returns the rows without their filter bytes. */
function unfilter(data: Uint8Array, height: number, stride: number, bytesPerPixel: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const row = y * (stride + 1) + 1;
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[row + x]!;
      const left = x >= bytesPerPixel ? out[at + x - bytesPerPixel]! : 0;
      const up = y > 0 ? out[at - stride + x]! : 0;
      const upLeft = y > 0 && x >= bytesPerPixel ? out[at - stride + x - bytesPerPixel]! : 0;
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : filter === 4 ? paeth(left, up, upLeft) : -1;
      if (predicted < 0) throw new PngError(`PNG: unknown filter ${filter}`);
      out[at + x] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/** Decodes a PNG to 8-bit RGBA. Throws PngError for anything that is not a PNG it can read. */
export async function decodePng(bytes: Uint8Array): Promise<Raster> {
  if (bytes.length < 8 || signature.some((byte, i) => bytes[i] !== byte)) throw new PngError("PNG: no signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const data: Uint8Array[] = [];
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new PngError("PNG: truncated");
    if (type === "IHDR") {
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), depth: body[8]!, colour: body[9]!, interlace: body[12]! };
    } else if (type === "PLTE") palette = body;
    else if (type === "tRNS") transparency = body;
    else if (type === "IDAT") data.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  if (!header) throw new PngError("PNG: no header");
  const { width, height, depth, colour, interlace } = header;
  const channels = channelsOf[colour];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth) || (depth > 8 && colour === 3) || (depth < 8 && colour !== 0 && colour !== 3)) {
    throw new PngError(`PNG: unsupported colour type ${colour} at depth ${depth}`);
  }
  if (interlace !== 0) throw new PngError("PNG: interlaced images are not supported");
  if (width < 1 || height < 1 || width * height > maxPixels) throw new PngError("PNG: unsupported size");
  if (colour === 3 && !palette) throw new PngError("PNG: no palette");

  const joined = new Uint8Array(data.reduce((n, part) => n + part.length, 0));
  data.reduce((at, part) => (joined.set(part, at), at + part.length), 0);
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const inflated = await inflate(joined);
  if (inflated.length < height * (stride + 1)) throw new PngError("PNG: too little image data");
  const rows = unfilter(inflated, height, stride, Math.max(1, bitsPerPixel >> 3));

  /** Sample `channel` of pixel `x` in row `y`, scaled to 0–255. */
  const sample = (y: number, x: number, channel: number): number => {
    if (depth === 8) return rows[y * stride + x * channels + channel]!;
    if (depth === 16) return rows[y * stride + (x * channels + channel) * 2]!;
    const bit = x * depth;
    const value = (rows[y * stride + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return colour === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      if (colour === 3) {
        const index = sample(y, x, 0);
        rgba.set(palette!.subarray(index * 3, index * 3 + 3), at);
        rgba[at + 3] = transparency?.[index] ?? 255;
      } else if (colour === 0 || colour === 4) {
        const grey = sample(y, x, 0);
        rgba.fill(grey, at, at + 3);
        rgba[at + 3] = colour === 4 ? sample(y, x, 1) : 255;
      } else {
        rgba[at] = sample(y, x, 0);
        rgba[at + 1] = sample(y, x, 1);
        rgba[at + 2] = sample(y, x, 2);
        rgba[at + 3] = colour === 6 ? sample(y, x, 3) : 255;
      }
    }
  }
  return { width, height, channels: 4, data: rgba };
}
