import { html } from "htm/preact";
import type { ProductSummary } from "../features/catalog/queries.ts";
import { imageSizes, Picture } from "./media.ts";
import { Price, StockState } from "./price.ts";

/** Card titles are one level below the heading above the list: h3 under a section's h2, h2 right under a page's h1. */
export type CardHeadingLevel = 2 | 3;

/** `why` is a recommendation's reason, shown as a line of its own (other tiles have none). */
export function ProductCard({ product, eager = false, why, level = 3 }: { product: ProductSummary; eager?: boolean; why?: string; level?: CardHeadingLevel }) {
  const Heading = `h${level}`;
  return html`<article class="product-card">
    ${product.image &&
    html`<${Picture}
      class="product-card__image"
      image=${product.image}
      sizes=${imageSizes.productCard}
      loading=${eager ? "eager" : "lazy"}
    />`}
    <div class="product-card__body">
      <${Heading} class="product-card__title"><a href=${`/p/${product.slug}`}>${product.title}</a><//>
      <${Price} ...${product} />
      <${StockState} stock=${product.stock} />
      ${why && html`<p class="product-card__why">${why}</p>`}
    </div>
  </article>`;
}

export function ProductGrid({ products, eagerCount = 0, level }: { products: ProductSummary[]; eagerCount?: number; level?: CardHeadingLevel }) {
  return html`<ul class="product-grid">
    ${products.map((product, index) => html`<li key=${product.id}><${ProductCard} product=${product} eager=${index < eagerCount} level=${level} /></li>`)}
  </ul>`;
}
