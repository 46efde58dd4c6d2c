import { describe, expect, it } from "vitest";
import { shopDay } from "../../worker/lib/dates.ts";

describe("the shop's day", () => {
  it("turns over at midnight Beijing time, not UTC", () => {
    expect(shopDay(new Date("2026-11-25T15:59:30Z"))).toEqual({ day: "2026-11-25", secondsLeft: 30 });
    expect(shopDay(new Date("2026-11-25T16:00:00Z"))).toEqual({ day: "2026-11-26", secondsLeft: 86_400 });
  });
});
