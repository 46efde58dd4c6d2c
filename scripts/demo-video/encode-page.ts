/**
 * Runs in headless chromium (loaded by scripts/build-demo-video.ts): draws every frame of the tea
 * stage on a canvas, encodes them with WebCodecs (VP9) and muxes them into a WebM file, returned as
 * base64 so it can cross back to Node.
 */
import { ArrayBufferTarget, Muxer } from "webm-muxer";
import { drawTeaStage } from "./tea-stage.ts";

export type LoopOptions = { width: number; height: number; fps: number; seconds: number; bitrate: number; keyframeSeconds: number };

async function renderDemoLoop(options: LoopOptions): Promise<{ base64: string; frames: number }> {
  const { width, height, fps, seconds } = options;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d") as unknown as CanvasRenderingContext2D;
  const muxer = new Muxer({ target: new ArrayBufferTarget(), video: { codec: "V_VP9", width, height, frameRate: fps } });
  let failure: unknown = null;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => muxer.addVideoChunk(chunk, meta),
    error: (error) => (failure = error),
  });
  encoder.configure({ codec: "vp09.00.10.08", width, height, bitrate: options.bitrate, framerate: fps, bitrateMode: "variable", latencyMode: "quality" });
  const frames = Math.round(fps * seconds);
  const frameMicros = 1_000_000 / fps;
  for (let n = 0; n < frames; n++) {
    drawTeaStage(ctx, { width, height }, n / frames);
    const frame = new VideoFrame(canvas, { timestamp: Math.round(n * frameMicros), duration: Math.round(frameMicros) });
    encoder.encode(frame, { keyFrame: n % Math.round(fps * options.keyframeSeconds) === 0 });
    frame.close();
    // Keep the encoder's queue short, so memory stays flat.
    while (encoder.encodeQueueSize > 4) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await encoder.flush();
  if (failure) throw failure;
  muxer.finalize();
  const bytes = new Uint8Array(muxer.target.buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { base64: btoa(binary), frames };
}

/** One still of the stage as a PNG data URL, to look at while tuning the drawing. */
async function renderStill(width: number, height: number, phase: number): Promise<string> {
  const canvas = new OffscreenCanvas(width, height);
  drawTeaStage(canvas.getContext("2d") as unknown as CanvasRenderingContext2D, { width, height }, phase);
  const blob = await canvas.convertToBlob({ type: "image/png" });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

Object.assign(globalThis, { renderDemoLoop, renderStill });
