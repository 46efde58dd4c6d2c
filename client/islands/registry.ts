import type { ComponentType } from "preact";

/**
 * Every island the client can hydrate, loaded on demand: a page downloads only the islands it shows.
 * The server marks an island with the same name (worker/views/island.ts).
 */
export const islands = {
  "viewer-counter": () => import("./viewer-counter.ts").then((m) => m.ViewerCounter),
  "password-input": () => import("./password-input.ts").then((m) => m.PasswordInput),
  "live-chat": () => import("./live-chat.ts").then((m) => m.LiveChat),
  "show-products": () => import("./show-products.ts").then((m) => m.ShowProducts),
  "proof-check": () => import("./proof-check.ts").then((m) => m.ProofCheck),
  "show-replay": () => import("./show-replay.ts").then((m) => m.ShowReplay),
  "room-rules": () => import("./room-rules.ts").then((m) => m.RoomRules),
  "host-stats": () => import("./host-stats.ts").then((m) => m.HostStats),
  "room-activities": () => import("./room-activities.ts").then((m) => m.RoomActivities),
  "activity-controls": () => import("./activity-controls.ts").then((m) => m.ActivityControls),
  // The show's video: the host's camera, a viewer's WebRTC player, Stream's HLS player (hls.js on demand).
  "host-camera": () => import("./host-camera.ts").then((m) => m.HostCamera),
  "camera-viewer": () => import("./camera-viewer.ts").then((m) => m.CameraViewer),
  "stream-player": () => import("./stream-player.ts").then((m) => m.StreamPlayer),
  // The cart: add-to-cart and a line's quantity, sent without a reload (one small chunk for both).
  "cart-button": () => import("./cart-button.ts").then((m) => m.CartButton),
  "cart-quantity": () => import("./cart-button.ts").then((m) => m.CartQuantity),
  // A link to pass on (pay-for-me links): copies it to the clipboard.
  "copy-link": () => import("./copy-link.ts").then((m) => m.CopyLink),
  // Recent searches kept on this device only (search page).
  "search-history": () => import("./search-history.ts").then((m) => m.SearchHistory),
  // The search page's box: suggestions as one types, and voice search.
  "search-box": () => import("./search-box.ts").then((m) => m.SearchBox),
} satisfies Record<string, () => Promise<ComponentType<never>>>;

export type IslandName = keyof typeof islands;
