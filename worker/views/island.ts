import { html } from "htm/preact";
import type { ComponentType } from "preact";
import type { IslandName } from "../../client/islands/registry.ts";
import { usePage } from "./page-context.ts";

/**
 * Server-renders an island and marks it for client/hydrate.ts: `<shop-island data-island data-props>`.
 * Props must be plain JSON data; they travel in an attribute, so no inline script is needed (CSP).
 */
export function Island<P extends object>({ name, component, props }: { name: IslandName; component: ComponentType<P>; props: P }) {
  usePage().islands.add(name);
  return html`<shop-island data-island=${name} data-props=${JSON.stringify(props)}>
    <${component} ...${props} />
  </shop-island>`;
}
