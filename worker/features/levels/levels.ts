/**
 * Member levels (policy §2.1, published at /levels): computed from the completed orders of the last 12
 * months. A level needs both its spend and its order count; each grants a member discount on regular-
 * priced items and a free-shipping threshold that checkout applies.
 */
export const levelIds = ["member", "silver", "gold", "platinum"] as const;
export type LevelId = (typeof levelIds)[number];

export type Level = {
  id: LevelId;
  /** Completed orders' totals over the last 12 months, in minor units of the shop currency. */
  minSpendMinor: number;
  minOrders: number;
  /** Percent off regular-priced items (never flash-sale units). */
  discountPercent: number;
  /** Orders whose goods come to at least this ship free; 0 = always free. */
  freeShippingFromMinor: number;
};

export const levels: readonly Level[] = [
  { id: "member", minSpendMinor: 0, minOrders: 0, discountPercent: 0, freeShippingFromMinor: 9_900 },
  { id: "silver", minSpendMinor: 20_000, minOrders: 1, discountPercent: 3, freeShippingFromMinor: 6_900 },
  { id: "gold", minSpendMinor: 100_000, minOrders: 3, discountPercent: 5, freeShippingFromMinor: 3_900 },
  { id: "platinum", minSpendMinor: 300_000, minOrders: 6, discountPercent: 8, freeShippingFromMinor: 0 },
];

/** The flat shipping fee below a level's free-shipping threshold. */
export const shippingFeeMinor = 1_000;
/** How far back completed orders count. */
export const levelWindowDays = 365;

export type Usage = { spendMinor: number; orders: number };

export function levelOf(id: string): Level {
  return levels.find((level) => level.id === id) ?? levels[0]!;
}

/** The highest level whose spend and order count the usage reaches. */
export function levelFor(usage: Usage): Level {
  let reached = levels[0]!;
  for (const level of levels) if (usage.spendMinor >= level.minSpendMinor && usage.orders >= level.minOrders) reached = level;
  return reached;
}

/** What is left to reach the next level, or null at the top. */
export function progressToNext(usage: Usage): { next: Level; spendMinor: number; orders: number } | null {
  const current = levelFor(usage);
  const next = levels[levels.indexOf(current) + 1];
  if (!next) return null;
  return { next, spendMinor: Math.max(0, next.minSpendMinor - usage.spendMinor), orders: Math.max(0, next.minOrders - usage.orders) };
}
