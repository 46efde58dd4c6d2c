/** The one money type: integer minor units plus an ISO 4217 currency code. */
export type Money = { minor: number; currency: string };

/**
 * Number formats, made once per isolate: building an `Intl.NumberFormat` costs far more than using one,
 * and a page formats dozens of prices.
 */
const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string, fractionDigits?: number): Intl.NumberFormat {
  const key = `${locale} ${currency} ${fractionDigits ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, ...(fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits }) });
    formats.set(key, format);
  }
  return format;
}

const digitsOf = new Map<string, number>();

/** Digits after the point in `currency` (2 for CNY, 0 for JPY); `resolvedOptions()` makes an object per call, so once per isolate. */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) digitsOf.set(currency, (digits = currencyFormat("en", currency).resolvedOptions().maximumFractionDigits ?? 2));
  return digits;
}

export function formatMoney(money: Money, locale: string): string {
  const digits = minorDigits(money.currency);
  return currencyFormat(locale, money.currency, money.minor % 10 ** digits === 0 ? 0 : digits).format(money.minor / 10 ** digits);
}

/** Whole-percent discount of `price` against `listPrice`, or 0 when there is none. */
export function discountPercent(priceMinor: number, listPriceMinor: number): number {
  if (listPriceMinor <= priceMinor || listPriceMinor <= 0) return 0;
  return Math.floor(((listPriceMinor - priceMinor) * 100) / listPriceMinor);
}
