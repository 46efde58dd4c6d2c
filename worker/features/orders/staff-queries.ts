import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { orders, type OrderStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import type { OrderRow } from "./queries.ts";

export type StaffOrderFilter = { number: string | null; status: OrderStatus | null; page: number };
export type StaffOrderListing = { rows: { order: OrderRow; itemCount: number }[]; total: number; pages: number };

export const staffPageSize = 20;

/** Orders for the staff list: an exact order number and/or one status, newest first, a page at a time. */
export async function staffOrderList(db: Db, filter: StaffOrderFilter): Promise<StaffOrderListing> {
  const conditions: SQL[] = [];
  if (filter.number) conditions.push(eq(orders.number, filter.number));
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  const where = conditions.length ? and(...conditions) : undefined;
  const [found, [counted]] = await db.batch([
    db
      .select({ order: orders, itemCount: sql<number>`(SELECT coalesce(sum(quantity), 0) FROM order_items WHERE order_id = ${orders.id})` })
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(staffPageSize)
      .offset((filter.page - 1) * staffPageSize),
    db.select({ total: count() }).from(orders).where(where),
  ]);
  const total = counted?.total ?? 0;
  return { rows: found, total, pages: Math.max(1, Math.ceil(total / staffPageSize)) };
}
