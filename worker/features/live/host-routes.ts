/**
 * The host console: hosts (their own shows) and staff (every show) create and schedule shows, go live,
 * sell (flash sales, coupons), follow the room's figures and end the show; then read its summary.
 * Everything that changes the shop is a plain form post to the worker, which tells the room with a
 * signed call; what only the room knows (pins, polls, giveaways, moderation) goes through the room.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { validatePath } from "../../lib/validation.ts";
import { partyEndpoint } from "../../lib/party-url.ts";
import { renderPage } from "../../views/render.ts";
import { requireRole } from "../accounts/middleware.ts";
import { parseForm, type FormState } from "../accounts/forms.ts";
import { slugParam } from "../catalog/listing-query.ts";
import type { ArchiveMessage } from "./archive.ts";
import { couponForm, saleForm, showForm, toMinor } from "./host-forms.ts";
import { coverSize, createShow, endShow, setCover, findHostedShow, findStats, goLive, hostedShows, salesFigures, selectableProducts, showProductsForSale, type HostedShow } from "./host-queries.ts";
import { ConsolePage, HostShowsPage, SummaryPage, type ConsoleForms } from "./host-views.ts";
import { videoSettings } from "./stream-source.ts";
import type { StageContext } from "./views.ts";
import { tellRoom } from "./room-events.ts";
import { couponState, getShowSelling, issueCoupon, saleState, startSale } from "./selling.ts";
import { minorDigits } from "../../lib/money.ts";
import { newId } from "../../lib/ids.ts";
import { avatarLimits, processAvatar } from "../accounts/avatar.ts";

type HostContext = Context<AppEnv>;

async function body(c: HostContext): Promise<Record<string, unknown>> {
  return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
}

/** The show named in the path, if this member runs it; otherwise 404 (someone else's show looks unknown). */
async function hostedShow(c: HostContext): Promise<HostedShow> {
  const slug = c.req.param("slug") ?? "";
  const show = await findHostedShow(database(c.env.DB), slug, c.get("member")!, c.get("locale"));
  if (!show) throw new HTTPException(404);
  return show;
}

async function renderShows(c: HostContext, form: FormState | null = null, status: 200 | 422 = 200) {
  const db = database(c.env.DB);
  const [shows, choices] = await Promise.all([hostedShows(db, c.get("member")!, c.get("locale")), selectableProducts(db, c.get("locale"))]);
  return renderPage(c, { title: c.get("t")("host.title"), section: "live", status, body: html`<${HostShowsPage} shows=${shows} products=${choices} form=${form} />` });
}

async function renderConsole(c: HostContext, show: HostedShow, forms: ConsoleForms = {}, status: 200 | 409 | 422 = 200) {
  const [products, selling] = await Promise.all([
    showProductsForSale(database(c.env.DB), show.id, c.get("locale")),
    getShowSelling(c.env.DB, { slug: show.slug, locale: c.get("locale"), now: Date.now() }),
  ]);
  // Only the show's own host broadcasts; staff running it see what viewers see.
  const stage: StageContext = { settings: videoSettings(c.env), asHost: show.hostMemberId === c.get("member")!.id };
  const endpoint = partyEndpoint(c.env.PARTY_URL);
  const room = show.status === "live" ? { room: show.id, partyHost: endpoint.host, partyProtocol: endpoint.protocol, ticketUrl: `/api/live/${show.slug}/ticket` } : null;
  return renderPage(c, {
    title: c.get("t")("host.console.title", { title: show.title }),
    section: "live",
    status,
    body: html`<${ConsolePage} show=${show} room=${room} products=${products} listing=${selling?.show.products ?? []} sale=${selling?.sale ?? null} coupon=${selling?.coupon ?? null} forms=${forms} stage=${stage} />`,
  });
}

