import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { orderStatuses } from "../../db/schema/orders.ts";
import { canMove, orderMoves } from "../../worker/features/orders/status.ts";

describe("order status machine", () => {
  it("allows exactly the moves the database trigger allows", () => {
    const migration = readFileSync(new URL("../../db/migrations/0007_orders_and_checkout.sql", import.meta.url), "utf8");
    const trigger = /CREATE TRIGGER orders_status_moves[\s\S]*?NOT IN \(([\s\S]*?)\)\s*BEGIN/.exec(migration)?.[1] ?? "";
    const inDatabase = [...trigger.matchAll(/'(\w+)>(\w+)'/g)].map((match) => `${match[1]}>${match[2]}`).sort();
    const inCode = Object.entries(orderMoves).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)).sort();
    expect(inDatabase).toEqual(inCode);
  });

  it("ends in cancelled and refunded, and never goes back to waiting for payment", () => {
    expect(orderMoves.cancelled).toEqual([]);
    expect(orderMoves.refunded).toEqual([]);
    for (const from of orderStatuses) expect(canMove(from, "pending_payment")).toBe(false);
    expect(canMove("pending_payment", "shipped")).toBe(false);
  });
});
