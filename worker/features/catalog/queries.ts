import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { categories, categoryTexts, products, productTexts, type ContentLocale } from "../../../db/schema/index.ts";
import { prepared, runBatch, type Db, type Input, type Placeholders } from "../../lib/db.ts";

export type ProductSort = "newest" | "price_asc" | "price_desc";

/** What a product tile needs, in the reader's language. */
export type ProductSummary = {
  id: string;
  slug: string;
  title: string;
  priceMinor: number;
  listPriceMinor: number;
  currency: string;
  stock: number;
  image: { key: string; width: number; height: number } | null;
};

export type CategorySummary = {
  id: string;
  slug: string;
  hue: number;
  name: string;
  description: string;
  productCount: number;
};

/** Columns of a product tile; select them with products joined to their texts. */
export const summaryColumns = {
  id: products.id,
  slug: products.slug,
  title: productTexts.title,
  priceMinor: products.priceMinor,
  listPriceMinor: products.listPriceMinor,
  currency: products.currency,
  stock: products.stock,
  images: products.images,
};

export type SummaryRow = Omit<ProductSummary, "image"> & { images: ProductSummary["image"][] };
export const toSummary = ({ images, ...row }: SummaryRow): ProductSummary => ({ ...row, image: images[0] ?? null });

/** Joins a product to its texts in `locale`. */
export const textsIn = (locale: Input<ContentLocale>) => and(eq(productTexts.productId, products.id), eq(productTexts.locale, locale));

const orderings = {
  newest: [desc(products.createdAt), asc(products.id)],
  price_asc: [asc(products.priceMinor), asc(products.id)],
  price_desc: [desc(products.priceMinor), asc(products.id)],
} satisfies Record<ProductSort, unknown[]>;

/** Categories with their product counts (a query to run or batch). */
export function categoriesQuery(db: Db, locale: Input<ContentLocale>) {
  return db
    .select({
      id: categories.id,
      slug: categories.slug,
      hue: categories.hue,
      name: categoryTexts.name,
      description: categoryTexts.description,
      productCount: sql<number>`(SELECT count(*) FROM ${products} WHERE ${products.categoryId} = ${categories.id})`,
    })
    .from(categories)
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .orderBy(asc(categories.position));
}

export type Page<T> = { items: T[]; total: number; page: number; pages: number };

type ListingInput = { slug: string; locale: ContentLocale; limit: number; offset: number };

const inCategory = (db: Db, slug: Input<string>) =>
  inArray(products.categoryId, db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)));

const listingPage = (order: SQL[]) =>
  prepared((db, input: Placeholders<ListingInput>) =>
    db
      .select(summaryColumns)
      .from(products)
      .innerJoin(productTexts, textsIn(input.locale))
      .where(inCategory(db, input.slug))
      .orderBy(...order)
      .limit(input.limit)
      .offset(input.offset),
  );

/** A category page's queries, built once per isolate: the category, one page of products in each order, the count. */
const listing = {
  category: prepared((db, input: Placeholders<ListingInput>) =>
    db
      .select({ id: categories.id, slug: categories.slug, name: categoryTexts.name, description: categoryTexts.description })
      .from(categories)
      .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, input.locale)))
      .where(eq(categories.slug, input.slug))
      .limit(1),
  ),
  page: { newest: listingPage(orderings.newest), price_asc: listingPage(orderings.price_asc), price_desc: listingPage(orderings.price_desc) } satisfies Record<ProductSort, unknown>,
  total: prepared((db, input: Placeholders<ListingInput>) => db.select({ total: count() }).from(products).where(inCategory(db, input.slug))),
};

/**
 * A category and one page of its products, in one round trip to the database (category, page, count).
 * Null when there is no such category.
 */
export async function getCategoryListing(
  d1: D1Database,
  input: { slug: string; locale: ContentLocale; sort: ProductSort; page: number; pageSize: number },
) {
  const values: ListingInput = { slug: input.slug, locale: input.locale, limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
  const [[category], rows, [totals]] = await runBatch(d1, [listing.category(d1, values), listing.page[input.sort](d1, values), listing.total(d1, values)]);
  if (!category) return null;
  const total = totals?.total ?? 0;
  const page: Page<ProductSummary> = {
    items: rows.map(toSummary),
    total,
    page: input.page,
    pages: Math.max(1, Math.ceil(total / input.pageSize)),
  };
  return { category, listing: page };
}

/** Featured products, newest first (a query to run or batch; map rows with `toSummary`). */
export function featuredProductsQuery(db: Db, locale: Input<ContentLocale>, limit: Input<number>) {
  return db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(products.featured, true))
    .orderBy(...orderings.newest)
    .limit(limit);
}

/**
 * Products by slug, the slugs given as a JSON array (a query built once for any number of them); put them
 * back in the asked order with `inSlugOrder`.
 */
export function productsBySlugQuery(db: Db, slugs: Input<string>, locale: Input<ContentLocale>) {
  return db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(inArray(products.slug, sql`(SELECT value FROM json_each(${slugs}))`));
}

/** Rows as product tiles, in the order of `slugs` (unknown slugs are skipped). */
export function inSlugOrder(rows: SummaryRow[], slugs: string[]): ProductSummary[] {
  const bySlug = new Map(rows.map((row) => [row.slug, toSummary(row)]));
  return slugs.flatMap((slug) => bySlug.get(slug) ?? []);
}

/** A product page's product, its texts and its category, by slug (a query to run or to batch). */
export function productQuery(db: Db, slug: Input<string>, locale: Input<ContentLocale>) {
  return db
    .select({
      id: products.id,
      slug: products.slug,
      title: productTexts.title,
      description: productTexts.description,
      attributes: productTexts.attributes,
      priceMinor: products.priceMinor,
      listPriceMinor: products.listPriceMinor,
      currency: products.currency,
      stock: products.stock,
      images: products.images,
      crossBorder: products.crossBorder,
      // Named apart from the product's slug: a D1 batch returns rows as objects, keyed by column name.
      category: { slug: sql<string>`${categories.slug}`.as("category_slug"), name: categoryTexts.name },
    })
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .where(eq(products.slug, slug))
    .limit(1);
}

/** The id of the product at `slug`, as SQL: queries batched with `productQuery` find the product by it. */
export const productIdBySlug = (slug: Input<string>) => sql`(SELECT ${products.id} FROM ${products} WHERE ${products.slug} = ${slug})`;

export type ProductDetail = Awaited<ReturnType<typeof productQuery>>[number];

/** `productQuery` built once per isolate. */
export const productBySlug = prepared((db, input: Placeholders<{ slug: string; locale: ContentLocale }>) => productQuery(db, input.slug, input.locale));
