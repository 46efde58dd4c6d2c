/** The one money type: integer minor units plus an ISO 4217 currency code. */
export type Money = { minor: number; currency: string };

/** Digits after the point in `currency` (2 for CNY, 0 for JPY). */
export const minorDigits = (currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function formatMoney(money: Money, locale: string): string {
  const digits = minorDigits(money.currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: money.currency,
    minimumFractionDigits: money.minor % 10 ** digits === 0 ? 0 : digits,
  }).format(money.minor / 10 ** digits);
}

/** Whole-percent discount of `price` against `listPrice`, or 0 when there is none. */
export function discountPercent(priceMinor: number, listPriceMinor: number): number {
  if (listPriceMinor <= priceMinor || listPriceMinor <= 0) return 0;
  return Math.floor(((listPriceMinor - priceMinor) * 100) / listPriceMinor);
}
