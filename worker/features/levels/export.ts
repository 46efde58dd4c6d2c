/** The member level in a member's data export: the level, and the spend and orders it was computed from. */
import { shopCurrency } from "../coupons/queries.ts";
import type { Exporter } from "../data-export/exporter.ts";
import { memberLevel } from "./queries.ts";

export const levelExporter: Exporter = {
  name: "level",
  async export(db, _env, member) {
    const { level, usage, computedAt } = await memberLevel(db, member.id);
    return { level: level.id, spendMinor: usage.spendMinor, currency: shopCurrency, orders: usage.orders, computedAt };
  },
};
