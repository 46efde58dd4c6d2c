import { html } from "htm/preact";
import { imageSizes, Picture } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { ProductGrid } from "../../views/product-card.ts";
import type { CategorySummary, ProductSummary } from "../catalog/queries.ts";
import type { ShowSummary } from "../live/queries.ts";
import { coverImage } from "../live/stage.ts";
import { ShowGrid } from "../live/views.ts";
import type { ForYou } from "../recommendations/for-you.ts";
import { ForYouView } from "../recommendations/views.ts";

export function HomePage({
  featured,
  categories,
  shows,
  recent,
  forYou,
}: {
  featured: ProductSummary[];
  categories: CategorySummary[];
  shows: ShowSummary[];
  /** Recently viewed products: only with personalisation allowed, otherwise empty. */
  recent: ProductSummary[];
  forYou: ForYou;
}) {
  const { t } = usePage();
  const headline = shows.find((show) => show.status === "live") ?? shows[0];
  return html`<section class="hero">
      <div>
        <h1>${t("home.hero.title")}</h1>
        <p>${t("home.hero.text")}</p>
        <a class="button" href=${headline ? `/live/${headline.slug}` : "/live"}>${t("home.hero.cta")}</a>
      </div>
      ${headline && html`<${Picture} image=${coverImage(headline.coverKey)} sizes=${imageSizes.heroCover} fetchpriority="high" />`}
    </section>

    ${recent.length > 0 &&
    html`<section class="section" aria-labelledby="home-recent">
      <h2 id="home-recent">${t("home.recent")}</h2>
      <${ProductGrid} products=${recent} />
    </section>`}

    <${ForYouView} forYou=${forYou} />

    <section class="section" aria-labelledby="home-live">
      <div class="section__head"><h2 id="home-live">${t("home.live")}</h2></div>
      ${shows.length > 0 ? html`<${ShowGrid} shows=${shows} />` : html`<p>${t("home.live.none")}</p>`}
    </section>

    <section class="section" aria-labelledby="home-featured">
      <h2 id="home-featured">${t("home.featured")}</h2>
      <${ProductGrid} products=${featured} eagerCount=${4} />
    </section>

    <section class="section" aria-labelledby="home-categories">
      <h2 id="home-categories">${t("home.categories")}</h2>
      <ul class="category-grid">
        ${categories.map(
          (category) => html`<li key=${category.id}>
            <a class="category-tile" href=${`/c/${category.slug}`}>
              <strong>${category.name}</strong>
              <span>${t("category.products", { count: category.productCount })}</span>
            </a>
          </li>`,
        )}
      </ul>
    </section>`;
}
