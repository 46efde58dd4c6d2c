import type { ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { categoriesQuery, featuredProductsQuery, inSlugOrder, productsBySlugQuery, toSummary } from "../catalog/queries.ts";
import { showsQuery } from "../live/queries.ts";

/** Everything the home page shows, in one round trip to the database. */
export async function getHomePage(db: Db, input: { locale: ContentLocale; recentSlugs: string[]; featured: number }) {
  const [featured, categories, shows, recent] = await db.batch([
    featuredProductsQuery(db, input.locale, input.featured),
    categoriesQuery(db, input.locale),
    showsQuery(db, input.locale, ["live", "scheduled"]),
    productsBySlugQuery(db, input.recentSlugs, input.locale),
  ]);
  return { featured: featured.map(toSummary), categories, shows, recent: inSlugOrder(recent, input.recentSlugs) };
}
