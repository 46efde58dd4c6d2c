import { html } from "htm/preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { Picture } from "../../worker/views/media.ts";

const render = (image: { key: string; width: number; height: number }) =>
  renderToString(html`<${Picture} image=${image} sizes="100vw" />`);
const widthsIn = (markup: string, format: string) =>
  [...markup.matchAll(new RegExp(`\\.${format} (\\d+)w`, "g"))].map((match) => Number(match[1]));

describe("Picture", () => {
  it("offers every listed width below the picture's own and one at or above it, never more", () => {
    const markup = render({ key: "products/odd-1.abcdef012345.png", width: 500, height: 500 });
    expect(widthsIn(markup, "avif")).toEqual([160, 320, 480, 640]);
    expect(widthsIn(markup, "webp")).toEqual([160, 320, 480, 640]);
    expect(markup).toContain('<img src="/media/products/odd-1.abcdef012345.png" alt width="500" height="500" decoding="async"/>');
  });

  it("offers a picture at a listed width up to that width, and a tiny one at the smallest", () => {
    expect(widthsIn(render({ key: "products/a-1.abcdef012345.png", width: 480, height: 480 }), "webp")).toEqual([160, 320, 480]);
    expect(widthsIn(render({ key: "products/b-1.abcdef012345.png", width: 96, height: 96 }), "webp")).toEqual([160]);
  });

  it("leaves vector pictures as a plain <img>", () => {
    expect(render({ key: "avatars/x.svg", width: 256, height: 256 })).toBe('<img src="/media/avatars/x.svg" alt width="256" height="256" decoding="async"/>');
  });
});
