/** The shop's home time zone: show times are given in it, with the zone named so nobody is misled. */
export const shopTimeZone = "Asia/Shanghai";
/** Its offset from UTC (China keeps no daylight saving time), for reading times typed in forms. */
export const shopTimeZoneOffsetMinutes = 8 * 60;

/** `date` as a datetime-local value in the shop's time zone (`2026-12-01T20:00`). */
export const localInputValue = (date: Date) => new Date(date.getTime() + shopTimeZoneOffsetMinutes * 60_000).toISOString().slice(0, 16);

/**
 * Date formats, made once per isolate and kind: building an `Intl.DateTimeFormat` costs far more than using
 * one (it was a fifth of the home page's CPU, a format per show time).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(kind: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone: shopTimeZone })));
  return format;
}

export function formatDateTime(date: Date, locale: string): string {
  return dateFormat("date-time", locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(date);
}

export function formatTime(date: Date, locale: string): string {
  return dateFormat("time", locale, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(date);
}

export function formatDate(date: Date, locale: string): string {
  return dateFormat("date", locale, { year: "numeric", month: "long", day: "numeric" }).format(date);
}

/** The shop's calendar day at `now` (YYYY-MM-DD in the shop's time zone), and seconds left in it. */
export function shopDay(now: Date): { day: string; secondsLeft: number } {
  const parts = Object.fromEntries(
    dateFormat("parts", "en-CA", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const elapsed = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, secondsLeft: 86_400 - elapsed };
}
