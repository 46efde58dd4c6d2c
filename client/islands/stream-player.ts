import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { SoundButton, StageWaiting, type StageLabels } from "../live/stage-screen.ts";

export type StreamPlayerProps = {
  /** The live input's HLS manifest on Cloudflare Stream. */
  src: string;
  poster: string;
  alt: string;
  labels: StageLabels;
};

type Phase = "server" | "waiting" | "playing";

const hlsType = "application/vnd.apple.mpegurl";
/** A live input that is not broadcasting answers with an error; try again this often. */
const retryMs = 5000;

/**
 * A Cloudflare Stream live input, played as HLS: natively where the browser can (Safari, which then
 * needs no JavaScript at all: the server's `<source>` plays), otherwise through hls.js, loaded by
 * dynamic import so that only this page downloads it. Until the broadcast plays, the stage shows the
 * cover and "waiting for the host", and the player keeps trying.
 */
export function StreamPlayer(props: StreamPlayerProps) {
  const [phase, setPhase] = useState<Phase>("server");
  const [muted, setMuted] = useState(true);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    setPhase(element.readyState >= 3 && !element.paused ? "playing" : "waiting");
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let destroy = () => {};

    if (element.canPlayType(hlsType)) {
      // Native HLS: the <source> is already loading; reload it while the host is not broadcasting.
      const reload = () => {
        setPhase("waiting");
        clearTimeout(retry);
        retry = setTimeout(() => element.load(), retryMs);
      };
      // A <source> that fails fires its own error (caught here on the way down), perhaps before this ran.
      element.addEventListener("error", reload, true);
      if (element.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) reload();
      destroy = () => element.removeEventListener("error", reload, true);
    } else {
      void import("hls.js").then(({ default: Hls }) => {
        if (stopped || !Hls.isSupported()) return;
        // No worker: the CSP allows no blob: scripts, and one stream does not need it.
        const hls = new Hls({ enableWorker: false, lowLatencyMode: true });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          setPhase("waiting");
          clearTimeout(retry);
          retry = setTimeout(() => hls.loadSource(props.src), retryMs);
        });
        hls.loadSource(props.src);
        hls.attachMedia(element);
        destroy = () => hls.destroy();
      });
    }
    return () => {
      stopped = true;
      clearTimeout(retry);
      destroy();
    };
  }, [props.src]);

  const { labels } = props;
  return html`<div class="stage__screen" data-phase=${phase}>
    <video
      class="stage__media"
      ref=${video}
      poster=${props.poster}
      autoplay
      muted
      playsinline
      aria-label=${props.alt}
      onPlaying=${() => setPhase("playing")}
    >
      <source src=${props.src} type=${hlsType} />
    </video>
    ${phase === "waiting" && html`<${StageWaiting} title=${labels.waiting} text=${labels.waitingText} />`}
    ${phase === "playing" && html`<${SoundButton} video=${video} muted=${muted} setMuted=${setMuted} labels=${labels} />`}
  </div>`;
}
