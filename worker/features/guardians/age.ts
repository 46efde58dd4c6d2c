/**
 * Age from a year and month of birth (policy §9: nothing finer is kept), on the shop's calendar. With
 * only the month known, a member counts as born on its LAST day, so nobody is ever taken for older than
 * they are: born in May 2012, they are 14 from 31 May 2026 (born in February of a leap year, from 1 March
 * in a year without 29 February).
 */
import type { MessageKey } from "../../i18n/index.ts";
import { shopDay } from "../../lib/dates.ts";
import type { Checked } from "../accounts/member-rules.ts";

/** Where the setting is missing or unreadable, the policy's own age. */
export const defaultAgeOfConsent = 14;
/** Older than this is a slip of the finger, not a member. */
export const oldestAge = 120;

const pattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The age of consent the deployment sets (`AGE_OF_CONSENT`), or the policy's default. */
export function ageOfConsent(env: Pick<Env, "AGE_OF_CONSENT">): number {
  const value = Number(env.AGE_OF_CONSENT);
  return Number.isInteger(value) && value > 0 && value < 30 ? value : defaultAgeOfConsent;
}

type Day = { year: number; month: number; day: number };

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthText = (year: number, month: number) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

/** Today on the shop's calendar. */
function today(now: Date): Day {
  const [year, month, day] = shopDay(now).day.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

function parse(birthMonth: string): { year: number; month: number } {
  const match = pattern.exec(birthMonth);
  if (!match) throw new RangeError(`not a birth month: ${birthMonth}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** Whole years since the last day of `birthMonth` ("YYYY-MM") at `now`, on the shop's calendar. */
export function ageInYears(birthMonth: string, now: Date): number {
  const birth = parse(birthMonth);
  const on = today(now);
  const birthday = lastDay(birth.year, birth.month);
  const before = on.month < birth.month || (on.month === birth.month && on.day < birthday);
  return on.year - birth.year - (before ? 1 : 0);
}

/** Under the age of consent at `now`. Members without a birth month (from before it was asked) are adults. */
export const isMinor = (birthMonth: string | null, now: Date, age: number) => birthMonth !== null && ageInYears(birthMonth, now) < age;

/**
 * The latest birth month of someone at least `age` years old at `now`: every later month is a minor's.
 * "YYYY-MM" strings sort like the months they name, so SQL can compare `birth_month` with it.
 */
export function latestBirthMonthAged(age: number, now: Date): string {
  const on = today(now);
  const year = on.year - age;
  if (on.day >= lastDay(year, on.month)) return monthText(year, on.month);
  return on.month === 1 ? monthText(year - 1, 12) : monthText(year, on.month - 1);
}

/**
 * The birth month a registration form gives (year and month chosen separately), refused when it lies in
 * the future or more than `oldestAge` years back; errors go to the year, the group's first control.
 */
export function checkBirthMonth(year: string, month: string, now: Date): Checked<string> {
  const fail = (key: MessageKey): Checked<string> => ({ ok: false, errors: { birthYear: [key] } });
  const on = today(now);
  const y = Number(year);
  const m = Number(month);
  if (!Number.isInteger(y) || !Number.isInteger(m) || m < 1 || m > 12) return fail("guardians.birth.required");
  if (y > on.year || (y === on.year && m > on.month)) return fail("guardians.birth.future");
  const value = monthText(y, m);
  if (ageInYears(value, now) > oldestAge) return fail("guardians.birth.tooOld");
  return { ok: true, value };
}

/** The years a registration form offers, newest first (this year back to `oldestAge` years ago). */
export function birthYears(now: Date): number[] {
  const { year } = today(now);
  return Array.from({ length: oldestAge + 2 }, (_, index) => year - index);
}
