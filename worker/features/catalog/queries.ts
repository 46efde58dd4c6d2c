import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { categories, categoryTexts, products, productTexts, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";

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

type SummaryRow = Omit<ProductSummary, "image"> & { images: ProductSummary["image"][] };
export const toSummary = ({ images, ...row }: SummaryRow): ProductSummary => ({ ...row, image: images[0] ?? null });

/** Joins a product to its texts in `locale`. */
export const textsIn = (locale: ContentLocale) => and(eq(productTexts.productId, products.id), eq(productTexts.locale, locale));

const orderings = {
  newest: [desc(products.createdAt), asc(products.id)],
  price_asc: [asc(products.priceMinor), asc(products.id)],
  price_desc: [desc(products.priceMinor), asc(products.id)],
} satisfies Record<ProductSort, unknown[]>;

export async function listCategories(db: Db, locale: ContentLocale): Promise<CategorySummary[]> {
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

export async function getCategory(db: Db, slug: string, locale: ContentLocale) {
  const [row] = await db
    .select({ id: categories.id, slug: categories.slug, name: categoryTexts.name, description: categoryTexts.description })
    .from(categories)
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .where(eq(categories.slug, slug))
    .limit(1);
  return row ?? null;
}

export type Page<T> = { items: T[]; total: number; page: number; pages: number };

export async function listCategoryProducts(
  db: Db,
  input: { categoryId: string; locale: ContentLocale; sort: ProductSort; page: number; pageSize: number },
): Promise<Page<ProductSummary>> {
  const where = eq(products.categoryId, input.categoryId);
  const [rows, [totals]] = await db.batch([
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
  const total = totals?.total ?? 0;
  return { items: rows.map(toSummary), total, page: input.page, pages: Math.max(1, Math.ceil(total / input.pageSize)) };
}

export async function listFeaturedProducts(db: Db, locale: ContentLocale, limit: number): Promise<ProductSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(products.featured, true))
    .orderBy(...orderings.newest)
    .limit(limit);
  return rows.map(toSummary);
}

/** Products by slug, in the order given (unknown slugs are skipped). */
export async function listProductsBySlug(db: Db, slugs: string[], locale: ContentLocale): Promise<ProductSummary[]> {
  if (slugs.length === 0) return [];
  const rows = await db.select(summaryColumns).from(products).innerJoin(productTexts, textsIn(locale)).where(inArray(products.slug, slugs));
  const bySlug = new Map(rows.map((row) => [row.slug, toSummary(row)]));
  return slugs.flatMap((slug) => bySlug.get(slug) ?? []);
}

/** Escapes LIKE wildcards so a shopper's `%` or `_` matches literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Matches the words of `query` in titles and descriptions, in any of the shop's languages. */
export async function searchProducts(
  db: Db,
  input: { query: string; locale: ContentLocale; page: number; pageSize: number },
): Promise<Page<ProductSummary>> {
  const words = input.query.split(/\s+/).filter(Boolean).slice(0, 8);
  const matches = words.map((word) => {
    const pattern = likePattern(word);
    return sql`EXISTS (SELECT 1 FROM ${productTexts} AS t WHERE t.product_id = ${products.id}
      AND (t.title LIKE ${pattern} ESCAPE '\\' OR t.description LIKE ${pattern} ESCAPE '\\'))`;
  });
  const where = and(...matches);
  const [rows, [totals]] = await db.batch([
    db
      .select(summaryColumns)
      .from(products)
      .innerJoin(productTexts, textsIn(input.locale))
      .where(where)
      .orderBy(...orderings.newest)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(products).where(where),
  ]);
  const total = totals?.total ?? 0;
  return { items: rows.map(toSummary), total, page: input.page, pages: Math.max(1, Math.ceil(total / input.pageSize)) };
}

export async function getProduct(db: Db, slug: string, locale: ContentLocale) {
  const [row] = await db
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
      category: { slug: categories.slug, name: categoryTexts.name },
    })
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .where(eq(products.slug, slug))
    .limit(1);
  return row ?? null;
}

export type ProductDetail = NonNullable<Awaited<ReturnType<typeof getProduct>>>;
