/**
 * What the visual search compares (pure, no I/O): a colour histogram, a difference hash of the picture's
 * light and dark, and the fullest colour bin for the database's prefilter. Computed from a few thousand
 * pixels (pictures are scaled down first), the same way for a product's picture and a shopper's photo.
 */

/** Decoded pixels: 8-bit channels, row by row, RGB or RGBA. */
export type Raster = { width: number; height: number; channels: 3 | 4; data: Uint8Array };

/** The stored form (`product_image_features`, `saved_image_searches`). */
export type ImageFeatures = {
  /** 64 bins (4 levels per channel), one hex byte each, summing to about 255. */
  histogram: string;
  /** 64-bit difference hash, 16 hex digits. */
  hash: string;
  /** The fullest bin: `r * 16 + g * 4 + b`, each 0–3. */
  dominant: number;
};

const levels = 4;
export const binCount = levels ** 3;
const hashColumns = 9;
const hashRows = 8;
/** Neighbours in the 9×8 grid must differ by more than this (0–255) to count: flat backdrops then hash alike whatever the resampling noise. */
const hashTolerance = 2;

const hex = (byte: number) => byte.toString(16).padStart(2, "0");

/** A pixel's channels composited over white (a transparent background reads as a light one, as it is shown). */
function rgbAt(raster: Raster, index: number): [number, number, number] {
  const { data, channels } = raster;
  const at = index * channels;
  const r = data[at]!;
  const g = data[at + 1]!;
  const b = data[at + 2]!;
  if (channels === 3) return [r, g, b];
  const alpha = data[at + 3]! / 255;
  const over = (c: number) => c * alpha + 255 * (1 - alpha);
  return [over(r), over(g), over(b)];
}

const binOf = (r: number, g: number, b: number) => (Math.floor(r / 64) * levels + Math.floor(g / 64)) * levels + Math.floor(b / 64);

/**
 * The 4×4×4 histogram as shares of 255 (rounded, so the sum is within a few of 255), centre-weighted: a
 * product, and what a shopper photographs, sits in the middle, so the backdrop round the edges (light and
 * alike in every product picture) counts less. A pixel weighs (1 − r²)², r its distance from the centre
 * with the edges' midpoints at 1; the corners weigh nothing.
 */
function histogramOf(raster: Raster): Uint8Array {
  const weights = new Array<number>(binCount).fill(0);
  let total = 0;
  for (let y = 0; y < raster.height; y++) {
    const dy = ((y + 0.5) / raster.height) * 2 - 1;
    for (let x = 0; x < raster.width; x++) {
      const dx = ((x + 0.5) / raster.width) * 2 - 1;
      const weight = Math.max(0, 1 - dx * dx - dy * dy) ** 2;
      weights[binOf(...rgbAt(raster, y * raster.width + x))]! += weight;
      total += weight;
    }
  }
  return Uint8Array.from(weights, (weight) => Math.round((weight / total) * 255));
}

