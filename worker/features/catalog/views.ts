import { html } from "htm/preact";
import { ProductRecommendationsView, type ProductRecommendations } from "../recommendations/product.ts";
import type { ProductAttribute } from "../../../db/schema/index.ts";
import { imageSizes, Picture } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { Pagination } from "../../views/pagination.ts";
import { Price, StockState } from "../../views/price.ts";
import { ProductGrid } from "../../views/product-card.ts";
import { AddToCart } from "../cart/views.ts";
import type { Page, ProductDetail, ProductSort, ProductSummary } from "./queries.ts";
import { productSorts } from "./listing-query.ts";

export function Breadcrumbs({ trail }: { trail: { href?: string; label: string }[] }) {
  const { t } = usePage();
  return html`<nav class="breadcrumbs" aria-label=${t("nav.breadcrumb")}>
    <ol>
      <li><a href="/">${t("site.name")}</a></li>
      ${trail.map((crumb) =>
        crumb.href ? html`<li><a href=${crumb.href}>${crumb.label}</a></li>` : html`<li aria-current="page">${crumb.label}</li>`,
      )}
    </ol>
  </nav>`;
}

/** Sorting as a GET form, so it works without JavaScript and the result has a shareable URL. */
function SortForm({ action, sort }: { action: string; sort: ProductSort }) {
  const { t } = usePage();
  return html`<form class="sort-form" method="get" action=${action}>
    <label for="sort">${t("category.sort.label")}</label>
    <select id="sort" name="sort">
      ${productSorts.map(
        (option) => html`<option value=${option} selected=${option === sort}>${t(`category.sort.${option}`)}</option>`,
      )}
    </select>
    <button type="submit">${t("category.sort.apply")}</button>
  </form>`;
}

export function CategoryPage({
  category,
  listing,
  sort,
}: {
  category: { slug: string; name: string; description: string };
  listing: Page<ProductSummary>;
  sort: ProductSort;
}) {
  const { t } = usePage();
  const base = `/c/${category.slug}`;
  const hrefFor = (page: number) => `${base}?${new URLSearchParams({ sort, page: String(page) })}`;
  return html`<${Breadcrumbs} trail=${[{ label: category.name }]} />
    <h1>${category.name}</h1>
    <p class="muted">${category.description}</p>
    <div class="listing-bar">
      <p>${t("category.products", { count: listing.total })}</p>
      <${SortForm} action=${base} sort=${sort} />
    </div>
    ${listing.items.length > 0
      ? html`<${ProductGrid} products=${listing.items} eagerCount=${4} level=${2} />`
      : html`<p>${t("category.empty")}</p>`}
    <${Pagination} page=${listing.page} pages=${listing.pages} hrefFor=${hrefFor} />`;
}

/** Image gallery without JavaScript: a scroll-snap strip with thumbnail links to each slide. */
function Gallery({ title, images }: { title: string; images: ProductDetail["images"] }) {
  const { t } = usePage();
  const total = images.length;
  return html`<section class="gallery">
    <div class="gallery__track" tabindex="0" role="group" aria-label=${t("product.gallery")}>
      ${images.map(
        (image, index) => html`<figure class="gallery__slide" id=${`image-${index + 1}`}>
          <${Picture}
            image=${image}
            sizes=${imageSizes.gallery}
            alt=${t("product.image", { title, n: index + 1, total })}
            loading=${index === 0 ? "eager" : "lazy"}
            fetchpriority=${index === 0 ? "high" : undefined}
          />
        </figure>`,
      )}
    </div>
    ${total > 1 &&
    html`<ul class="gallery__thumbs">
      ${images.map(
        (image, index) => html`<li>
          <a href=${`#image-${index + 1}`}>
            <${Picture}
              image=${image}
              sizes=${imageSizes.galleryThumb}
              alt=${t("product.image", { title, n: index + 1, total })}
              width=${72}
              height=${72}
              loading="lazy"
            />
          </a>
        </li>`,
      )}
    </ul>`}
  </section>`;
}

function Specifications({ attributes }: { attributes: ProductAttribute[] }) {
  const { t } = usePage();
  return html`<section>
    <h2>${t("product.attributes")}</h2>
    <table class="spec-table">
      <tbody>
        ${attributes.map((attribute) => html`<tr><th scope="row">${attribute.name}</th><td>${attribute.value}</td></tr>`)}
      </tbody>
    </table>
  </section>`;
}

export function ProductPage({ product, recommendations }: { product: ProductDetail; recommendations: ProductRecommendations }) {
  const { t } = usePage();
  return html`<${Breadcrumbs}
      trail=${[{ href: `/c/${product.category.slug}`, label: product.category.name }, { label: product.title }]}
    />
    <div class="product">
      <${Gallery} title=${product.title} images=${product.images} />
      <div class="product__info">
        <h1>${product.title}</h1>
        <${Price} ...${product} />
        <${StockState} stock=${product.stock} />
        ${product.crossBorder && html`<p class="notice">${t("product.crossBorder")}</p>`}
        <${AddToCart} product=${product} />
        <section>
          <h2>${t("product.details")}</h2>
          <p>${product.description}</p>
        </section>
        <${Specifications} attributes=${product.attributes} />
      </div>
    </div>
    <${ProductRecommendationsView} recommendations=${recommendations} />`;
}
