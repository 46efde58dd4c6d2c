/**
 * The search page's query string, parsed once: words, filters, sort and page. A GET form sends empty
 * strings for fields left blank, so "" means "no filter" throughout. Messages are message keys.
 */
import * as v from "valibot";
import type { MessageKey } from "../../i18n/index.ts";

const message = (key: MessageKey) => key;

export const searchSorts = ["relevance", "newest", "price_asc", "price_desc"] as const;
export type SearchSort = (typeof searchSorts)[number];

export const origins = ["", "domestic", "abroad"] as const;

/** Most characters the box takes (the header's box and the search page's say so too). */
export const maxQueryLength = 100;

/** A price in yuan as typed ("88", "88.5", "88.50"), to minor units; "" is no bound. */
const price = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^(?:\d{1,7}(?:\.\d{1,2})?)?$/, message("search.error.price")),
    v.transform((text) => (text === "" ? null : Math.round(Number(text) * 100))),
  ),
  "",
);

export const searchInput = v.pipe(
  v.object({
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(maxQueryLength, message("search.error.tooLong"))), ""),
    category: v.optional(v.pipe(v.string(), v.regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, message("search.error.category")), v.maxLength(80, message("search.error.category"))), ""),
    min: price,
    max: price,
    stock: v.optional(v.picklist(["", "1"], message("search.error.stock")), ""),
    origin: v.optional(v.picklist(origins, message("search.error.origin")), ""),
    sort: v.optional(v.picklist(["", ...searchSorts], message("search.error.sort")), ""),
    page: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,2}$/, message("search.error.page")), v.transform(Number)), "1"),
  }),
  v.forward(
    v.check((input) => input.min === null || input.max === null || input.min <= input.max, message("search.error.priceRange")),
    ["max"],
  ),
);

export type SearchInput = v.InferOutput<typeof searchInput>;

/** The filters that narrow a search (and can run without words, as a filtered listing). */
export type SearchFilters = Pick<SearchInput, "category" | "min" | "max" | "stock" | "origin">;

export const hasFilters = (input: SearchFilters) =>
  input.category !== "" || input.min !== null || input.max !== null || input.stock !== "" || input.origin !== "";

/** The suggestions API's query: short or empty input answers no suggestions rather than an error. */
export const suggestInput = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(maxQueryLength, message("search.error.tooLong"))), ""),
});
