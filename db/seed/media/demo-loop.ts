/**
 * The demo show's looping video (db/seed/media/demo-loop.webm), written by scripts/build-demo-video.ts: do not edit.
 * The key is derived from the file's bytes, so a new rendering gets a new (cache-busting) URL and the seed
 * can skip a video already stored without reading R2's copy.
 */
export const demoLoop = {
  key: "live/demo-loop.b36a9968ec97.webm",
  sha256: "b36a9968ec9706aae6081e7ce6b450933e65c185b2bf3e0745ac0693c04496d2",
  bytes: 685507,
  contentType: "video/webm",
  width: 960,
  height: 540,
  durationMs: 8000,
} as const;
