/**
 * A small ZIP writer and reader, store-only (no compression): an export is a few JSON and HTML files,
 * and every unzip tool, file manager and spreadsheet reads stored entries. Pure (no I/O), so the format
 * is unit-tested by writing and reading back and against known CRC-32 values.
 */
import { crc32 } from "../../lib/crc32.ts";

export type ZipEntry = { name: string; data: Uint8Array };

const encoder = new TextEncoder();

/** MS-DOS date and time (local fields of `date` in UTC: ZIP has no time zone), two seconds' precision. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

const signatures = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;
/** General purpose flag bit 11: names are UTF-8. */
const utf8Names = 0x0800;
/** "Version needed to extract" for stored entries. */
const version = 20;

/**
 * One ZIP archive holding `entries` as stored (uncompressed) files, in order. Throws past the classic
 * format's limits (4 GiB, 65,535 entries), which an export never comes near.
 */
export function zipStore(entries: ZipEntry[], modified: Date): Uint8Array {
  if (entries.length > 0xffff) throw new Error("too many entries for a ZIP without ZIP64");
  const stamp = dosDateTime(modified);
  const names = entries.map((entry) => encoder.encode(entry.name));
  const localSize = entries.reduce((sum, entry, i) => sum + 30 + names[i]!.length + entry.data.length, 0);
  const centralSize = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const total = localSize + centralSize + 22;
  if (total > 0xffffffff) throw new Error("archive too large for a ZIP without ZIP64");

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (value: number) => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const bytes = (value: Uint8Array) => {
    out.set(value, at);
    at += value.length;
  };

  const records = entries.map((entry, i) => {
    const record = { offset: at, crc: crc32(entry.data), size: entry.data.length, name: names[i]! };
    u32(signatures.local);
    u16(version);
    u16(utf8Names);
    u16(0); // method: stored
    u16(stamp.time);
    u16(stamp.date);
    u32(record.crc);
    u32(record.size); // compressed size = size
    u32(record.size);
    u16(record.name.length);
    u16(0); // extra field length
    bytes(record.name);
    bytes(entry.data);
    return record;
  });

  const centralOffset = at;
  for (const record of records) {
    u32(signatures.central);
    u16(version); // made by (MS-DOS attributes)
    u16(version);
    u16(utf8Names);
    u16(0);
    u16(stamp.time);
    u16(stamp.date);
    u32(record.crc);
    u32(record.size);
    u32(record.size);
    u16(record.name.length);
    u16(0); // extra
    u16(0); // comment
    u16(0); // disk number
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(record.offset);
    bytes(record.name);
  }

  u32(signatures.end);
  u16(0);
  u16(0);
  u16(records.length);
  u16(records.length);
  u32(centralSize);
  u32(centralOffset);
  u16(0); // comment length
  return out;
}

/**
 * The files of a ZIP this module wrote (stored entries, no ZIP64), by name; each entry's CRC-32 is
 * checked. Throws on anything else, so a damaged archive is never served as if it were whole.
 */
export function readZip(archive: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = archive.length - 22;
  if (end < 0 || view.getUint32(end, true) !== signatures.end) throw new Error("not a ZIP archive (or it has a comment)");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== signatures.central) throw new Error("damaged central directory");
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    if (method !== 0) throw new Error(`entry ${name} is compressed`);
    if (view.getUint32(offset, true) !== signatures.local) throw new Error(`damaged entry ${name}`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const data = archive.subarray(start, start + size);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`entry ${name} fails its CRC`);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
