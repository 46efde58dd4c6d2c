/**
 * The demo show's stage, drawn with the 2D canvas: a tea table in front of a moon window, cups of amber
 * tea with steam rising from them and the light breathing gently. Runs in the browser
 * (scripts/build-demo-video.ts renders it frame by frame).
 *
 * Every moving thing is a function of the loop's phase (0…1) through whole numbers of turns, so the
 * last frame leads into the first without a seam and the video can simply loop.
 */

export type StageSize = { width: number; height: number };

const turn = Math.PI * 2;
/** A value between 0 and 1 that repeats `times` times per loop, shifted by `offset` (in loops). */
const cycle = (phase: number, times: number, offset = 0) => (((phase * times + offset) % 1) + 1) % 1;
const wave = (phase: number, times: number, offset = 0) => Math.sin(turn * (phase * times + offset));

/** A small deterministic pseudo-random sequence, so every build draws the same picture. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Ctx = CanvasRenderingContext2D;

const layers = new Map<string, OffscreenCanvas>();

/**
 * Draws `paint` at 1/`factor` of the size and scales it back up: the cheap way to a soft, blurred
 * layer (a canvas blur filter per shape costs seconds per frame without a GPU).
 */
function soft(ctx: Ctx, { width, height }: StageSize, factor: number, paint: (layer: Ctx) => void) {
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const id = `${w}x${h}`;
  const canvas = layers.get(id) ?? new OffscreenCanvas(w, h);
  layers.set(id, canvas);
  const layer = canvas.getContext("2d") as unknown as Ctx;
  layer.setTransform(1, 0, 0, 1, 0, 0);
  layer.clearRect(0, 0, w, h);
  layer.scale(1 / factor, 1 / factor);
  paint(layer);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(canvas, 0, 0, width, height);
  ctx.restore();
}

function backdrop(ctx: Ctx, { width, height }: StageSize, phase: number) {
  const wall = ctx.createLinearGradient(0, 0, 0, height * 0.66);
  wall.addColorStop(0, "#2a2119");
  wall.addColorStop(1, "#4b3827");
  ctx.fillStyle = wall;
  ctx.fillRect(0, 0, width, height);

  // The moon window: a pale spring-green disc of daylight behind the table.
  const cx = width * 0.5;
  const cy = height * 0.37;
  const r = height * 0.31;
  const breathe = 0.93 + 0.07 * wave(phase, 1);
  const glow = ctx.createRadialGradient(cx, cy, r * 0.2, cx, cy, r * 1.9);
  glow.addColorStop(0, `rgba(255, 236, 196, ${0.34 * breathe})`);
  glow.addColorStop(1, "rgba(255, 236, 196, 0)");
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, width, height);

  const sky = ctx.createRadialGradient(cx - r * 0.3, cy - r * 0.4, r * 0.1, cx, cy, r);
  sky.addColorStop(0, `rgba(246, 248, 226, ${breathe})`);
  sky.addColorStop(1, `rgba(196, 214, 164, ${breathe})`);
  ctx.fillStyle = sky;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, turn);
  ctx.fill();

  // Bamboo outside the window, swaying a little (soft: it is out of focus).
  soft(ctx, { width, height }, 4, (layer) => {
    layer.beginPath();
    layer.arc(cx, cy, r, 0, turn);
    layer.clip();
    const rand = random(7);
    for (let stem = 0; stem < 5; stem++) {
      const x = cx - r * 0.9 + stem * r * 0.45 + rand() * r * 0.1;
      const lean = wave(phase, 1, stem * 0.17) * 4;
      layer.strokeStyle = "rgba(92, 122, 74, 0.55)";
      layer.lineWidth = 7 + rand() * 4;
      layer.beginPath();
      layer.moveTo(x, cy + r);
      layer.quadraticCurveTo(x + lean * 0.5, cy, x + lean, cy - r);
      layer.stroke();
      for (let leaf = 0; leaf < 6; leaf++) {
        const ly = cy - r * 0.8 + leaf * r * 0.3 + rand() * 14;
        const side = leaf % 2 === 0 ? 1 : -1;
        const sway = wave(phase, 2, stem * 0.13 + leaf * 0.07) * 0.08;
        layer.save();
        layer.translate(x + lean * (1 - (ly - cy + r) / (2 * r)), ly);
        layer.rotate(side * (0.5 + rand() * 0.3) + sway);
        layer.fillStyle = "rgba(86, 120, 70, 0.5)";
        layer.beginPath();
        layer.ellipse(side * 30, 0, 34, 7, 0, 0, turn);
        layer.fill();
        layer.restore();
      }
    }
  });

  // The window's wooden frame.
  ctx.strokeStyle = "#3a2a1d";
  ctx.lineWidth = 14;
  ctx.beginPath();
  ctx.arc(cx, cy, r + 6, 0, turn);
  ctx.stroke();
  ctx.strokeStyle = "rgba(255, 220, 170, 0.12)";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(cx, cy, r - 1, Math.PI * 1.05, Math.PI * 1.6);
  ctx.stroke();
}

