/**
 * "Similar" and "often bought together" on a product page (policy §3.3, P15). Neither is personal (they
 * depend on the product and on all orders together), so they are shown in both modes.
 */
import { html } from "htm/preact";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { usePage } from "../../views/page-context.ts";
import { toSummary, type ProductDetail } from "../catalog/queries.ts";
import { boughtTogetherQuery, similarQuery } from "./queries.ts";
import { RecommendationSection, type Recommendation } from "./views.ts";

export type ProductRecommendations = { similar: Recommendation[]; together: Recommendation[] };

const shown = 4;

/** Both lists in one round trip to the database. */
export async function productRecommendations(c: Context<AppEnv>, product: ProductDetail): Promise<ProductRecommendations> {
  const db = database(c.env.DB);
  const [similar, together] = await db.batch([
    similarQuery(db, product.id, c.var.locale, shown),
    boughtTogetherQuery(db, product.id, c.var.locale, shown),
  ]);
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
