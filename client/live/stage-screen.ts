/**
 * Pieces of the show's stage shared by the server (a show without video) and the video islands: the
 * "waiting for the host" notice over the cover, and the sound button (video starts muted, as browsers
 * only autoplay muted video).
 */
import { html } from "htm/preact";
import type { RefObject } from "preact";

export type StageLabels = {
  /** "Waiting for the host" */
  waiting: string;
  /** What happens next, e.g. "The video starts when Master Lin turns the camera on…" */
  waitingText: string;
  soundOn: string;
  soundOff: string;
};

/**
 * A status over the cover: announced politely when it changes, never moving anything around. The
 * lines are new elements for each `state` (keyed): centred text edited in place would move its first
 * letter, which browsers count as a layout shift.
 */
export function StageWaiting({ title, text, state = "waiting" }: { title: string; text: string | null; state?: string }) {
  return html`<div class="stage__waiting" role="status">
    <span class="stage__waiting-dot" aria-hidden="true"></span>
    <p class="stage__waiting-title" key=${`title-${state}`}>${title}</p>
    ${text && html`<p class="stage__waiting-text" key=${`text-${state}`}>${text}</p>`}
  </div>`;
}

export function SoundButton({
  video,
  muted,
  setMuted,
  labels,
}: {
  video: RefObject<HTMLVideoElement>;
  muted: boolean;
  setMuted: (muted: boolean) => void;
  labels: Pick<StageLabels, "soundOn" | "soundOff">;
}) {
  const toggle = () => {
    if (!video.current) return;
    video.current.muted = !muted;
    setMuted(!muted);
  };
  return html`<button type="button" class="stage__sound" data-muted=${muted} onClick=${toggle}>${muted ? labels.soundOn : labels.soundOff}</button>`;
}
