/**
 * "Similar" and "often bought together" on a product page (policy §3.3, P15). Neither is personal (they
 * depend on the product and on all orders together), so they are shown in both modes.
 */
import { html } from "htm/preact";
import type { ContentLocale } from "../../../db/schema/index.ts";
import { prepared, type Placeholders } from "../../lib/db.ts";
import { usePage } from "../../views/page-context.ts";
import { productIdBySlug, toSummary } from "../catalog/queries.ts";
import { boughtTogetherQuery, similarQuery } from "./queries.ts";
import { RecommendationSection, type Recommendation } from "./views.ts";

export type ProductRecommendations = { similar: Recommendation[]; together: Recommendation[] };

const shown = 4;

/** The product at `slug`'s two lists, built once per isolate, for the product page's batch. */
export const similarBySlug = prepared((db, input: Placeholders<{ slug: string; locale: ContentLocale }>) =>
  similarQuery(db, productIdBySlug(input.slug), input.locale, shown),
);
export const togetherBySlug = prepared((db, input: Placeholders<{ slug: string; locale: ContentLocale }>) =>
  boughtTogetherQuery(db, productIdBySlug(input.slug), input.locale, shown),
);

type SimilarRow = Awaited<ReturnType<typeof similarQuery>>[number];
type TogetherRow = Awaited<ReturnType<typeof boughtTogetherQuery>>[number];

export function toRecommendations(similar: SimilarRow[], together: TogetherRow[]): ProductRecommendations {
  return {
    similar: similar.map((row) => ({ product: toSummary(row), why: { kind: "similar" } })),
    together: together.map(({ orders, ...row }) => ({ product: toSummary(row), why: { kind: "together", orders } })),
  };
}

export function ProductRecommendationsView({ recommendations }: { recommendations: ProductRecommendations }) {
  const { t } = usePage();
  return html`<${RecommendationSection} id="product-similar" title=${t("recommendations.similar")} picks=${recommendations.similar} />
    <${RecommendationSection} id="product-together" title=${t("recommendations.together")} picks=${recommendations.together} />`;
}