export const hostRoutes = new Hono<AppEnv>()
  .use("/host", requireRole("host", "staff"))
  .use("/host/*", requireRole("host", "staff"))
  .get("/host", (c) => renderShows(c))
  .post("/host/shows", async (c) => {
    const values = await body(c);
    const parsed = parseForm(showForm, values);
    if (!parsed.ok) {
      // Checkboxes come back as the list of ticked product ids.
      parsed.state.values.products = [values.products].flat().filter((value) => typeof value === "string").join(",");
      return renderShows(c, parsed.state, 422);
    }
    const slug = await createShow(database(c.env.DB), c.get("member")!, parsed.value);
    return c.redirect(`/host/shows/${slug}`, 303);
  })
  .get("/host/shows/:slug", validatePath(slugParam), async (c) => renderConsole(c, await hostedShow(c)))
  .post("/host/shows/:slug/live", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    await goLive(database(c.env.DB), show.id, Date.now());
    return c.redirect(`/host/shows/${show.slug}`, 303);
  })
  .post("/host/shows/:slug/end", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    const now = Date.now();
    if (await endShow(database(c.env.DB), show.id, now)) {
      const message: ArchiveMessage = { show: show.id, durationMs: Math.max(0, now - (show.liveAt?.getTime() ?? now)) };
      await c.env.ARCHIVE_QUEUE.send(message);
    }
    return c.redirect(`/host/shows/${show.slug}/summary`, 303);
  })
  .post("/host/shows/:slug/sales", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    const values = await body(c);
    const parsed = parseForm(saleForm, values);
    if (!parsed.ok) return renderConsole(c, show, { sale: parsed.state }, 422);
    const products = await showProductsForSale(database(c.env.DB), show.id, c.get("locale"));
    const product = products.find((candidate) => candidate.id === parsed.value.product);
    if (!product) return renderConsole(c, show, { sale: { values: values as Record<string, string>, errors: { product: ["host.form.products.unknown"] } } }, 422);
    const priceMinor = toMinor(parsed.value.price, minorDigits(product.currency));
    if (priceMinor <= 0 || priceMinor >= product.priceMinor) {
      return renderConsole(c, show, { sale: { values: values as Record<string, string>, errors: { price: ["host.form.price.notLower"] } } }, 422);
    }
    const sale = await startSale(c.env.DB, {
      showId: show.id,
      productId: product.id,
      priceMinor,
      quantity: parsed.value.quantity,
      seconds: parsed.value.seconds,
      liveAt: show.liveAt?.getTime() ?? Date.now(),
      now: Date.now(),
    });
    // Refused by the statement: the show is not live, or another sale is still running.
    if (!sale) return renderConsole(c, show, { sale: { values: values as Record<string, string>, errors: { product: ["host.form.sale.running"] } } }, 409);
    await tellRoom(c.env, show.id, { type: "sale", sale: saleState(sale) });
    return c.redirect(`/host/shows/${show.slug}`, 303);
  })
  .post("/host/shows/:slug/coupons", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    const values = await body(c);
    const parsed = parseForm(couponForm, values);
    if (!parsed.ok) return renderConsole(c, show, { coupon: parsed.state }, 422);
    const coupon = await issueCoupon(c.env.DB, { showId: show.id, percentOff: parsed.value.percent, quantity: parsed.value.quantity, minutes: parsed.value.minutes, now: Date.now() });
    if (!coupon) return renderConsole(c, show, { coupon: { values: values as Record<string, string>, errors: { percent: ["host.form.notLive"] } } }, 409);
    await tellRoom(c.env, show.id, { type: "coupon", coupon: couponState(coupon, show.liveAt?.getTime() ?? Date.now()) });
    return c.redirect(`/host/shows/${show.slug}`, 303);
  })
  .post("/host/shows/:slug/cover", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    const refuse = (problem: string) => renderConsole(c, show, { cover: { values: {}, errors: { cover: [`form.avatar.${problem}`] } } }, 422);
    if (Number(c.req.header("Content-Length") ?? 0) > avatarLimits.maxBytes + 64 * 1024) return refuse("too_large");
    const file = (await body(c)).cover;
    if (!(file instanceof File) || file.size === 0) return refuse("missing");
    const result = await processAvatar(c.env.IMAGES, new Uint8Array(await file.arrayBuffer()), coverSize);
    if (!result.ok) return refuse(result.problem);
    // A random key: pages and caches may keep the URL forever, and a new cover gets a new one.
    const key = `shows/covers/${newId("cov").slice(4)}.webp`;
    await c.env.MEDIA.put(key, result.webp, { httpMetadata: { contentType: "image/webp", cacheControl: "public, max-age=31536000, immutable" } });
    await setCover(database(c.env.DB), show.id, key);
    return c.redirect(`/host/shows/${show.slug}`, 303);
  })
  .get("/host/shows/:slug/summary", validatePath(slugParam), async (c) => {
    const show = await hostedShow(c);
    const db = database(c.env.DB);
    const [stats, sales, products] = await Promise.all([findStats(db, show.id), salesFigures(c.env.DB, show.id), showProductsForSale(db, show.id, c.get("locale"))]);
    const currency = products[0]?.currency ?? "CNY";
    return renderPage(c, {
      title: c.get("t")("host.summary.title", { title: show.title }),
      section: "live",
      body: html`<${SummaryPage} show=${show} stats=${stats} sales=${sales} currency=${currency} />`,
    });
  });
