import { describe, expect, it } from "vitest";
import { ageInYears, ageOfConsent, birthYears, checkBirthMonth, isMinor, latestBirthMonthAged } from "../../worker/features/guardians/age.ts";

/** A moment given as the shop's wall-clock time (China, UTC+8, no daylight saving time). */
const shopTime = (local: string) => new Date(`${local}+08:00`);

describe("age from a year and month of birth", () => {
  it("counts from the last day of the birth month, so nobody is taken for older than they are", () => {
    expect(ageInYears("2012-05", shopTime("2026-04-30T12:00:00"))).toBe(13);
    expect(ageInYears("2012-05", shopTime("2026-05-01T00:00:00"))).toBe(13);
    expect(ageInYears("2012-05", shopTime("2026-05-30T23:59:59"))).toBe(13);
    expect(ageInYears("2012-05", shopTime("2026-05-31T00:00:00"))).toBe(14);
    expect(ageInYears("2012-05", shopTime("2026-06-01T00:00:00"))).toBe(14);
    expect(ageInYears("2012-12", shopTime("2026-12-30T10:00:00"))).toBe(13);
    expect(ageInYears("2012-12", shopTime("2026-12-31T10:00:00"))).toBe(14);
  });

  it("reads the day on the shop's calendar, not the server's", () => {
    // 31 May 2026 begins at 16:00 UTC on the 30th in the shop's time zone.
    expect(ageInYears("2012-05", new Date("2026-05-30T15:59:59Z"))).toBe(13);
    expect(ageInYears("2012-05", new Date("2026-05-30T16:00:00Z"))).toBe(14);
  });

  it("takes someone born in February of a leap year to be a year older on 1 March when the year has no 29th", () => {
    expect(ageInYears("2012-02", shopTime("2026-02-28T12:00:00"))).toBe(13);
    expect(ageInYears("2012-02", shopTime("2026-03-01T00:00:00"))).toBe(14);
    expect(ageInYears("2012-02", shopTime("2028-02-29T00:00:00"))).toBe(16);
    expect(ageInYears("2013-02", shopTime("2027-02-28T00:00:00"))).toBe(14);
  });

  it("treats members without a birth month (from before it was asked) as adults", () => {
    expect(isMinor(null, shopTime("2026-06-01T00:00:00"), 14)).toBe(false);
    expect(isMinor("2014-01", shopTime("2026-06-01T00:00:00"), 14)).toBe(true);
    expect(isMinor("2012-05", shopTime("2026-06-01T00:00:00"), 14)).toBe(false);
  });

  it("names the latest birth month of someone old enough, agreeing with the age on every day of a year with 29 February", () => {
    for (let day = 0; day < 400; day++) {
      const now = new Date(Date.UTC(2027, 11, 1, 4) + day * 86_400_000);
      const cutoff = latestBirthMonthAged(14, now);
      const [year, month] = cutoff.split("-").map(Number) as [number, number];
      const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
      expect(ageInYears(cutoff, now), `${now.toISOString()} ${cutoff}`).toBeGreaterThanOrEqual(14);
      expect(ageInYears(next, now), `${now.toISOString()} ${next}`).toBeLessThan(14);
    }
  });

  it("reads the age of consent from the setting, falling back to 14", () => {
    expect(ageOfConsent({ AGE_OF_CONSENT: "16" })).toBe(16);
    expect(ageOfConsent({ AGE_OF_CONSENT: "" })).toBe(14);
    expect(ageOfConsent({ AGE_OF_CONSENT: "fourteen" })).toBe(14);
    expect(ageOfConsent({ AGE_OF_CONSENT: "-3" })).toBe(14);
  });
});

describe("the birth month a registration gives", () => {
  const now = shopTime("2026-06-15T12:00:00");

  it("is kept as YYYY-MM", () => {
    expect(checkBirthMonth("2012", "5", now)).toEqual({ ok: true, value: "2012-05" });
    expect(checkBirthMonth("1990", "11", now)).toEqual({ ok: true, value: "1990-11" });
    expect(checkBirthMonth("2026", "06", now)).toEqual({ ok: true, value: "2026-06" });
  });

  it("is refused in the future, more than 120 years back, or unchosen", () => {
    expect(checkBirthMonth("2026", "07", now)).toEqual({ ok: false, errors: { birthYear: ["guardians.birth.future"] } });
    expect(checkBirthMonth("2030", "01", now)).toEqual({ ok: false, errors: { birthYear: ["guardians.birth.future"] } });
    expect(checkBirthMonth("1890", "01", now)).toEqual({ ok: false, errors: { birthYear: ["guardians.birth.tooOld"] } });
    expect(checkBirthMonth("", "", now)).toEqual({ ok: false, errors: { birthYear: ["guardians.birth.required"] } });
    expect(checkBirthMonth("1990", "13", now)).toEqual({ ok: false, errors: { birthYear: ["guardians.birth.required"] } });
  });

  it("offers this year back to just past the oldest accepted age", () => {
    const years = birthYears(now);
    expect(years[0]).toBe(2026);
    expect(years.at(-1)).toBe(1905);
  });
});
