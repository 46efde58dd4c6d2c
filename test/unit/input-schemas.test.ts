import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { listingQuery, slugParam } from "../../worker/features/catalog/listing-query.ts";
import { localPath } from "../../worker/features/language/routes.ts";

describe("listing query", () => {
  it("defaults to the newest first, page 1, and ignores unknown parameters", () => {
    expect(v.parse(listingQuery, { utm_source: "mail" })).toEqual({ sort: "newest", page: 1 });
    expect(v.parse(listingQuery, { sort: "price_desc", page: "3" })).toEqual({ sort: "price_desc", page: 3 });
  });

  it("refuses pages that are not whole numbers from 1 to 999 and unknown sorts", () => {
    for (const page of ["0", "-1", "1.5", "1000", "two", ""]) expect(v.safeParse(listingQuery, { page }).success).toBe(false);
    expect(v.safeParse(listingQuery, { sort: "random" }).success).toBe(false);
  });
});

describe("slugs and redirect targets", () => {
  it("accepts only lower-case hyphenated slugs", () => {
    expect(v.safeParse(slugParam, { slug: "honey-glass-teapot" }).success).toBe(true);
    for (const slug of ["Honey", "a--b", "-a", "a_b", "../x", ""]) expect(v.safeParse(slugParam, { slug }).success).toBe(false);
  });

  it("accepts same-site paths only, so the language form is no open redirect", () => {
    for (const path of ["/", "/p/honey?x=1", "/c/fashion#top"]) expect(v.safeParse(localPath, path).success).toBe(true);
    for (const path of ["//evil.example", "https://evil.example", "/\\evil.example", "evil", "/a b"]) {
      expect(v.safeParse(localPath, path).success, path).toBe(false);
    }
  });
});
