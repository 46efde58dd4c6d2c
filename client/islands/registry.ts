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
} satisfies Record<string, () => Promise<ComponentType<never>>>;

export type IslandName = keyof typeof islands;
