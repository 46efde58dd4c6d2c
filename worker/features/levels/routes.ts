import { Hono } from "hono";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { renderPage } from "../../views/render.ts";
import { memberLevel } from "./queries.ts";
import { LevelsPage } from "./views.ts";

/** The published member levels (policy §2.1), with the signed-in member's own standing. */
export const levelRoutes = new Hono<AppEnv>().get("/levels", async (c) => {
  const member = c.get("member");
  const standing = member ? await memberLevel(database(c.env.DB), member.id) : null;
  return renderPage(c, { title: c.get("t")("levels.title"), body: html`<${LevelsPage} standing=${standing} />` });
});
