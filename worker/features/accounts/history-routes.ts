/**
 * The member's history pages (policy §3.1, §3.2): view, delete an item, clear all, pause and resume, and
 * choose where searches are kept. Every form names things only together with the signed-in member, so
 * another member's item in a form changes nothing.
 */
import { Hono } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { historyKinds } from "../../../db/schema/index.ts";
import { database } from "../../lib/db.ts";
import { validate } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import {
  clearSearchHistory,
  deleteSearchTerm,
  searchHistorySettings,
  searchTerms,
  setKeepSearchHistory,
  setSearchHistoryOnDevice,
} from "../search/history.ts";
import { clearHistory, deleteHistoryItem, historyItems, historyPageSize, keepsHistory, setKeepHistory } from "./history.ts";
import { HistoryPage, historyDone, SearchHistoryPage, searchHistoryDone } from "./history-views.ts";
import { requireMember } from "./middleware.ts";

const switchForm = v.object({ keep: v.picklist(["on", "off"]) });
const itemForm = v.object({ kind: v.picklist(historyKinds), subject: v.pipe(v.string(), v.regex(/^[a-z]{2,8}_[0-9a-z]{16}$/)) });
const termForm = v.object({ term: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });
const deviceForm = v.object({ device: v.picklist(["on", "off"]) });
/** What the page confirms after a change; anything else in the address is ignored. */
const doneQuery = <const T extends readonly string[]>(values: T) => v.object({ done: v.optional(v.picklist(values)) });

export const historyRoutes = new Hono<AppEnv>()
  .use("/account/history", requireMember())
  .use("/account/history/*", requireMember())
  .use("/account/search-history", requireMember())
  .use("/account/search-history/*", requireMember())
  .get("/account/history", async (c) => {
    const db = database(c.env.DB);
    const member = c.get("member")!;
    const [items, keep] = await Promise.all([historyItems(db, member.id, c.get("locale"), historyPageSize + 1), keepsHistory(db, member.id)]);
    const query = v.safeParse(doneQuery(historyDone), c.req.query());
    return renderPage(c, {
      title: c.get("t")("history.title"),
      body: html`<${HistoryPage}
        items=${items.slice(0, historyPageSize)}
        more=${items.length > historyPageSize}
        keep=${keep}
        done=${query.success ? (query.output.done ?? null) : null}
        now=${new Date()}
      />`,
    });
  })
  .post("/account/history/keep", validate("form", switchForm), async (c) => {
    const keep = c.req.valid("form").keep === "on";
    await setKeepHistory(database(c.env.DB), c.get("member")!.id, keep);
    return c.redirect(`/account/history?done=${keep ? "resumed" : "paused"}`, 303);
  })
  .post("/account/history/delete", validate("form", itemForm), async (c) => {
    const { kind, subject } = c.req.valid("form");
    await deleteHistoryItem(database(c.env.DB), c.get("member")!.id, kind, subject);
    return c.redirect("/account/history?done=deleted", 303);
  })
  .post("/account/history/clear", async (c) => {
    await clearHistory(database(c.env.DB), c.get("member")!.id);
    return c.redirect("/account/history?done=cleared", 303);
  })
  .get("/account/search-history", async (c) => {
    const db = database(c.env.DB);
    const member = c.get("member")!;
    const [terms, settings] = await Promise.all([searchTerms(db, member.id), searchHistorySettings(db, member.id)]);
    const query = v.safeParse(doneQuery(searchHistoryDone), c.req.query());
    return renderPage(c, {
      title: c.get("t")("searchHistory.title"),
      body: html`<${SearchHistoryPage} terms=${terms} settings=${settings} done=${query.success ? (query.output.done ?? null) : null} />`,
    });
  })
  .post("/account/search-history/keep", validate("form", switchForm), async (c) => {
    const keep = c.req.valid("form").keep === "on";
    await setKeepSearchHistory(database(c.env.DB), c.get("member")!.id, keep);
    return c.redirect(`/account/search-history?done=${keep ? "resumed" : "paused"}`, 303);
  })
  .post("/account/search-history/device", validate("form", deviceForm), async (c) => {
    await setSearchHistoryOnDevice(database(c.env.DB), c.get("member")!.id, c.req.valid("form").device === "on");
    return c.redirect("/account/search-history?done=saved", 303);
  })
  .post("/account/search-history/delete", validate("form", termForm), async (c) => {
    await deleteSearchTerm(database(c.env.DB), c.get("member")!.id, c.req.valid("form").term);
    return c.redirect("/account/search-history?done=deleted", 303);
  })
  .post("/account/search-history/clear", async (c) => {
    await clearSearchHistory(database(c.env.DB), c.get("member")!.id);
    return c.redirect("/account/search-history?done=cleared", 303);
  });
