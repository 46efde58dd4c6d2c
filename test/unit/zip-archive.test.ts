import { crc32 as nodeCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readZip, zipStore } from "../../worker/features/data-export/archive.ts";
import { crc32 } from "../../worker/lib/crc32.ts";

const text = (value: string) => new TextEncoder().encode(value);

describe("CRC-32", () => {
  it("matches the standard check value and Node's own implementation", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const sample = text("数据导出 · data export {\"a\":1}\n".repeat(50));
    expect(crc32(sample)).toBe(nodeCrc32(sample));
  });
});

describe("store-only ZIP", () => {
  const modified = new Date("2026-05-04T10:20:30Z");
  const entries = [
    { name: "data.json", data: text('{"profile":{"nickname":"茶友"}}') },
    { name: "index.html", data: text("<!doctype html><title>x</title>") },
    { name: "empty.txt", data: new Uint8Array() },
  ];

  it("reads back every file with its exact bytes and UTF-8 name", () => {
    const files = readZip(zipStore([...entries, { name: "说明.txt", data: text("你好") }], modified));
    expect([...files.keys()]).toEqual(["data.json", "index.html", "empty.txt", "说明.txt"]);
    expect(new TextDecoder().decode(files.get("data.json"))).toBe('{"profile":{"nickname":"茶友"}}');
    expect(files.get("empty.txt")).toHaveLength(0);
    expect(new TextDecoder().decode(files.get("说明.txt"))).toBe("你好");
  });

  it("writes the classic layout: local headers, central directory, end record with the right counts and offsets", () => {
    const zip = zipStore(entries, modified);
    const view = new DataView(zip.buffer);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // stored
    expect(view.getUint32(14, true)).toBe(crc32(entries[0]!.data));
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(3);
    const centralSize = view.getUint32(end + 12, true);
    const centralOffset = view.getUint32(end + 16, true);
    expect(centralOffset + centralSize).toBe(end);
    expect(view.getUint32(centralOffset, true)).toBe(0x02014b50);
    // 2026-05-04 10:20:30 in MS-DOS format.
    expect(view.getUint16(12, true)).toBe(((2026 - 1980) << 9) | (5 << 5) | 4);
    expect(view.getUint16(10, true)).toBe((10 << 11) | (20 << 5) | 15);
  });

  it("refuses a damaged archive instead of returning wrong bytes", () => {
    const zip = zipStore(entries, modified);
    const damaged = zip.slice();
    damaged[30 + "data.json".length + 2]! ^= 0xff;
    expect(() => readZip(damaged)).toThrow(/CRC/);
    expect(() => readZip(zip.subarray(0, zip.length - 5))).toThrow(/not a ZIP/);
  });
});