/** Warm out-of-focus lights drifting in slow loops. */
function bokeh(ctx: Ctx, { width, height }: StageSize, phase: number) {
  const rand = random(21);
  for (let i = 0; i < 14; i++) {
    const x = rand() * width + wave(phase, 1, rand()) * 18;
    const y = rand() * height * 0.55 + wave(phase, 1, rand() + 0.25) * 10;
    const radius = 10 + rand() * 26;
    const alpha = 0.05 + 0.05 * (0.5 + 0.5 * wave(phase, 1 + (i % 2), rand()));
    const light = ctx.createRadialGradient(x, y, 0, x, y, radius);
    light.addColorStop(0, `rgba(255, 214, 150, ${alpha * 1.6})`);
    light.addColorStop(0.7, `rgba(255, 200, 130, ${alpha})`);
    light.addColorStop(1, "rgba(255, 200, 130, 0)");
    ctx.fillStyle = light;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, turn);
    ctx.fill();
  }
}

function table(ctx: Ctx, { width, height }: StageSize) {
  const top = height * 0.64;
  const wood = ctx.createLinearGradient(0, top, 0, height);
  wood.addColorStop(0, "#7a5334");
  wood.addColorStop(0.08, "#6b4529");
  wood.addColorStop(1, "#3d2616");
  ctx.fillStyle = wood;
  ctx.fillRect(0, top, width, height - top);
  // Grain.
  const rand = random(3);
  ctx.lineWidth = 1.2;
  for (let i = 0; i < 22; i++) {
    const y = top + 6 + rand() * (height - top);
    ctx.strokeStyle = `rgba(40, 22, 10, ${0.12 + rand() * 0.12})`;
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.bezierCurveTo(width * 0.3, y + (rand() - 0.5) * 10, width * 0.7, y + (rand() - 0.5) * 10, width, y + (rand() - 0.5) * 6);
    ctx.stroke();
  }
  // The table's lit back edge.
  ctx.fillStyle = "rgba(255, 214, 160, 0.25)";
  ctx.fillRect(0, top, width, 2);

  // The tea tray: a dark slatted board.
  const tx = width * 0.2;
  const tw = width * 0.6;
  const ty = top + height * 0.07;
  const th = height * 0.17;
  ctx.fillStyle = "rgba(0, 0, 0, 0.28)";
  roundRect(ctx, tx + 6, ty + 10, tw, th, 12);
  ctx.fill();
  const tray = ctx.createLinearGradient(0, ty, 0, ty + th);
  tray.addColorStop(0, "#3a2518");
  tray.addColorStop(1, "#24160d");
  ctx.fillStyle = tray;
  roundRect(ctx, tx, ty, tw, th, 12);
  ctx.fill();
  ctx.strokeStyle = "rgba(0, 0, 0, 0.35)";
  ctx.lineWidth = 2;
  for (let x = tx + 22; x < tx + tw - 10; x += 18) {
    ctx.beginPath();
    ctx.moveTo(x, ty + 8);
    ctx.lineTo(x, ty + th - 8);
    ctx.stroke();
  }
  ctx.fillStyle = "rgba(255, 220, 170, 0.18)";
  ctx.fillRect(tx + 10, ty + 1, tw - 20, 2);
}

function roundRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** A clay teapot (Yixing style) seen from the front. */
function teapot(ctx: Ctx, x: number, y: number, s: number) {
  ctx.fillStyle = "rgba(0, 0, 0, 0.3)";
  ctx.beginPath();
  ctx.ellipse(x, y + 2, 62 * s, 10 * s, 0, 0, turn);
  ctx.fill();

  const clay = (x0: number, y0: number, r: number) => {
    const g = ctx.createRadialGradient(x0 - r * 0.4, y0 - r * 0.5, r * 0.1, x0, y0, r * 1.2);
    g.addColorStop(0, "#b0654a");
    g.addColorStop(0.5, "#84432e");
    g.addColorStop(1, "#4a2216");
    return g;
  };
  // Spout.
  ctx.fillStyle = "#7a3d29";
  ctx.beginPath();
  ctx.moveTo(x + 40 * s, y - 38 * s);
  ctx.quadraticCurveTo(x + 78 * s, y - 46 * s, x + 92 * s, y - 84 * s);
  ctx.lineTo(x + 102 * s, y - 82 * s);
  ctx.quadraticCurveTo(x + 92 * s, y - 30 * s, x + 44 * s, y - 16 * s);
  ctx.closePath();
  ctx.fill();
  // Handle.
  ctx.strokeStyle = "#6e3624";
  ctx.lineWidth = 11 * s;
  ctx.beginPath();
  ctx.ellipse(x - 62 * s, y - 44 * s, 22 * s, 26 * s, 0, Math.PI * 0.45, Math.PI * 1.55);
  ctx.stroke();
  // Body.
  ctx.fillStyle = clay(x, y - 42 * s, 64 * s);
  ctx.beginPath();
  ctx.ellipse(x, y - 40 * s, 64 * s, 44 * s, 0, 0, turn);
  ctx.fill();
  // Lid and knob.
  ctx.fillStyle = "#6b3322";
  ctx.beginPath();
  ctx.ellipse(x, y - 82 * s, 34 * s, 8 * s, 0, 0, turn);
  ctx.fill();
  ctx.fillStyle = clay(x, y - 92 * s, 12 * s);
  ctx.beginPath();
  ctx.ellipse(x, y - 92 * s, 10 * s, 9 * s, 0, 0, turn);
  ctx.fill();
  // A soft highlight from the window.
  ctx.fillStyle = "rgba(255, 230, 200, 0.16)";
  ctx.beginPath();
  ctx.ellipse(x - 22 * s, y - 62 * s, 20 * s, 9 * s, -0.4, 0, turn);
  ctx.fill();
}

/** A porcelain cup of amber tea, with a ripple that breathes. */
function cup(ctx: Ctx, x: number, y: number, s: number, phase: number, offset: number) {
  ctx.fillStyle = "rgba(0, 0, 0, 0.28)";
  ctx.beginPath();
  ctx.ellipse(x + 4 * s, y + 3 * s, 30 * s, 6 * s, 0, 0, turn);
  ctx.fill();
  const body = ctx.createLinearGradient(x - 28 * s, 0, x + 28 * s, 0);
  body.addColorStop(0, "#f6f1e6");
  body.addColorStop(0.6, "#ded6c6");
  body.addColorStop(1, "#b8ad99");
  ctx.fillStyle = body;
  ctx.beginPath();
  ctx.moveTo(x - 30 * s, y - 40 * s);
  ctx.quadraticCurveTo(x - 28 * s, y, x - 12 * s, y);
  ctx.lineTo(x + 12 * s, y);
  ctx.quadraticCurveTo(x + 28 * s, y, x + 30 * s, y - 40 * s);
  ctx.closePath();
  ctx.fill();
  // Rim and tea.
  ctx.fillStyle = "#f8f4ea";
  ctx.beginPath();
  ctx.ellipse(x, y - 40 * s, 30 * s, 7 * s, 0, 0, turn);
  ctx.fill();
  const tea = ctx.createRadialGradient(x - 6 * s, y - 41 * s, 1, x, y - 40 * s, 26 * s);
  tea.addColorStop(0, "#e9b35a");
  tea.addColorStop(1, "#a8641f");
  ctx.fillStyle = tea;
  ctx.beginPath();
  ctx.ellipse(x, y - 40 * s, 26 * s, 5.2 * s, 0, 0, turn);
  ctx.fill();
  const shimmer = 0.18 + 0.1 * wave(phase, 2, offset);
  ctx.fillStyle = `rgba(255, 240, 200, ${shimmer})`;
  ctx.beginPath();
  ctx.ellipse(x - 8 * s + 3 * wave(phase, 1, offset) * s, y - 41 * s, 9 * s, 1.6 * s, 0, 0, turn);
  ctx.fill();
}

