/**
 * The notification log in a member's data export: each message the shop wrote for them, with its
 * subject as they received it, channel, status and dates. Message bodies are not kept once delivered and
 * secret parameters (codes) are erased; neither is in the export.
 */
import { asc, eq } from "drizzle-orm";
import { outbox } from "../../../db/schema/index.ts";
import type { Exporter } from "../data-export/exporter.ts";
import { isTemplate, renderMessage } from "./templates.ts";

export const notificationsExporter: Exporter = {
  name: "notifications",
  async export(db, _env, member) {
    const rows = await db.select().from(outbox).where(eq(outbox.memberId, member.id)).orderBy(asc(outbox.createdAt));
    return rows.map((row) => ({
      template: row.template,
      subject: isTemplate(row.template) ? renderMessage(row.template, row.locale, row.params ?? {}).subject : null,
      channel: row.channel,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.createdAt,
      deliveredAt: row.deliveredAt,
    }));
  },
};
