import { describe, expect, it } from "vitest";
import { maskEmail, maskName } from "../../worker/lib/masking.ts";

describe("masking", () => {
  it("shows a name's first character only, keeping spaces", () => {
    expect(maskName("王芳")).toBe("王*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName(" Wang Fang ")).toBe("W*** ****");
    expect(maskName("𠮷野家")).toBe("𠮷**");
    expect(maskName("")).toBe("");
  });

  it("shows an email's first letter and domain", () => {
    expect(maskEmail("mei@example.com")).toBe("m•••@example.com");
  });
});