/** Mean brightness (Rec. 601 luma) of each cell of a `columns`×`rows` grid laid over the picture. */
function brightnessGrid(raster: Raster, columns: number, rows: number): Float64Array {
  const grid = new Float64Array(columns * rows);
  for (let cy = 0; cy < rows; cy++) {
    const y0 = Math.floor((cy * raster.height) / rows);
    const y1 = Math.max(y0 + 1, Math.floor(((cy + 1) * raster.height) / rows));
    for (let cx = 0; cx < columns; cx++) {
      const x0 = Math.floor((cx * raster.width) / columns);
      const x1 = Math.max(x0 + 1, Math.floor(((cx + 1) * raster.width) / columns));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const [r, g, b] = rgbAt(raster, y * raster.width + x);
          sum += 0.299 * r + 0.587 * g + 0.114 * b;
        }
      }
      grid[cy * columns + cx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return grid;
}

/** Difference hash: for each row of a 9×8 grid, whether each cell is brighter than its right neighbour. */
function differenceHash(raster: Raster): string {
  const grid = brightnessGrid(raster, hashColumns, hashRows);
  let digits = "";
  for (let y = 0; y < hashRows; y++) {
    let byte = 0;
    for (let x = 0; x < hashColumns - 1; x++) {
      const brighter = grid[y * hashColumns + x]! - grid[y * hashColumns + x + 1]! > hashTolerance;
      byte = (byte << 1) | (brighter ? 1 : 0);
    }
    digits += hex(byte);
  }
  return digits;
}

export function imageFeatures(raster: Raster): ImageFeatures {
  if (raster.width < 1 || raster.height < 1 || raster.data.length < raster.width * raster.height * raster.channels) {
    throw new RangeError("imageFeatures: the raster holds fewer pixels than its size says");
  }
  const bins = histogramOf(raster);
  let dominant = 0;
  for (let i = 1; i < binCount; i++) if (bins[i]! > bins[dominant]!) dominant = i;
  return { histogram: [...bins].map(hex).join(""), hash: differenceHash(raster), dominant };
}

const bytesOf = (text: string) => Uint8Array.from({ length: text.length / 2 }, (_, i) => parseInt(text.slice(i * 2, i * 2 + 2), 16));

const bitCount = (byte: number) => {
  let bits = 0;
  for (let rest = byte; rest; rest &= rest - 1) bits++;
  return bits;
};

/**
 * How alike two hashes are: the bits set in both over the bits set in either (1 when neither has any).
 * Plain Hamming distance would count the many zeros two flat backdrops share as likeness.
 */
function hashLikeness(a: string, b: string): number {
  const x = bytesOf(a);
  const y = bytesOf(b);
  let both = 0;
  let either = 0;
  for (let i = 0; i < x.length; i++) {
    both += bitCount(x[i]! & (y[i] ?? 0));
    either += bitCount(x[i]! | (y[i] ?? 0));
  }
  return either === 0 ? 1 : both / either;
}

/** How alike two pictures are, 0–1 overall and per aspect: colours (histogram intersection) and shape (hash bits that agree). */
export type Similarity = { score: number; colours: number; shape: number };

/** Colours weigh more: a photo taken in other light or framing keeps its colours better than its outline. */
const colourWeight = 0.7;

export function similarity(a: Pick<ImageFeatures, "histogram" | "hash">, b: Pick<ImageFeatures, "histogram" | "hash">): Similarity {
  const x = bytesOf(a.histogram);
  const y = bytesOf(b.histogram);
  let shared = 0;
  let total = 0;
  for (let i = 0; i < binCount; i++) {
    shared += Math.min(x[i] ?? 0, y[i] ?? 0);
    total += x[i] ?? 0;
  }
  const colours = total === 0 ? 0 : shared / total;
  const shape = hashLikeness(a.hash, b.hash);
  return { score: colourWeight * colours + (1 - colourWeight) * shape, colours, shape };
}

/** Why a result is shown, from its similarity: thresholds a pair of unrelated pictures rarely reaches. */
export type MatchReason = "colours_and_shape" | "colours" | "shape" | "overall";

export function matchReason({ colours, shape }: Similarity): MatchReason {
  const alikeColours = colours >= 0.8;
  const alikeShape = shape >= 0.85;
  return alikeColours && alikeShape ? "colours_and_shape" : alikeColours ? "colours" : alikeShape ? "shape" : "overall";
}

/**
 * The bins next to `bin` (itself included): one level or less apart on every channel, so a photo taken in
 * warmer or dimmer light still meets the products whose main colour is its own.
 */
export function nearbyBins(bin: number): number[] {
  const r = Math.floor(bin / 16);
  const g = Math.floor(bin / 4) % levels;
  const b = bin % levels;
  const near = (c: number) => [c - 1, c, c + 1].filter((n) => n >= 0 && n < levels);
  return near(r).flatMap((nr) => near(g).flatMap((ng) => near(b).map((nb) => (nr * levels + ng) * levels + nb)));
}
