/**
 * Deterministic product artwork: a simple studio-style picture of an object (mug, bottle, bag…) drawn
 * with signed distance functions and encoded as a real PNG. Runs anywhere WebCrypto-era web APIs exist
 * (Node 22 and workerd), so the seed works from the command line and inside Worker tests alike.
 */
import { crc32 } from "../../worker/lib/crc32.ts";

export type ShapeKind = "mug" | "bottle" | "bowl" | "square" | "circle" | "lamp" | "bag" | "shirt" | "capsule" | "ring";

export type Artwork = {
  width: number;
  height: number;
  shape: ShapeKind;
  /** Hue of the object. */
  hue: number;
  /** Hue of the backdrop. */
  backgroundHue: number;
  /** 0, 1, 2…: a different framing of the same object. */
  variant: number;
};

type Vec = [number, number];

const length = (x: number, y: number) => Math.sqrt(x * x + y * y);
const circle = (p: Vec, cx: number, cy: number, r: number) => length(p[0] - cx, p[1] - cy) - r;
function box(p: Vec, cx: number, cy: number, hw: number, hh: number, radius = 0): number {
  const qx = Math.abs(p[0] - cx) - hw + radius;
  const qy = Math.abs(p[1] - cy) - hh + radius;
  return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
const ring = (p: Vec, cx: number, cy: number, r: number, thickness: number) =>
  Math.abs(circle(p, cx, cy, r)) - thickness;
function segment(p: Vec, ax: number, ay: number, bx: number, by: number, r: number): number {
  const pax = p[0] - ax;
  const pay = p[1] - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.min(1, Math.max(0, (pax * bax + pay * bay) / (bax * bax + bay * bay)));
  return length(pax - bax * h, pay - bay * h) - r;
}
const union = (a: number, b: number, c = Infinity) => Math.min(a, b, c);
const subtract = (a: number, b: number) => Math.max(a, -b);

/** Signed distance to the object in a unit square centred on 0 (y grows downwards). */
const shapes: Record<ShapeKind, (p: Vec) => number> = {
  mug: (p) => union(box(p, -0.08, 0.05, 0.32, 0.38, 0.06), ring(p, 0.3, 0.02, 0.16, 0.05)),
  bottle: (p) =>
    union(box(p, 0, 0.14, 0.26, 0.38, 0.1), box(p, 0, -0.3, 0.1, 0.14, 0.03), box(p, 0, -0.47, 0.13, 0.05, 0.02)),
  bowl: (p) => union(subtract(circle(p, 0, -0.05, 0.48), p[1] + 0.05), box(p, 0, 0.46, 0.16, 0.04, 0.02)),
  square: (p) => box(p, 0, 0, 0.4, 0.4, 0.06),
  circle: (p) => subtract(circle(p, 0, 0, 0.42), ring(p, 0, 0, 0.28, 0.014)),
  lamp: (p) =>
    union(
      box(p, 0, -0.25, 0.3 - (p[1] + 0.45) * 0.25, 0.2, 0.03),
      box(p, 0, 0.15, 0.035, 0.25, 0.01),
      box(p, 0, 0.43, 0.22, 0.05, 0.03),
    ),
  bag: (p) => union(box(p, 0, 0.12, 0.4, 0.34, 0.06), subtract(ring(p, 0, -0.22, 0.2, 0.04), p[1] + 0.22)),
  shirt: (p) =>
    union(
      box(p, 0, 0.1, 0.28, 0.4, 0.04),
      segment(p, -0.2, -0.25, -0.48, 0.05, 0.1),
      segment(p, 0.2, -0.25, 0.48, 0.05, 0.1),
    ),
  capsule: (p) => segment(p, -0.32, 0.2, 0.32, -0.2, 0.16),
  ring: (p) => union(subtract(ring(p, 0, 0.05, 0.36, 0.06), p[1] - 0.1), box(p, -0.36, 0.18, 0.1, 0.16, 0.06), box(p, 0.36, 0.18, 0.1, 0.16, 0.06)),
};

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

const smoothstep = (edge0: number, edge1: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** One object placed in a scene: centre (x, y) in scene units (height spans -1…1), and a size factor. */
export type SceneObject = { shape: ShapeKind; hue: number; x: number; y: number; scale: number };

/** A studio scene: a backdrop and a few objects standing on it. */
export type Scene = { width: number; height: number; backgroundHue: number; objects: SceneObject[]; dim?: boolean };

const framings = [
  { scale: 0.9, dx: 0, dy: 0 },
  { scale: 0.65, dx: 0.08, dy: 0.04 },
  { scale: 1.12, dx: -0.06, dy: -0.02 },
];

/** The scene of a product picture: the object alone, framed differently per variant. */
export function productScene(art: Artwork): Scene {
  const frame = framings[art.variant % framings.length]!;
  return {
    width: art.width,
    height: art.height,
    backgroundHue: art.backgroundHue,
    objects: [{ shape: art.shape, hue: art.hue, x: frame.dx, y: frame.dy, scale: frame.scale }],
    dim: art.variant === 2,
  };
}

/** Renders a scene to raw RGB bytes, row by row. */
export function renderPixels(scene: Scene): Uint8Array {
  const { width, height, objects } = scene;
  const pixels = new Uint8Array(width * height * 3);
  const pixel = 2 / height;
  const backTop = hslToRgb(scene.backgroundHue, 0.35, scene.dim ? 0.86 : 0.94);
  const backBottom = hslToRgb(scene.backgroundHue, 0.3, scene.dim ? 0.76 : 0.86);
  const sdfs = objects.map((object) => shapes[object.shape]);
  const colours = objects.map((object) => object.hue);
  const p: Vec = [0, 0];
  for (let y = 0; y < height; y++) {
    const v = (y / height) * 2 - 1;
    const t = y / height;
    for (let x = 0; x < width; x++) {
      const u = (x / width) * 2 * (width / height) - width / height;
      let r = backTop[0] + (backBottom[0] - backTop[0]) * t;
      let g = backTop[1] + (backBottom[1] - backTop[1]) * t;
      let b = backTop[2] + (backBottom[2] - backTop[2]) * t;
      let nearest = Infinity;
      let nearestIndex = -1;
      let lx = 0;
      let ly = 0;
      let shadow = 0;
      for (let i = 0; i < objects.length; i++) {
        const object = objects[i]!;
        p[0] = (u - object.x) / object.scale;
        p[1] = (v - object.y) / object.scale;
        const d = sdfs[i]!(p) * object.scale;
        // Soft floor shadow under each object.
        shadow += Math.exp(-(((u - object.x) / object.scale) ** 2 * 4 + ((v - object.y - 0.44 * object.scale) / object.scale * 9) ** 2)) * 0.22;
        if (d < nearest) {
          nearest = d;
          nearestIndex = i;
          lx = p[0];
          ly = p[1];
        }
      }
      const darken = 1 - Math.min(0.35, shadow);
      r *= darken;
      g *= darken;
      b *= darken;
      const coverage = 1 - smoothstep(-pixel, pixel, nearest);
      if (coverage > 0 && nearestIndex >= 0) {
        // Light from the top left: lighter towards it, a rim of shade near the edge.
        const light = 0.5 + 0.18 * (-(lx + ly) / 1.4) + 0.08 * smoothstep(-0.08, 0, nearest);
        const [or, og, ob] = hslToRgb(colours[nearestIndex]!, 0.55, Math.min(0.82, Math.max(0.22, light)));
        r += (or - r) * coverage;
        g += (og - g) * coverage;
        b += (ob - b) * coverage;
      }
      const i = (y * width + x) * 3;
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Encodes 8-bit RGB pixels as a PNG file (each row filtered with "Up" for better compression). */
export async function encodePng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array> {
  const stride = width * 3;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    filtered[row] = y === 0 ? 0 : 2;
    for (let x = 0; x < stride; x++) {
      const here = rgb[y * stride + x]!;
      filtered[row + 1 + x] = y === 0 ? here : (here - rgb[(y - 1) * stride + x]!) & 0xff;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, adaptive filtering, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", await deflate(filtered)),
    chunk("IEND", new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

export async function renderScene(scene: Scene): Promise<Uint8Array> {
  return encodePng(scene.width, scene.height, renderPixels(scene));
}
