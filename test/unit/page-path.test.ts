import { describe, expect, it } from "vitest";
import { pagePath } from "../../worker/lib/page-path.ts";

const path = (url: string) => pagePath(new URL(url, "https://shop.example"));

describe("a page's own path", () => {
  it("drops campaign tags and click ids, whatever their case, and keeps what the page reads", () => {
    expect(path("/p/teapot?utm_source=news&utm_campaign=spring&fbclid=IwAR0abc")).toBe("/p/teapot");
    expect(path("/c/food-tea?sort=price_asc&GCLID=Cj0K&page=2&mc_eid=9f3")).toBe("/c/food-tea?sort=price_asc&page=2");
    expect(path("/search?q=%E7%BB%BF%E8%8C%B6&_gl=1*abc&msclkid=77")).toBe("/search?q=%E7%BB%BF%E8%8C%B6");
  });

  it("leaves a query without tracking parameters exactly as it was sent", () => {
    expect(path("/search?q=green%20tea&page=2")).toBe("/search?q=green%20tea&page=2");
    expect(path("/p/teapot")).toBe("/p/teapot");
    // Names that merely contain a tracking parameter's name are the page's own.
    expect(path("/search?q=utm_source&gclid_note=1")).toBe("/search?q=utm_source&gclid_note=1");
  });
});