/** A glass pitcher ("fair cup") holding the brewed tea. */
function pitcher(ctx: Ctx, x: number, y: number, s: number) {
  ctx.fillStyle = "rgba(0, 0, 0, 0.25)";
  ctx.beginPath();
  ctx.ellipse(x, y + 2, 34 * s, 6 * s, 0, 0, turn);
  ctx.fill();
  const tea = ctx.createLinearGradient(0, y - 50 * s, 0, y);
  tea.addColorStop(0, "rgba(226, 160, 70, 0.85)");
  tea.addColorStop(1, "rgba(150, 84, 26, 0.9)");
  ctx.fillStyle = tea;
  ctx.beginPath();
  ctx.moveTo(x - 30 * s, y - 50 * s);
  ctx.lineTo(x - 27 * s, y - 4 * s);
  ctx.quadraticCurveTo(x, y + 3 * s, x + 27 * s, y - 4 * s);
  ctx.lineTo(x + 30 * s, y - 50 * s);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = "rgba(255, 255, 255, 0.55)";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x - 32 * s, y - 86 * s);
  ctx.lineTo(x - 27 * s, y - 4 * s);
  ctx.quadraticCurveTo(x, y + 3 * s, x + 27 * s, y - 4 * s);
  ctx.lineTo(x + 32 * s, y - 86 * s);
  ctx.stroke();
  ctx.beginPath();
  ctx.ellipse(x, y - 86 * s, 32 * s, 6 * s, 0, 0, turn);
  ctx.stroke();
  ctx.fillStyle = "rgba(255, 255, 255, 0.22)";
  ctx.fillRect(x - 24 * s, y - 80 * s, 4 * s, 70 * s);
}

/** A small dish of rolled oolong leaves. */
function leaves(ctx: Ctx, x: number, y: number, s: number) {
  ctx.fillStyle = "rgba(0, 0, 0, 0.25)";
  ctx.beginPath();
  ctx.ellipse(x + 3, y + 3, 46 * s, 11 * s, 0, 0, turn);
  ctx.fill();
  ctx.fillStyle = "#e9e2d2";
  ctx.beginPath();
  ctx.ellipse(x, y, 46 * s, 11 * s, 0, 0, turn);
  ctx.fill();
  const rand = random(11);
  for (let i = 0; i < 34; i++) {
    const a = rand() * turn;
    const d = Math.sqrt(rand());
    const lx = x + Math.cos(a) * d * 34 * s;
    const ly = y - 3 * s + Math.sin(a) * d * 6 * s;
    ctx.fillStyle = `hsl(${90 + rand() * 30}, ${30 + rand() * 20}%, ${18 + rand() * 14}%)`;
    ctx.beginPath();
    ctx.ellipse(lx, ly, 4.5 * s, 3 * s, rand() * Math.PI, 0, turn);
    ctx.fill();
  }
}

/**
 * Steam from a cup or spout: soft puffs that rise, widen, drift and fade. Each puff climbs `times` times
 * per loop, and the puffs are spread evenly over the climb, so the column looks continuous.
 */
