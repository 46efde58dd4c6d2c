import type { ContentLocale } from "../../../db/schema/index.ts";
import { prepared, runBatch, type Placeholders } from "../../lib/db.ts";
import { categoriesQuery, featuredProductsQuery, inSlugOrder, productsBySlugQuery, toSummary } from "../catalog/queries.ts";
import { showsQuery } from "../live/queries.ts";

type HomeInput = { locale: ContentLocale; featured: number; recentSlugs: string };

/** The home page's queries, built once per isolate. */
const home = {
  featured: prepared((db, input: Placeholders<HomeInput>) => featuredProductsQuery(db, input.locale, input.featured)),
  categories: prepared((db, input: Placeholders<HomeInput>) => categoriesQuery(db, input.locale)),
  shows: prepared((db, input: Placeholders<HomeInput>) => showsQuery(db, input.locale, ["live", "scheduled"])),
  recent: prepared((db, input: Placeholders<HomeInput>) => productsBySlugQuery(db, input.recentSlugs, input.locale)),
};

/** Everything the home page shows, in one round trip to the database. */
export async function getHomePage(d1: D1Database, input: { locale: ContentLocale; recentSlugs: string[]; featured: number }) {
  const values: HomeInput = { locale: input.locale, featured: input.featured, recentSlugs: JSON.stringify(input.recentSlugs) };
  const [featured, categories, shows, recent] = await runBatch(d1, [
    home.featured(d1, values),
    home.categories(d1, values),
    home.shows(d1, values),
    home.recent(d1, values),
  ]);
  return { featured: featured.map(toSummary), categories, shows, recent: inSlugOrder(recent, input.recentSlugs) };
}
