/**
 * Every feature's part of a member's data export, in the order the archive lists them. A feature that
 * keeps something about members adds its exporter here (one line); the archive, its index and the
 * tests pick it up from this list.
 */
import { codesExporter, historyExporter, profileExporter, sessionsExporter } from "../accounts/export.ts";
import { cartExporter } from "../cart/export.ts";
import { addressesExporter } from "../checkout/export.ts";
import { consentExporter } from "../consent/export.ts";
import { guardianConsentsExporter } from "../guardians/export.ts";
import { identityExporter } from "../identity/export.ts";
import { savedImageSearchesExporter } from "../image-search/export.ts";
import { levelExporter } from "../levels/export.ts";
import { chatExporter, flashSaleHoldsExporter, showCouponsExporter } from "../live/export.ts";
import { ordersExporter } from "../orders/export.ts";
import { notificationsExporter } from "../outbox/export.ts";
import { searchHistoryExporter } from "../search/history-export.ts";
import type { Exporter } from "./exporter.ts";

export const exporters: Exporter[] = [
  profileExporter,
  sessionsExporter,
  codesExporter,
  consentExporter,
  notificationsExporter,
  historyExporter,
  searchHistoryExporter,
  savedImageSearchesExporter,
  cartExporter,
  addressesExporter,
  ordersExporter,
  levelExporter,
  flashSaleHoldsExporter,
  showCouponsExporter,
  chatExporter,
  identityExporter,
  guardianConsentsExporter,
];
