import type { ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";

/** Whom an export is for: the member's id, and the language their archive's index is written in. */
export type ExportMember = { id: string; locale: ContentLocale };

/** A file put into the archive beside `data.json`, under `files/` (a picture, a document). */
export type ExportFile = { name: string; data: Uint8Array };

/** Where an archived file stands in the archive, as `data.json` names it: always under `files/`. */
export const archivedPath = (name: string) => `files/${name}`;

/**
 * One feature's part of a member's data export. `export` returns plain JSON-able data (dates become ISO
 * strings) about this member only: another person's details that the member's records hold (the
 * recipient of an order for someone else, a guardian) are masked. `name` is the section's key in
 * `data.json`; its heading in the index is `export.section.<name>` when the catalogue has it. `files`
 * adds what the member gave or got as a file (their picture, invoice documents), which the data names
 * by `archivedPath`.
 */
export type Exporter = {
  name: string;
  export(db: Db, env: Env, member: ExportMember): Promise<unknown>;
  files?(db: Db, env: Env, member: ExportMember): Promise<ExportFile[]>;
};

/** An R2 object's bytes, or null when it is gone. */
export async function storedBytes(bucket: R2Bucket, key: string): Promise<Uint8Array | null> {
  const object = await bucket.get(key);
  return object ? new Uint8Array(await object.arrayBuffer()) : null;
}
