/**
 * Search by photo's part of a member's data export: the searches they saved, each with its photo as a
 * file and the features the shop computed from it. Photos searched with and not saved were never kept.
 */
import { asc, eq } from "drizzle-orm";
import { savedImageSearches } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { archivedPath, storedBytes, type ExportFile, type Exporter } from "../data-export/exporter.ts";

/** A saved search's photo in the archive, by the search's id. */
const photoFile = (id: string) => `image-searches/${id}.webp`;

const searchesOf = (db: Db, memberId: string) =>
  db.select().from(savedImageSearches).where(eq(savedImageSearches.memberId, memberId)).orderBy(asc(savedImageSearches.createdAt));

export const savedImageSearchesExporter: Exporter = {
  name: "savedImageSearches",
  async export(db, env, member) {
    const rows = await searchesOf(db, member.id);
    return Promise.all(
      rows.map(async (row) => ({
        savedAt: row.createdAt,
        photo: (await env.MEDIA.head(row.imageKey)) ? archivedPath(photoFile(row.id)) : null,
        colourHistogram: row.histogram,
        differenceHash: row.hash,
      })),
    );
  },
  async files(db, env, member) {
    const files: ExportFile[] = [];
    for (const row of await searchesOf(db, member.id)) {
      const data = await storedBytes(env.MEDIA, row.imageKey);
      if (data) files.push({ name: photoFile(row.id), data });
    }
    return files;
  },
};
