/**
 * Renders the demo show's looping video (db/seed/media/demo-loop.webm) and its manifest
 * (db/seed/media/demo-loop.ts: the content-addressed R2 key the seed stores it under and the page plays).
 * There is no ffmpeg here: headless chromium draws the stage on a canvas (scripts/demo-video/) and encodes
 * it with WebCodecs into WebM. Both files are committed, so seeding never needs a browser.
 *   node scripts/build-demo-video.ts                 render and write the video and its manifest
 *   node scripts/build-demo-video.ts --still 0.25 --out f.png   one frame (at a quarter of the loop) as a PNG
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { chromiumPath, ensureChromium } from "./ensure-chromium.ts";
import type { LoopOptions } from "./demo-video/encode-page.ts";

const root = path.resolve(import.meta.dirname, "..");
const videoFile = "db/seed/media/demo-loop.webm";
const manifestFile = "db/seed/media/demo-loop.ts";
/** The stage box is 16:9; 960×540 is sharp at the page's widest stage and stays well under 1 MB. */
const loop: LoopOptions = { width: 960, height: 540, fps: 24, seconds: 8, bitrate: 650_000, keyframeSeconds: 2 };
const maxBytes = 1_000_000;

const { values } = parseArgs({ options: { still: { type: "string" }, out: { type: "string", default: "demo-still.png" } } });

ensureChromium();
const bundle = await esbuild.build({
  entryPoints: [path.join(root, "scripts/demo-video/encode-page.ts")],
  bundle: true,
  format: "iife",
  target: "es2022",
  write: false,
  logLevel: "warning",
});
const pageScript = bundle.outputFiles[0]!.text;

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--disable-gpu"] });
try {
  const page = await browser.newPage();
  // WebCodecs needs a secure context: localhost is one, and the route answers it without a server.
  await page.route("http://localhost/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>demo loop</title>" }));
  await page.goto("http://localhost/render");
  await page.addScriptTag({ content: pageScript });

  if (values.still !== undefined) {
    const base64 = await page.evaluate(
      ([w, h, p]) => (globalThis as unknown as { renderStill: (w: number, h: number, p: number) => Promise<string> }).renderStill(w, h, p),
      [loop.width, loop.height, Number(values.still)] as const,
    );
    await writeFile(values.out, Buffer.from(base64, "base64"));
    console.log(`saved ${values.out}`);
  } else {
    const started = performance.now();
    const { base64, frames } = await page.evaluate(
      (options) => (globalThis as unknown as { renderDemoLoop: (o: LoopOptions) => Promise<{ base64: string; frames: number }> }).renderDemoLoop(options),
      loop,
    );
    const bytes = Buffer.from(base64, "base64");
    if (bytes.length > maxBytes) throw new Error(`the loop is ${bytes.length} bytes, over the ${maxBytes} budget: lower the bitrate`);
    const hash = createHash("sha256").update(bytes).digest("hex");
    await writeFile(path.join(root, videoFile), bytes);
    await writeFile(
      path.join(root, manifestFile),
      `/**
 * The demo show's looping video (${videoFile}), written by scripts/build-demo-video.ts: do not edit.
 * The key is derived from the file's bytes, so a new rendering gets a new (cache-busting) URL and the seed
 * can skip a video already stored without reading R2's copy.
 */
export const demoLoop = {
  key: "live/demo-loop.${hash.slice(0, 12)}.webm",
  sha256: "${hash}",
  bytes: ${bytes.length},
  contentType: "video/webm",
  width: ${loop.width},
  height: ${loop.height},
  durationMs: ${loop.seconds * 1000},
} as const;
`,
    );
    console.log(`${videoFile}: ${frames} frames, ${(bytes.length / 1024).toFixed(0)} KiB, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await browser.close();
}
