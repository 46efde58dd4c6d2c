/**
 * A shopper's photo, read through the Images binding: it decodes every type phones and browsers send
 * (JPEG, PNG, WebP, GIF), locally too (miniflare's sharp), and scales the photo down to a small PNG whose
 * pixels `decodePng` reads. Only one side is given, so the local binding (which letterboxes when given
 * both) and production keep the proportions alike. The bytes are never stored here: keeping a photo is
 * `keptPhoto`, for a search the member saves.
 */
import { sniffImageType } from "../accounts/avatar.ts";
import { imageFeatures, type ImageFeatures } from "./features.ts";
import { decodePng, PngError } from "./png.ts";

export const photoLimits = {
  maxBytes: 5 * 1024 * 1024,
  /** What the Images binding transforms: 100 megapixels, 12,000 pixels a side; phone cameras stay below. */
  maxPixels: 100_000_000,
  maxSide: 12_000,
  /** The longest side of the copy the features are computed from. */
  sampleSide: 64,
  /** The longest side of a saved search's photo: enough to recognise it, and no camera metadata. */
  keptSide: 512,
};

export type PhotoProblem = "not_image" | "too_many_pixels";

/** The binding reads a stream, and each call consumes one. */
const streamOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();

/** The binding's errors carry a numeric code: the upload could not be read. Anything else is a fault of ours. */
const isImagesError = (error: unknown) => error instanceof Error && typeof (error as { code?: unknown }).code === "number";

type Scaled = { ok: true; bytes: Uint8Array } | { ok: false; problem: PhotoProblem };

/** Scales a photo down so its longer side is at most `side`, in `format`; or why the binding cannot. */
async function scaled(images: ImagesBinding, bytes: Uint8Array<ArrayBuffer>, side: number, format: "image/png" | "image/webp"): Promise<Scaled> {
  // Only raster types we name reach the decoder (never SVG, HTML, or whatever the browser claims).
  if (sniffImageType(bytes) === null) return { ok: false, problem: "not_image" };
  try {
    const info = await images.info(streamOf(bytes));
    if (!("width" in info)) return { ok: false, problem: "not_image" };
    if (info.width * info.height > photoLimits.maxPixels || Math.max(info.width, info.height) > photoLimits.maxSide) {
      return { ok: false, problem: "too_many_pixels" };
    }
    const longer = info.width >= info.height ? { width: side } : { height: side };
    const result = await images.input(streamOf(bytes)).transform({ ...longer, fit: "scale-down" }).output({ format, anim: false });
    const output = new Uint8Array(await new Response(result.image()).arrayBuffer());
    // A header that parses over a body that does not (a truncated file) yields nothing rather than an error.
    return output.byteLength > 0 ? { ok: true, bytes: output } : { ok: false, problem: "not_image" };
  } catch (error) {
    if (isImagesError(error)) return { ok: false, problem: "not_image" };
    throw error;
  }
}

/** The features of an uploaded photo, or why it cannot be searched with. */
export async function photoFeatures(
  images: ImagesBinding,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ ok: true; features: ImageFeatures } | { ok: false; problem: PhotoProblem }> {
  const png = await scaled(images, bytes, photoLimits.sampleSide, "image/png");
  if (!png.ok) return png;
  try {
    return { ok: true, features: imageFeatures(await decodePng(png.bytes)) };
  } catch (error) {
    // The binding made this PNG: one we cannot read is our fault, not the shopper's.
    if (error instanceof PngError) throw new Error(`The Images binding returned a PNG the search cannot read: ${error.message}`);
    throw error;
  }
}

/**
 * The photo as a saved search keeps it: a WebP of at most `keptSide`, re-encoded, so EXIF and GPS data are
 * gone. Only for a photo `photoFeatures` has read.
 */
export async function keptPhoto(images: ImagesBinding, bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const webp = await scaled(images, bytes, photoLimits.keptSide, "image/webp");
  if (!webp.ok || sniffImageType(webp.bytes) !== "image/webp") throw new Error("The Images binding did not re-encode the photo to WebP");
  return webp.bytes;
}
