import { html } from "htm/preact";
import { rasterKey, variantWidths, type VariantFormat } from "../features/media/variants.ts";

const encodedKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

/** Public URL of an object in the media bucket (served by features/media). */
export const mediaUrl = (key: string) => `/media/${encodedKey(key)}`;

/** A copy of a raster picture at one of the listed widths, in AVIF or WebP (made on first request). */
export const variantUrl = (key: string, width: number, format: VariantFormat) => variantPath(encodedKey(key), width, format);
const variantPath = (encoded: string, width: number, format: VariantFormat) => `/media/w/${width}/${encoded}.${format}`;

/** A stored picture and its size in pixels, as products' `images` hold them. */
export type StoredImage = { key: string; width: number; height: number };

/**
 * How wide a picture is drawn in each layout (client/styles.css), for `sizes`: the browser then fetches
 * the smallest variant that covers it at the screen's pixel density. Slightly generous where the CSS
 * subtracts gaps, which only ever picks a size up.
 */
export const imageSizes = {
  /** `.product-grid`: cards of at least 200px in the 1140px column, two a row on narrow screens. */
  productCard: "(max-width: 675px) 50vw, (max-width: 893px) 34vw, (max-width: 1111px) 25vw, 214px",
  /** `.product`: the gallery takes 1.1 of 2.1 parts of the column beside the details, all of it below 860px. */
  gallery: "(max-width: 860px) calc(100vw - 40px), 576px",
  galleryThumb: "72px",
  /** `.hero`: the cover takes 1 of 2.1 parts inside the hero's padding, all of it below 860px. */
  heroCover: "(max-width: 860px) calc(100vw - 88px), 496px",
  /** `.show-grid`: cards of at least 280px, three a row at full width. */
  showCard: "(max-width: 617px) calc(100vw - 40px), (max-width: 915px) 50vw, 368px",
  /** `.live-layout`: the stage takes 1.6 of 2.6 parts beside the chat, all of it below 860px. */
  stage: "(max-width: 860px) calc(100vw - 40px), 690px",
} as const;

/**
 * `srcset` of a picture's variants: the listed widths below its own, and the first at or above it (which
 * the route makes at the picture's own width: pictures are never enlarged).
 */
function srcset(image: StoredImage, format: VariantFormat): string {
  const widths = variantWidths.filter((width, index) => width < image.width || (variantWidths[index - 1] ?? 0) < image.width);
  const encoded = encodedKey(image.key);
  return widths.map((width) => `${variantPath(encoded, width, format)} ${width}w`).join(", ");
}

/**
 * A picture as `<picture>`: AVIF and WebP variants sized by `sizes`, and the original as the `<img>`
 * (browsers without either format, and the element the CSS styles). Width and height stay on the
 * `<img>` so the layout is reserved before anything loads; the page's main picture (`fetchpriority`)
 * decodes with the page, the rest off the main thread. Vector pictures (SVG) are a plain `<img>`.
 */
export function Picture({
  image,
  sizes,
  alt = "",
  class: className,
  width = image.width,
  height = image.height,
  loading,
  fetchpriority,
}: {
  image: StoredImage;
  sizes: string;
  alt?: string;
  class?: string;
  /** The `<img>`'s size attributes, when they differ from the picture's own (thumbnails). */
  width?: number;
  height?: number;
  loading?: "eager" | "lazy";
  fetchpriority?: "high";
}) {
  const img = html`<img
    class=${className}
    src=${mediaUrl(image.key)}
    alt=${alt}
    width=${width}
    height=${height}
    loading=${loading}
    fetchpriority=${fetchpriority}
    decoding=${fetchpriority === "high" ? undefined : "async"}
  />`;
  if (!rasterKey.test(image.key)) return img;
  return html`<picture>
    <source type="image/avif" srcset=${srcset(image, "avif")} sizes=${sizes} />
    <source type="image/webp" srcset=${srcset(image, "webp")} sizes=${sizes} />
    ${img}
  </picture>`;
}
