import * as v from "valibot";
import type { ProductSort } from "./queries.ts";

export const productSorts = ["newest", "price_asc", "price_desc"] as const satisfies readonly ProductSort[];

export const pageSize = 8;

/** `?page=` as a whole number from 1 to 999; absent means 1. */
export const pageParam = v.optional(
  v.pipe(v.string(), v.regex(/^[1-9]\d{0,2}$/, "Page must be a whole number from 1 to 999."), v.transform(Number)),
  "1",
);

/** Query string of a category listing. Unknown parameters (tracking tags…) are ignored. */
export const listingQuery = v.object({
  sort: v.optional(v.picklist(productSorts, "Sort must be newest, price_asc or price_desc."), "newest"),
  page: pageParam,
});

/** Slugs are lower-case words joined by hyphens; anything else cannot name a product or category. */
export const slugParam = v.object({ slug: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), v.maxLength(80)) });
