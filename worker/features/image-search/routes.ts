/**
 * Search by photo (policy §3.2, P12/P13). The photo is read in memory and forgotten when the answer is
 * sent; it is stored only when a member ticks "Save this search", and then only as a re-encoded copy
 * (no camera metadata) that they can delete. The camera input is a plain file input with `capture`: the
 * browser asks for the camera only when the shopper presses it, and the page runs no script.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { fieldErrors, validatePath, type FieldErrors } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { requireMember } from "../accounts/middleware.ts";
import { awaitingGuardian } from "../guardians/middleware.ts";
import { imageSearchForm } from "./form.ts";
import { keptPhoto, photoFeatures, photoLimits } from "./photo.ts";
import { deleteImageSearch, findImageSearch, saveImageSearch, savedImageSearchesOf, similarProducts } from "./queries.ts";
import { ImageResultsPage, ImageSearchPage, SavedResultsPage, SavedSearchesPage } from "./views.ts";

const searchParam = v.object({ id: v.pipe(v.string(), v.regex(/^isr_[0-9a-z]{16}$/)) });
const savedQuery = v.object({ saved: v.optional(v.literal("1")), deleted: v.optional(v.literal("1")) });

/** Every photo is decoded by the (paid) Images binding: a budget per client. */
const searchLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60 });

/** Members may keep a photo, once a guardian agreed when they need one (a photo is more than browsing needs). */
const canSave = async (c: Context<AppEnv>) => c.get("member") !== null && !(await awaitingGuardian(c));

async function renderForm(c: Context<AppEnv>, errors: FieldErrors = {}) {
  return renderPage(c, {
    title: c.get("t")("imageSearch.title"),
    status: Object.keys(errors).length > 0 ? 400 : 200,
    body: html`<${ImageSearchPage} errors=${errors} canSave=${await canSave(c)} />`,
  });
}

const flags = (c: Context<AppEnv>) => {
  const query = v.safeParse(savedQuery, c.req.query());
  return { saved: query.success && query.output.saved === "1", deleted: query.success && query.output.deleted === "1" };
};

export const imageSearchRoutes = new Hono<AppEnv>()
  .get("/search/image", (c) => renderForm(c))
  .post("/search/image", searchLimit, async (c) => {
    // An oversized upload is refused before it is read (the limit, plus room for the form's other parts).
    if (Number(c.req.header("Content-Length") ?? 0) > photoLimits.maxBytes + 64 * 1024) return renderForm(c, { photo: ["imageSearch.photo.too_large"] });
    const parsed = await v.safeParseAsync(imageSearchForm, await c.req.parseBody());
    if (!parsed.success) return renderForm(c, fieldErrors(parsed.issues));
    const { photo, save } = parsed.output;
    const read = await photoFeatures(c.env.IMAGES, photo);
    if (!read.ok) return renderForm(c, { photo: [`imageSearch.photo.${read.problem}`] });

    const db = database(c.env.DB);
    if (save && (await canSave(c))) {
      const id = await saveImageSearch(db, c.env.MEDIA, { memberId: c.get("member")!.id, photo: await keptPhoto(c.env.IMAGES, photo), features: read.features });
      return c.redirect(`/account/saved-searches/${id}?saved=1`, 303);
    }
    const matches = await similarProducts(db, read.features, c.get("locale"));
    const outcome = save && !c.get("member") ? "guest_not_saved" : "not_kept";
    return renderPage(c, { title: c.get("t")("imageSearch.results.title"), body: html`<${ImageResultsPage} matches=${matches} outcome=${outcome} />` });
  })
  .use("/account/saved-searches", requireMember())
  .use("/account/saved-searches/*", requireMember())
  .get("/account/saved-searches", async (c) => {
    const searches = await savedImageSearchesOf(database(c.env.DB), c.get("member")!.id);
    return renderPage(c, { title: c.get("t")("imageSearch.saved.title"), body: html`<${SavedSearchesPage} searches=${searches} deleted=${flags(c).deleted} />` });
  })
  .get("/account/saved-searches/:id", validatePath(searchParam), async (c) => {
    const db = database(c.env.DB);
    const search = await findImageSearch(db, c.get("member")!.id, c.req.valid("param").id);
    if (!search) throw new HTTPException(404);
    const matches = await similarProducts(db, search, c.get("locale"));
    return renderPage(c, {
      title: c.get("t")("imageSearch.saved.result"),
      body: html`<${SavedResultsPage} search=${search} matches=${matches} saved=${flags(c).saved} />`,
    });
  })
  .get("/account/saved-searches/:id/photo", validatePath(searchParam), async (c) => {
    const search = await findImageSearch(database(c.env.DB), c.get("member")!.id, c.req.valid("param").id);
    const object = search && (await c.env.MEDIA.get(search.imageKey));
    if (!object) throw new HTTPException(404);
    // The member's own photo: never kept by a shared cache (the session middleware also marks it private).
    return new Response(object.body, { headers: { "Content-Type": "image/webp", "Cache-Control": "private, no-store", "Content-Length": String(object.size) } });
  })
  .post("/account/saved-searches/:id/delete", validatePath(searchParam), async (c) => {
    if (!(await deleteImageSearch(database(c.env.DB), c.env.MEDIA, c.get("member")!.id, c.req.valid("param").id))) throw new HTTPException(404);
    return c.redirect("/account/saved-searches?deleted=1", 303);
  });
