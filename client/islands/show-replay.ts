import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";

export type ShowReplayProps = {
  /** Show clock (ms) of the last moment in the timeline. */
  duration: number;
  labels: { play: string; pause: string; position: string };
};

const clock = (ms: number) => `${String(Math.floor(ms / 60_000)).padStart(2, "0")}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;

/**
 * Plays an ended show's timeline: the server lists every moment (readable without JavaScript); this
 * island shows only the moments up to the playing position, and marks the products pinned at that
 * moment in the product list, so a shopper relives the show and buys what was shown.
 */
export function ShowReplay(props: ShowReplayProps) {
  const [position, setPosition] = useState(props.duration);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      setPosition((old) => {
        const next = Math.min(props.duration, old + (now - last));
        if (next >= props.duration) setPlaying(false);
        return next;
      });
      last = now;
    }, 250);
    return () => clearInterval(timer);
  }, [playing]);

  useEffect(() => {
    let pins: string[] = [];
    for (const entry of Array.from(document.querySelectorAll<HTMLElement>(".replay__entry"))) {
      const shown = Number(entry.dataset.at) <= position;
      entry.hidden = !shown;
      if (shown && entry.dataset.pins !== undefined) pins = entry.dataset.pins.split(" ").filter(Boolean);
    }
    for (const product of Array.from(document.querySelectorAll<HTMLElement>(".show-product"))) {
      product.classList.toggle("show-product--pinned", pins.includes(product.dataset.product ?? ""));
    }
  }, [position]);

  const toggle = () => {
    if (!playing && position >= props.duration) setPosition(0);
    setPlaying(!playing);
  };

  return html`<div class="replay__controls">
    <button type="button" onClick=${toggle}>${playing ? props.labels.pause : props.labels.play}</button>
    <label class="visually-hidden" for="replay-position">${props.labels.position}</label>
    <input
      id="replay-position"
      type="range"
      min="0"
      max=${props.duration}
      step="1000"
      value=${position}
      onInput=${(event: Event) => setPosition(Number((event.target as HTMLInputElement).value))}
    />
    <output for="replay-position">${clock(position)} / ${clock(props.duration)}</output>
  </div>`;
}
