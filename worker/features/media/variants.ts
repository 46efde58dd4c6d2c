/**
 * Smaller, next-gen copies of the shop's raster pictures (product images, show covers), made once by the
 * Images binding and kept in R2 beside the original: pages offer them through `srcset`, browsers pick
 * the width their layout needs.
 */

/** The widths a variant may have: few, so every picture has at most a handful of copies. */
export const variantWidths = [160, 320, 480, 640, 960, 1280] as const;
export type VariantWidth = (typeof variantWidths)[number];

/** AVIF where the browser reads it (smallest), WebP otherwise; the original stays the `<img>` fallback. */
export const variantFormats = ["avif", "webp"] as const;
export type VariantFormat = (typeof variantFormats)[number];

/** Encoder quality per format: AVIF holds up at a lower setting than WebP for the same look. */
const quality: Record<VariantFormat, number> = { avif: 60, webp: 80 };

/** Originals that can have variants; vector pictures (SVG) are served as they are. */
export const rasterKey = /^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9._-]*)*\.(?:png|jpe?g|webp|avif)$/;

export type Variant = { original: string; width: VariantWidth; format: VariantFormat };

/** Where a variant is stored: under its own prefix, so it never collides with a published original. */
export const variantObjectKey = ({ original, width, format }: Variant) => `variants/${width}/${original}.${format}`;

/**
 * Makes a variant from its original and stores it under `variantObjectKey`; false when the original is
 * missing or not a picture. Pictures are never enlarged: asked wider than the original, the variant
 * keeps the original's width (a cover may be a product's smaller picture until the host uploads one,
 * and a page's `srcset` must never point at nothing).
 */
export async function storeVariant(env: Pick<Env, "MEDIA" | "IMAGES">, variant: Variant): Promise<boolean> {
  const original = await env.MEDIA.get(variant.original);
  if (!original) return false;
  const bytes = new Uint8Array(await original.arrayBuffer());
  const info = await env.IMAGES.info(new Response(bytes).body!);
  if (!("width" in info)) return false;
  const result = await env.IMAGES.input(new Response(bytes).body!)
    .transform({ width: Math.min(variant.width, info.width) })
    .output({ format: `image/${variant.format}`, quality: quality[variant.format] });
  // R2 wants a body of known length, and a variant is small.
  const encoded = await new Response(result.image()).arrayBuffer();
  // The media route sets the caching headers; the object only needs its type.
  await env.MEDIA.put(variantObjectKey(variant), encoded, { httpMetadata: { contentType: `image/${variant.format}` } });
  return true;
}
