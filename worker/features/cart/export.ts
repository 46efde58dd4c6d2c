/** The cart in a member's data export: each product, how many, the price it was seen at and when it was added. */
import { asc, eq } from "drizzle-orm";
import { cartItems, products, productTexts } from "../../../db/schema/index.ts";
import { textsIn } from "../catalog/queries.ts";
import type { Exporter } from "../data-export/exporter.ts";

export const cartExporter: Exporter = {
  name: "cart",
  async export(db, _env, member) {
    const rows = await db
      .select({
        product: productTexts.title,
        slug: products.slug,
        quantity: cartItems.quantity,
        priceSeenMinor: cartItems.priceSeenMinor,
        currency: products.currency,
        addedAt: cartItems.addedAt,
      })
      .from(cartItems)
      .innerJoin(products, eq(products.id, cartItems.productId))
      .leftJoin(productTexts, textsIn(member.locale))
      .where(eq(cartItems.memberId, member.id))
      .orderBy(asc(cartItems.addedAt));
    return rows.map(({ slug, ...row }) => ({ ...row, link: `/p/${slug}` }));
  },
};
