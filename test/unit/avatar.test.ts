import { describe, expect, it } from "vitest";
import { defaultAvatarSvg, sniffImageType } from "../../worker/features/accounts/avatar.ts";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part)));

describe("sniffImageType", () => {
  it("recognises PNG, JPEG, WebP and GIF by their magic numbers", () => {
    expect(sniffImageType(bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13], "IHDR"))).toBe("image/png");
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF"))).toBe("image/jpeg");
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16], "Exif"))).toBe("image/jpeg");
    expect(sniffImageType(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(bytes("GIF89a", [1, 0, 1, 0]))).toBe("image/gif");
    expect(sniffImageType(bytes("GIF87a", [1, 0, 1, 0]))).toBe("image/gif");
  });

  it("refuses text, SVG, HTML and near misses, whatever the file claims to be", () => {
    const refused = [
      bytes("hello, I am a text file"),
      bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      bytes("<!DOCTYPE html><html><body>GIF89a</body></html>"),
      bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), // a WAV file is RIFF too
      bytes([0x89], "PNG"), // truncated signature
      bytes("GIF88a"),
      bytes([0xff, 0xd8]),
      new Uint8Array(),
    ];
    for (const file of refused) expect(sniffImageType(file), new TextDecoder().decode(file)).toBeNull();
  });
});

/** The circle's fill and the drawn letter, read back from the markup. */
function parts(svg: string) {
  return { fill: /<circle [^>]*fill="(#[0-9a-f]{6})"/.exec(svg)?.[1], text: /<text [^>]*>([^<]*)<\/text>/.exec(svg)?.[1] };
}

function contrastWithWhite(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

describe("defaultAvatarSvg", () => {
  it("draws a 256 px circle with the nickname's first letter, upper-cased", () => {
    const svg = defaultAvatarSvg("lin mei", "member-1");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="256" height="256" viewBox="0 0 256 256">/);
    expect(svg).toContain('<circle cx="128" cy="128" r="128"');
    expect(parts(svg).text).toBe("L");
    expect(parts(defaultAvatarSvg("  émile", "m")).text).toBe("É");
  });

  it("escapes markup so a nickname can never inject into the SVG", () => {
    expect(parts(defaultAvatarSvg("<script>alert(1)</script>", "m")).text).toBe("&lt;");
    expect(parts(defaultAvatarSvg("&amp", "m")).text).toBe("&amp;");
    expect(parts(defaultAvatarSvg('"quoted"', "m")).text).toBe("&quot;");
    expect(parts(defaultAvatarSvg("'single", "m")).text).toBe("&apos;");
    expect(defaultAvatarSvg("<x>", "m")).not.toContain("<x");
  });

  it("keeps whole graphemes: Chinese, emoji sequences, flags, combining marks", () => {
    expect(parts(defaultAvatarSvg("林小梅", "m")).text).toBe("林");
    expect(parts(defaultAvatarSvg("👩‍👩‍👧 family", "m")).text).toBe("👩‍👩‍👧");
    expect(parts(defaultAvatarSvg("👍🏽yes", "m")).text).toBe("👍🏽");
    expect(parts(defaultAvatarSvg("🇨🇳 shop", "m")).text).toBe("🇨🇳");
    expect(parts(defaultAvatarSvg("e\u0301mile", "m")).text).toBe("E\u0301");
  });

  it("keeps a letter whose capital would be two letters, and skips invisible leading characters", () => {
    expect(parts(defaultAvatarSvg("ßtraße", "m")).text).toBe("ß");
    expect(parts(defaultAvatarSvg("\u202e\u200b\u0007ana", "m")).text).toBe("A");
  });

  it("draws just the circle when the nickname has nothing visible", () => {
    const svg = defaultAvatarSvg(" \u200b ", "m");
    expect(parts(svg).text).toBeUndefined();
    expect(parts(svg).fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("gives the same seed the same colour whatever the nickname, and spreads seeds over many colours", () => {
    expect(parts(defaultAvatarSvg("Ann", "member-42")).fill).toBe(parts(defaultAvatarSvg("林", "member-42")).fill);
    const fills = new Set(Array.from({ length: 50 }, (_, i) => parts(defaultAvatarSvg("A", `member-${i}`)).fill));
    expect(fills.size).toBeGreaterThan(30);
  });

  it("keeps the white letter readable on every colour (WCAG 4.5:1)", () => {
    for (let i = 0; i < 500; i++) {
      const fill = parts(defaultAvatarSvg("A", `seed-${i}`)).fill!;
      expect(contrastWithWhite(fill), fill).toBeGreaterThanOrEqual(4.5);
    }
  });
});
