/**
 * The show's stage: its video, or its cover. Everything stays inside the stage's 16:9 box (the cover,
 * the video, the "waiting for the host" notice are stacked in it), so nothing on the page moves when
 * video starts or stops.
 */
import { html } from "htm/preact";
import { CameraViewer, type CameraViewerProps } from "../../../client/islands/camera-viewer.ts";
import { HostCamera, type HostCameraLabels, type HostCameraProps } from "../../../client/islands/host-camera.ts";
import { StreamPlayer, type StreamPlayerProps } from "../../../client/islands/stream-player.ts";
import type { RoomAddress } from "../../../client/live/room-connection.ts";
import { StageWaiting, type StageLabels } from "../../../client/live/stage-screen.ts";
import type { ShowStatus, StreamKind } from "../../../db/schema/index.ts";
import type { Translate } from "../../i18n/index.ts";
import { Island } from "../../views/island.ts";
import { imageSizes, mediaUrl, Picture, type StoredImage } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { coverSize } from "./host-queries.ts";
import { stageSource, type VideoSettings } from "./stream-source.ts";

/**
 * A show's cover as a picture. Uploaded covers are stored at `coverSize`, seeded ones are drawn at it; a
 * new show borrows its first product's (smaller) picture, which the variants route never enlarges.
 */
export const coverImage = (coverKey: string): StoredImage => ({ key: coverKey, ...coverSize });

/** What the stage needs of a show. */
export type StageShow = { status: ShowStatus; streamKind: StreamKind; streamInput: string | null; coverKey: string; title: string; hostName: string };

export const stageLabels = (t: Translate, hostName: string): StageLabels => ({
  waiting: t("live.video.waiting"),
  waitingText: t("live.video.waitingText", { host: hostName }),
  soundOn: t("live.video.soundOn"),
  soundOff: t("live.video.soundOff"),
});

export const hostCameraLabels = (t: Translate): HostCameraLabels => ({
  start: t("live.camera.start"),
  goLive: t("live.camera.goLive"),
  stop: t("live.camera.stop"),
  preview: t("live.camera.preview"),
  off: t("live.camera.off"),
  starting: t("live.camera.starting"),
  onAir: t("live.camera.onAir"),
  full: t("live.camera.full"),
  live: t("live.camera.live"),
  denied: t("live.camera.denied"),
  failed: t("live.camera.failed"),
  noInput: t("live.camera.noInput"),
  noscript: t("live.camera.noscript"),
});

/**
 * The host camera island's props for a show whose video is the host's camera (`webrtc`) or a Stream
 * live input (`stream`, broadcast over WHIP to `whipUrl`, the live input's WebRTC URL — a secret, for
 * the host's own pages only). Null when the show's video is neither.
 */
export function hostCameraProps(t: Translate, room: RoomAddress, show: Pick<StageShow, "streamKind">, settings: VideoSettings, whipUrl: string | null = null): HostCameraProps | null {
  if (show.streamKind !== "webrtc" && show.streamKind !== "stream") return null;
  return { ...room, kind: show.streamKind, whipUrl: show.streamKind === "stream" ? whipUrl : null, peer: settings.peer, labels: hostCameraLabels(t) };
}

/** The host's camera, mounted as an island (the host console and, for the host, the show page). */
export function HostCameraIsland({ props }: { props: HostCameraProps }) {
  return html`<${Island} name="host-camera" component=${HostCamera} props=${props} />
    <noscript><p class="noscript-note stage__noscript">${props.labels.noscript}</p></noscript>`;
}

/**
 * The stage's picture. Before and after the show: the cover. Live: the demo loop (plain server HTML,
 * plays without JavaScript), Stream's HLS (an island that loads hls.js only where the browser cannot
 * play HLS itself), or the host's camera over WebRTC (an island; the host gets their camera's controls
 * instead). A live show without video shows its cover and that it is waiting for the host.
 */
export function StageScreen({ show, room, settings, asHost }: { show: StageShow; room: RoomAddress | null; settings: VideoSettings; asHost: boolean }) {
  const { t } = usePage();
  const source = stageSource(show, settings);
  const poster = mediaUrl(show.coverKey);
  const alt = t("live.stage", { title: show.title });
  const labels = stageLabels(t, show.hostName);
  const cover = html`<${Picture} class="stage__media" image=${coverImage(show.coverKey)} sizes=${imageSizes.stage} alt=${alt} fetchpriority="high" />`;
  const noscript = html`<noscript><p class="noscript-note stage__noscript">${t("live.video.noscript")}</p></noscript>`;
  switch (source.kind) {
    case "cover":
      return html`<div class="stage__screen" data-phase=${source.state}>
        ${cover} ${source.state === "waiting" && html`<${StageWaiting} title=${labels.waiting} text=${labels.waitingText} />`}
      </div>`;
    case "demo":
      return html`<div class="stage__screen" data-phase="playing">
        <video class="stage__media" src=${source.src} poster=${poster} width="960" height="540" autoplay muted loop playsinline preload="auto" aria-label=${alt}></video>
      </div>`;
    case "hls":
      return html`<${Island} name="stream-player" component=${StreamPlayer} props=${{ src: source.src, poster, alt, labels } satisfies StreamPlayerProps} />
        ${noscript}`;
    case "webrtc": {
      if (!room) return html`<div class="stage__screen">${cover}</div>`;
      const host = asHost ? hostCameraProps(t, room, show, settings) : null;
      if (host) return html`<div class="stage__screen stage__screen--host">${cover}<${HostCameraIsland} props=${host} /></div>`;
      const props: CameraViewerProps = {
        ...room,
        poster,
        alt,
        peer: settings.peer,
        labels: { ...labels, connecting: t("live.video.connecting"), full: t("live.video.full") },
      };
      return html`<${Island} name="camera-viewer" component=${CameraViewer} props=${props} />
        ${noscript}`;
    }
  }
}
