/** The shop's home time zone: show times are given in it, with the zone named so nobody is misled. */
export const shopTimeZone = "Asia/Shanghai";

export function formatDateTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: shopTimeZone,
    timeZoneName: "short",
  }).format(date);
}

export function formatDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: shopTimeZone }).format(date);
}
