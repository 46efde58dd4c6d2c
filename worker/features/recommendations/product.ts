/**
 * "Similar" and "often bought together" on a product page (policy §3.3, P15). Neither is personal (they
 * depend on the product and on all orders together), so they are shown in both modes.
 */
import type { SQL } from "drizzle-orm";
import { html } from "htm/preact";
import type { ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { usePage } from "../../views/page-context.ts";
import { toSummary } from "../catalog/queries.ts";
import { boughtTogetherQuery, similarQuery } from "./queries.ts";
import { RecommendationSection, type Recommendation } from "./views.ts";

export type ProductRecommendations = { similar: Recommendation[]; together: Recommendation[] };

const shown = 4;

/** Both lists' queries, for the page's batch; `productId` may be SQL (the product found by its slug). */
export function productRecommendationQueries(db: Db, productId: string | SQL, locale: ContentLocale) {
  return [similarQuery(db, productId, locale, shown), boughtTogetherQuery(db, productId, locale, shown)] as const;
}

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
