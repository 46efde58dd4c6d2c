import { html } from "htm/preact";
import type { ProductSummary } from "../features/catalog/queries.ts";
import { mediaUrl } from "./media.ts";
import { Price, StockState } from "./price.ts";

/** `why` is a recommendation's reason, shown as a line of its own (other tiles have none). */
export function ProductCard({ product, eager = false, why }: { product: ProductSummary; eager?: boolean; why?: string }) {
  return html`<article class="product-card">
    ${product.image &&
    html`<img
      class="product-card__image"
      src=${mediaUrl(product.image.key)}
      alt=""
      width=${product.image.width}
      height=${product.image.height}
      loading=${eager ? "eager" : "lazy"}
      decoding="async"
    />`}
    <div class="product-card__body">
      <h3 class="product-card__title"><a href=${`/p/${product.slug}`}>${product.title}</a></h3>
      <${Price} ...${product} />
      <${StockState} stock=${product.stock} />
      ${why && html`<p class="product-card__why">${why}</p>`}
    </div>
  </article>`;
}

export function ProductGrid({ products, eagerCount = 0 }: { products: ProductSummary[]; eagerCount?: number }) {
  return html`<ul class="product-grid">
    ${products.map((product, index) => html`<li key=${product.id}><${ProductCard} product=${product} eager=${index < eagerCount} /></li>`)}
  </ul>`;
}
