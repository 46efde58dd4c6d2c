/**
 * Member avatars: uploads are checked and re-encoded by the Images binding (never stored as sent), and
 * members without one get a generated SVG.
 */
export const avatarLimits = { maxBytes: 5 * 1024 * 1024, maxSide: 4096, minSide: 32, outputSide: 256 } as const;

export type AvatarProblem = "not_image" | "too_large" | "too_many_pixels" | "too_small";

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpeg = [0xff, 0xd8, 0xff];
const gif87 = ascii("GIF87a");
const gif89 = ascii("GIF89a");
const riff = ascii("RIFF");
const webp = ascii("WEBP");

const isWebp = (bytes: Uint8Array) => startsWith(bytes, riff) && startsWith(bytes, webp, 8);

/** The image type from the first bytes (magic numbers), never from the file name or the browser's claim. */
export function sniffImageType(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | "image/gif" | null {
  if (startsWith(bytes, png)) return "image/png";
  if (startsWith(bytes, jpeg)) return "image/jpeg";
  if (isWebp(bytes)) return "image/webp";
  if (startsWith(bytes, gif87) || startsWith(bytes, gif89)) return "image/gif";
  return null;
}

/** The binding reads streams, and each call consumes one. */
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/** The binding's errors carry a numeric code; anything else (a bug, a TypeError) is not the upload's fault. */
function isImagesError(error: unknown): error is ImagesError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "number";
}

/**
 * Once the bytes have passed sniffing, an error from the binding means it could not read them: the runtime
 * types document 9412 for "not an image", while local mode (miniflare's sharp) answers 9523 for any unreadable
 * input. Both are the upload's problem; unexpected codes are logged so a platform fault is still visible.
 */
function unreadable(error: unknown): { ok: false; problem: "not_image" } {
  if (!isImagesError(error)) throw error;
  if (error.code !== 9412) console.warn(JSON.stringify({ event: "avatar_unreadable", code: error.code, error: error.message }));
  return { ok: false, problem: "not_image" };
}

/**
 * Checks an uploaded file and re-encodes it through the Images binding to a WebP of `size` (a square
 * `outputSide` for avatars; show covers are 16:9), cropped to cover. Re-encoding drops metadata such as EXIF/GPS. Size is checked before anything is decoded;
 * pixel dimensions come from IMAGES.info.
 *
 * An animated GIF or WebP is accepted and becomes a still of its first frame (`anim: false`).
 * Local mode honours only width/height (it letterboxes instead of cropping); the output is still 256×256.
 */
export async function processAvatar(
  images: ImagesBinding,
  bytes: Uint8Array,
  size: { width: number; height: number } = { width: avatarLimits.outputSide, height: avatarLimits.outputSide },
): Promise<{ ok: true; webp: Uint8Array } | { ok: false; problem: AvatarProblem }> {
  if (bytes.byteLength > avatarLimits.maxBytes) return { ok: false, problem: "too_large" };
  // Only raster types we name get near the decoder: SVG (scriptable, and `info` reports no size), HTML
  // and everything else stop here.
  if (sniffImageType(bytes) === null) return { ok: false, problem: "not_image" };

  let info: ImageInfoResponse;
  try {
    info = await images.info(streamOf(bytes));
  } catch (error) {
    return unreadable(error);
  }
  if (!("width" in info)) return { ok: false, problem: "not_image" };
  if (info.width > avatarLimits.maxSide || info.height > avatarLimits.maxSide) return { ok: false, problem: "too_many_pixels" };
  if (info.width < avatarLimits.minSide || info.height < avatarLimits.minSide) return { ok: false, problem: "too_small" };

  let output: Uint8Array;
  try {
    const result = await images
      .input(streamOf(bytes))
      .transform({ ...size, fit: "cover", gravity: "center" })
      .output({ format: "image/webp", quality: 85, anim: false });
    output = new Uint8Array(await new Response(result.image()).arrayBuffer());
  } catch (error) {
    return unreadable(error);
  }
  // A header that parses over a body that does not (a truncated file) passes `info`; the transform then
  // yields nothing rather than throwing.
  if (output.byteLength === 0) return { ok: false, problem: "not_image" };
  // Anything but WebP means the service did not re-encode (say, the original handed back, metadata and
  // all): a fault on our side, and never something to store.
  if (!isWebp(output)) throw new Error("The Images binding did not return WebP; the avatar was not re-encoded");
  return { ok: true, webp: output };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Leading characters that would draw nothing or break XML: spaces, controls, bidi marks, lone surrogates. */
const invisibleStart = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}]+/u;

function initialOf(nickname: string): string {
  const first = segmenter.segment(nickname.replace(invisibleStart, ""))[Symbol.iterator]().next();
  if (first.done) return "";
  const grapheme = first.value.segment;
  const upper = grapheme.toUpperCase();
  // "ß" upper-cases to "SS": keep one letter rather than two.
  return [...segmenter.segment(upper)].length === 1 ? upper : grapheme;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);

/** FNV-1a: a stable, well-spread number from a string, synchronously (WebCrypto digests are async). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 8-bit sRGB channels of an HSL colour (hue in degrees, the rest 0–1). */
function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const k = (n: number) => (n + hue / 30) % 12;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => Math.round(255 * (lightness - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return [channel(0), channel(8), channel(4)];
}

function contrastWithWhite(rgb: [number, number, number]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = rgb.map((c) => linear(c / 255)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

/**
 * A hue from the seed, darkened until white text on it reaches WCAG's 4.5:1 (yellows need more than
 * blues). The check runs on the rounded 8-bit colour that is actually written.
 */
function colourFor(seed: string): string {
  const hue = hash(seed) % 360;
  let lightness = 0.5;
  let rgb = hslToRgb(hue, 0.6, lightness);
  while (contrastWithWhite(rgb) < 4.5) {
    lightness -= 0.02;
    rgb = hslToRgb(hue, 0.6, lightness);
  }
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** A generated default avatar: an SVG circle in a colour derived from `seed` with the nickname's first grapheme (upper-cased when it has case), XML-escaped, sized 256. */
export function defaultAvatarSvg(nickname: string, seed: string): string {
  const side = avatarLimits.outputSide;
  const centre = side / 2;
  const initial = initialOf(nickname);
  const letter = initial
    ? `<text x="${centre}" y="${centre}" dy=".35em" text-anchor="middle" fill="#ffffff" font-size="${side * 0.45}" font-family="system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', sans-serif">${escapeXml(initial)}</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}"><circle cx="${centre}" cy="${centre}" r="${centre}" fill="${colourFor(seed)}"/>${letter}</svg>`;
}
