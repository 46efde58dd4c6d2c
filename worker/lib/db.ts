import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "../../db/schema/index.ts";

export type Db = DrizzleD1Database<typeof schema>;

/** The one way to open the database: drizzle over the D1 binding with the shop's schema. */
export const database = (d1: D1Database): Db => drizzle(d1, { schema });
