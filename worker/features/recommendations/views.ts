import { html } from "htm/preact";
import type { ComponentChildren } from "preact";
import type { Translate } from "../../i18n/index.ts";
import { formatDate } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import { ProductCard } from "../../views/product-card.ts";
import type { ProductSummary } from "../catalog/queries.ts";
import type { ForYou } from "./for-you.ts";

/** Why a product is recommended; every card says it in words. */
export type Why =
  | { kind: "similar" }
  | { kind: "together"; orders: number }
  | { kind: "viewed"; title: string }
  | { kind: "cart"; title: string }
  | { kind: "category"; name: string }
  | { kind: "boughtWith"; title: string }
  | { kind: "popular"; orders: number }
  | { kind: "new"; addedAt: Date };

export type Recommendation = { product: ProductSummary; why: Why };

function whyText(t: Translate, locale: string, why: Why): string {
  switch (why.kind) {
    case "similar":
      return t("recommendations.why.similar");
    case "together":
      return t("recommendations.why.together", { count: why.orders });
    case "viewed":
      return t("recommendations.why.viewed", { title: why.title });
    case "cart":
      return t("recommendations.why.cart", { title: why.title });
    case "category":
      return t("recommendations.why.category", { category: why.name });
    case "boughtWith":
      return t("recommendations.why.boughtWith", { title: why.title });
    case "popular":
      return t("recommendations.why.popular", { count: why.orders });
    case "new":
      return t("recommendations.why.new", { date: formatDate(why.addedAt, locale) });
  }
}

/** A titled section of recommendation cards; nothing at all when there is nothing to recommend. */
export function RecommendationSection({ id, title, picks, note }: { id: string; title: string; picks: Recommendation[]; note?: ComponentChildren }) {
  const { t, locale } = usePage();
  if (picks.length === 0) return null;
  return html`<section class="section" aria-labelledby=${id}>
    <h2 id=${id}>${title}</h2>
    ${note}
    <ul class="product-grid">
      ${picks.map(({ product, why }) => html`<li key=${product.id}><${ProductCard} product=${product} why=${whyText(t, locale, why)} /></li>`)}
    </ul>
  </section>`;
}

/**
 * "For you" when personalised (saying what it is picked from, with a way to switch it off); otherwise
 * "Popular" and "New in", the same for everyone.
 */
export function ForYouView({ forYou }: { forYou: ForYou }) {
  const { t } = usePage();
  if (forYou.personal) {
    const note = html`<p class="muted">
      ${t(forYou.signedIn ? "recommendations.forYou.fromMember" : "recommendations.forYou.fromDevice")}${" "}
      <a href="/account/privacy#personalization">${t("recommendations.forYou.settings")}</a>
    </p>`;
    return html`<${RecommendationSection} id="home-for-you" title=${t("recommendations.forYou")} picks=${forYou.picks} note=${note} />`;
  }
  return html`<${RecommendationSection} id="home-popular" title=${t("recommendations.popular")} picks=${forYou.popular} />
    <${RecommendationSection} id="home-new" title=${t("recommendations.new")} picks=${forYou.newest} />`;
}
