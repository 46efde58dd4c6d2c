import { Hono } from "hono";
import { html } from "htm/preact";
import { desc } from "drizzle-orm";
import { devInbox } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { renderPage } from "../../views/render.ts";
import { usePage } from "../../views/page-context.ts";
import { developmentOnly } from "../../middleware/development-only.ts";

type InboxRow = typeof devInbox.$inferSelect;

function DevOutboxPage({ messages }: { messages: InboxRow[] }) {
  const { t, locale } = usePage();
  return html`<section>
    <h1>${t("dev.outbox.title")}</h1>
    <p class="notice">${t("dev.outbox.intro")}</p>
    ${messages.length === 0
      ? html`<p>${t("dev.outbox.empty")}</p>`
      : html`<ol class="dev-outbox">
          ${messages.map(
            (message) => html`<li key=${message.id} class="dev-outbox__message" data-recipient=${message.recipient}>
              <p class="muted">${formatDateTime(message.deliveredAt, locale)} · ${message.channel.toUpperCase()} · ${t("dev.outbox.to")} <strong>${message.recipient}</strong></p>
              <pre>${message.body}</pre>
            </li>`,
          )}
        </ol>`}
  </section>`;
}

/**
 * The development inbox: what the dev SMS and email adapters delivered, newest first, so a developer can
 * read the code they were sent. Absent in production (404), where messages go to real providers.
 */
export const outboxRoutes = new Hono<AppEnv>().get("/dev/outbox", developmentOnly(), async (c) => {
  const messages = await database(c.env.DB).select().from(devInbox).orderBy(desc(devInbox.deliveredAt)).limit(50);
  return renderPage(c, { title: c.get("t")("dev.outbox.title"), body: html`<${DevOutboxPage} messages=${messages} />` });
});