function steam(ctx: Ctx, x: number, y: number, s: number, phase: number, seed: number, height = 150) {
  const rand = random(seed);
  const puffs = 30;
  for (let i = 0; i < puffs; i++) {
    const jitter = rand();
    const life = cycle(phase, 2, i / puffs + jitter * 0.02);
    const rise = life * height * s;
    const drift = wave(life * 0.8 + jitter, 1) * 12 * s * life + wave(phase, 1, seed * 0.1) * 10 * s * life + life * life * 18 * s;
    const radius = (7 + life * 26) * s;
    const alpha = Math.sin(Math.PI * life) ** 1.4 * 0.2;
    const px = x + drift;
    const py = y - rise;
    const puff = ctx.createRadialGradient(px, py, 0, px, py, radius * 1.3);
    puff.addColorStop(0, `rgba(255, 250, 240, ${alpha})`);
    puff.addColorStop(0.5, `rgba(255, 250, 240, ${alpha * 0.6})`);
    puff.addColorStop(1, "rgba(255, 250, 240, 0)");
    ctx.fillStyle = puff;
    ctx.beginPath();
    ctx.arc(px, py, radius * 1.3, 0, turn);
    ctx.fill();
  }
}

/** A slow, breathing shaft of light from the window across the table. */
function lightShaft(ctx: Ctx, { width, height }: StageSize, phase: number) {
  const strength = 0.06 + 0.035 * (0.5 + 0.5 * wave(phase, 1, 0.2));
  ctx.save();
  ctx.globalCompositeOperation = "screen";
  soft(ctx, { width, height }, 24, (layer) => {
    const shaft = layer.createLinearGradient(width * 0.35, 0, width * 0.75, height);
    shaft.addColorStop(0, `rgba(255, 232, 190, 0)`);
    shaft.addColorStop(0.5, `rgba(255, 232, 190, ${strength})`);
    shaft.addColorStop(1, `rgba(255, 232, 190, 0)`);
    layer.fillStyle = shaft;
    layer.beginPath();
    layer.moveTo(width * 0.38, 0);
    layer.lineTo(width * 0.62, 0);
    layer.lineTo(width * 0.86, height);
    layer.lineTo(width * 0.46, height);
    layer.closePath();
    layer.fill();
  });
  ctx.restore();
}

function vignette(ctx: Ctx, { width, height }: StageSize) {
  const v = ctx.createRadialGradient(width / 2, height * 0.45, height * 0.35, width / 2, height * 0.5, width * 0.7);
  v.addColorStop(0, "rgba(0, 0, 0, 0)");
  v.addColorStop(1, "rgba(0, 0, 0, 0.45)");
  ctx.fillStyle = v;
  ctx.fillRect(0, 0, width, height);
}

/** Draws the stage at `phase` (0 ≤ phase < 1 of the loop). */
export function drawTeaStage(ctx: Ctx, size: StageSize, phase: number): void {
  const s = size.height / 540;
  backdrop(ctx, size, phase);
  bokeh(ctx, size, phase);
  table(ctx, size);
  const tableY = size.height * 0.64;
  const trayY = tableY + size.height * 0.07;
  leaves(ctx, size.width * 0.12, tableY + 62 * s, s);
  pitcher(ctx, size.width * 0.71, trayY + 52 * s, s);
  teapot(ctx, size.width * 0.36, trayY + 58 * s, s);
  const cups = [0.5, 0.57, 0.64].map((fx, i) => ({ x: size.width * fx - 6 * s, y: trayY + 96 * s + (i % 2) * 6 * s }));
  cups.forEach((c, i) => cup(ctx, c.x, c.y, s * 0.82, phase, i * 0.3));
  steam(ctx, size.width * 0.36 + 97 * s, trayY + 58 * s - 86 * s, s * 0.8, phase, 5, 120);
  cups.forEach((c, i) => steam(ctx, c.x, c.y - 36 * s, s * 0.9, phase, 40 + i, 170));
  lightShaft(ctx, size, phase);
  vignette(ctx, size);
}
