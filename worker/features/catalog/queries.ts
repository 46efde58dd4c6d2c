import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { categories, categoryTexts, products, productTexts, type ContentLocale } from "../../../db/schema/index.ts";
import { prepared, type Db, type Input, type Placeholders } from "../../lib/db.ts";

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
export function categoriesQuery(db: Db, locale: ContentLocale) {
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

/**
 * A category and one page of its products, in one round trip to the database (category, page, count).
 * Null when there is no such category.
 */
export async function getCategoryListing(
  db: Db,
  input: { slug: string; locale: ContentLocale; sort: ProductSort; page: number; pageSize: number },
) {
  const categoryId = db.select({ id: categories.id }).from(categories).where(eq(categories.slug, input.slug));
  const where = inArray(products.categoryId, categoryId);
  const [[category], rows, [totals]] = await db.batch([
    db
      .select({ id: categories.id, slug: categories.slug, name: categoryTexts.name, description: categoryTexts.description })
      .from(categories)
      .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, input.locale)))
      .where(eq(categories.slug, input.slug))
      .limit(1),
    db
      .select(summaryColumns)
      .from(products)
      .innerJoin(productTexts, textsIn(input.locale))
      .where(where)
      .orderBy(...orderings[input.sort])
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(products).where(where),
  ]);
  if (!category) return null;
  const total = totals?.total ?? 0;
  const listing: Page<ProductSummary> = {
    items: rows.map(toSummary),
    total,
    page: input.page,
    pages: Math.max(1, Math.ceil(total / input.pageSize)),
  };
  return { category, listing };
}

/** Featured products, newest first (a query to run or batch; map rows with `toSummary`). */
export function featuredProductsQuery(db: Db, locale: ContentLocale, limit: number) {
  return db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(products.featured, true))
    .orderBy(...orderings.newest)
    .limit(limit);
}

/** Products by slug (a query to run or batch); put them back in the asked order with `inSlugOrder`. */
export function productsBySlugQuery(db: Db, slugs: string[], locale: ContentLocale) {
  return db.select(summaryColumns).from(products).innerJoin(productTexts, textsIn(locale)).where(inArray(products.slug, slugs));
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
