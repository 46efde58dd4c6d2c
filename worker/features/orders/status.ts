import type { OrderStatus } from "../../../db/schema/index.ts";

/**
 * The order status machine. The database refuses any other move too (trigger `orders_status_moves`,
 * migration 0007); a test checks the two agree.
 */
export const orderMoves: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["shipped", "refunded"],
  shipped: ["delivered"],
  delivered: ["completed", "refunded"],
  completed: ["refunded"],
  cancelled: [],
  refunded: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus) => orderMoves[from].includes(to);

/** The column that records when an order reached `status`. */
export const reachedColumn = {
  pending_payment: "created_at",
  paid: "paid_at",
  shipped: "shipped_at",
  delivered: "delivered_at",
  completed: "completed_at",
  cancelled: "cancelled_at",
  refunded: "refunded_at",
} as const satisfies Record<OrderStatus, string>;

/** The happy path, in order, for the progress shown on an order page. */
export const orderProgress = ["pending_payment", "paid", "shipped", "delivered", "completed"] as const satisfies readonly OrderStatus[];
