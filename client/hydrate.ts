/**
 * Hydrates the islands the server marked with <shop-island data-island="name" data-props="{json}">,
 * and nothing else. Everything outside islands stays plain server HTML.
 */
import { h, hydrate } from "preact";
import { islands, type IslandName } from "./islands/registry.ts";

function isIslandName(name: string | undefined): name is IslandName {
  return name !== undefined && Object.hasOwn(islands, name);
}

async function hydrateIsland(element: HTMLElement) {
  const name = element.dataset.island;
  if (!isIslandName(name)) return;
  const props: unknown = JSON.parse(element.dataset.props ?? "{}");
  const Component = await islands[name]();
  // Props were serialised by the server for this very component.
  hydrate(h(Component, props as never), element);
}

for (const element of document.querySelectorAll<HTMLElement>("shop-island[data-island]")) {
  hydrateIsland(element).catch((error: unknown) => console.error("island failed to start", error));
}
