import { describe, expect, it } from "vitest";
import { exporters } from "../../worker/features/data-export/exporters.ts";
import { indexDocument } from "../../worker/features/data-export/index-document.ts";
import { en } from "../../worker/i18n/en.ts";

const generatedAt = new Date("2026-05-04T02:00:00Z");

describe("the export's readable index", () => {
  it("names every registered section in both languages", () => {
    for (const { name } of exporters) expect(`export.section.${name}` in en, name).toBe(true);
    const zh = indexDocument({ sections: Object.fromEntries(exporters.map(({ name }) => [name, null])), locale: "zh-CN", generatedAt, nickname: "茶友" });
    expect(zh).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(zh).toContain("您在灯笼优选的数据");
    expect(zh).toContain("订单");
    expect(zh).toContain("同意记录及凭证");
  });

  it("shows amounts as money, dates in the member's language, links archived files, and spells out names it has no label for", () => {
    const page = indexDocument({
      sections: {
        orders: [{ number: "2026050412345678", totalMinor: 12800, currency: "CNY", createdAt: "2026-05-04T02:00:00.000Z", items: [{ product: "Tea", unitPriceMinor: 6400, quantity: 2 }] }],
        reviews: [{ starRating: 5 }],
        profile: { avatar: "files/avatar.webp" },
      },
      locale: "en",
      generatedAt,
      nickname: "Mei",
    });
    expect(page).toContain("CN¥128");
    expect(page).toContain("CN¥64");
    expect(page).toContain("May 4, 2026");
    expect(page).toContain("Star rating");
    expect(page).toContain("Reviews");
    expect(page).not.toContain(">CNY<");
    expect(page).toContain('<a href="files/avatar.webp">files/avatar.webp</a>');
  });

  it("is inert whatever the data says: values are escaped, and it has no scripts, styles or outside resources", () => {
    const page = indexDocument({
      sections: { profile: { nickname: '<script>alert("x")</script>', avatar: "javascript:alert(1)" } },
      locale: "en",
      generatedAt,
      nickname: "<img src=x onerror=alert(1)>",
    });
    expect(page).not.toMatch(/<script|<img|<style|style=|<link|https?:\/\//);
    expect(page).toContain("&lt;script>");
    expect(page).not.toContain("href=\"javascript");
  });
});
