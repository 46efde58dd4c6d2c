/** The member's search history in their data export: every term kept with its count and times. */
import type { Exporter } from "../data-export/exporter.ts";
import { searchTerms } from "./history.ts";

export const searchHistoryExporter: Exporter = {
  name: "searchHistory",
  export: (db, _env, member) => searchTerms(db, member.id),
};
