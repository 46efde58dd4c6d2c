import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import { serverMessage, ticketTtlSeconds, type RoomTicket } from "../../../party/protocol.ts";
import type { AppEnv } from "../../app-env.ts";
import { database, type Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { partyEndpoint } from "../../lib/party-url.ts";
import { signToken } from "../../lib/signed-token.ts";
import { mediaUrl } from "../../views/media.ts";
import type { SignedIn } from "../accounts/sessions.ts";
import { validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { slugParam } from "../catalog/listing-query.ts";
import { requireMember } from "../accounts/middleware.ts";
import { awaitingGuardian, requireGuardianConsent } from "../guardians/middleware.ts";
import { recordWatching } from "../accounts/history.ts";
import { couponParam, saleParam } from "./host-forms.ts";
import { findStats, timelineOf } from "./host-queries.ts";
import { findShow, getShow, showsQuery } from "./queries.ts";
import { tellRoom } from "./room-events.ts";
import { claimCoupon, couponState, findCoupon, findHold, findSale, getShowSelling, hasClaimed, holdUnit, saleState } from "./selling.ts";
import { videoSettings } from "./stream-source.ts";
import { CouponPage, HoldPage, LiveShowPage, ShowsPage, type Replay, type ReplayItem, type RoomAccess, type SellingNow, type StageContext } from "./views.ts";
import { viewerPseudonym } from "./viewer-pseudonym.ts";

/**
 * A ticket into a show's room. A guest gets a fresh random id each time and may only watch. A member
 * gets an id derived from the show and the member (so tabs count once and a mute survives reconnects,
 * yet nothing links them across shows), their nickname, avatar and role in this show — never their
 * account id, phone or email. A member waiting for a guardian's consent (policy §9) gets that id with
 * the viewer's role and no name: they count once, watch and read, but cannot chat, like or take part.
 */
async function issueTicket(
  env: Env,
  show: { id: string; hostMemberId: string | null; startsAt: Date; liveAt: Date | null },
  member: SignedIn | null,
  watchOnly: boolean,
): Promise<string> {
  const base = { room: show.id, liveAt: (show.liveAt ?? show.startsAt).getTime() };
  const sub = member ? await viewerPseudonym(env.FIELD_KEY, show.id, member.id) : newId("vwr");
  const ticket: RoomTicket =
    member && !watchOnly
      ? {
          ...base,
          sub,
          role: member.id === show.hostMemberId ? "host" : member.role === "staff" || member.role === "admin" ? "moderator" : "member",
          name: member.nickname,
          avatar: mediaUrl(member.avatarKey),
        }
      : { ...base, sub, role: "viewer" };
  return signToken(env.ROOM_TICKET_SECRET, ticket, ticketTtlSeconds);
}

/** The stored timeline of an ended show, each event checked against the protocol it was sent in. */
async function replayOf(db: Db, showId: string, endedAt: Date | null, now: number): Promise<Replay> {
  const [rows, stats] = await Promise.all([timelineOf(db, showId), findStats(db, showId)]);
  const items: ReplayItem[] = [];
  for (const row of rows) {
    const parsed = v.safeParse(serverMessage, JSON.parse(row.payload));
    if (parsed.success) items.push({ seq: row.seq, at: row.at, message: parsed.output });
  }
  // The statistics are written last: until they are there, the archive job is still at work.
  // A show that ended long ago without them never had a room (seeded, or ended before replays existed).
  const state = stats !== null ? "archived" : (endedAt?.getTime() ?? 0) > now - 3_600_000 ? "pending" : "none";
  return { items, state };
}

/** Buying and taking coupons: each member's own budget (sales and coupons are hot while a show runs). */
const shopLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60, key: (c) => c.get("member")!.id });

/** Reconnecting pages need a ticket now and then; a client asking for more is refused for a minute. */
const ticketLimit = rateLimit({ limiter: (env) => env.TICKET_LIMITER, retryAfterSeconds: 60 });

export const liveRoutes = new Hono<AppEnv>()
  .get("/live", async (c) => {
    const shows = await showsQuery(database(c.env.DB), c.get("locale"), ["live", "scheduled", "ended"]);
    return renderPage(c, { title: c.get("t")("nav.live"), section: "live", body: html`<${ShowsPage} shows=${shows} />` });
  })
  .get("/live/:slug", validatePath(slugParam), async (c) => {
    const now = Date.now();
    // One round trip: the show, its products, and what it is selling now (used only while it is live).
    const found = await getShowSelling(c.env.DB, { slug: c.req.valid("param").slug, locale: c.get("locale"), now });
    if (!found) throw new HTTPException(404);
    const { show, sale, coupon } = found;
    const endpoint = partyEndpoint(c.env.PARTY_URL);
    const room: RoomAccess | null =
      show.status === "live"
        ? { room: show.id, partyHost: endpoint.host, partyProtocol: endpoint.protocol, ticketUrl: `/api/live/${show.slug}/ticket` }
        : null;
    const db = database(c.env.DB);
    const replay = show.status === "ended" ? await replayOf(db, show.id, show.endedAt, now) : null;
    const selling: SellingNow | null = room
      ? { slug: show.slug, sale, coupon, liveAt: (show.liveAt ?? show.startsAt).getTime(), now }
      : null;
    // The host of a show on their own camera gets the camera's controls on the stage instead of the player.
    const member = c.get("member");
    const asHost = room !== null && show.streamKind === "webrtc" && member !== null && (await findShow(db, show.slug))?.hostMemberId === member.id;
    const stage: StageContext = { settings: videoSettings(c.env), asHost };
    return renderPage(c, {
      title: show.title,
      description: show.description,
      section: "live",
      body: html`<${LiveShowPage} show=${show} room=${room} replay=${replay} selling=${selling} stage=${stage} />`,
    });
  })
  .post("/api/live/:slug/ticket", ticketLimit, validatePath(slugParam), async (c) => {
    const show = await findShow(database(c.env.DB), c.req.valid("param").slug);
    if (!show) throw new HTTPException(404);
    if (show.status !== "live") throw new HTTPException(409, { message: "The show is not live." });
    c.header("Cache-Control", "no-store");
    const member = c.get("member");
    const watchOnly = await awaitingGuardian(c);
    // Watching goes into the member's history (policy §3.1) unless they switched it off, or wait for a guardian.
    if (member && !watchOnly) c.executionCtx.waitUntil(recordWatching(c.env.DB, member.id, show.id, Date.now()));
    return c.json({ ticket: await issueTicket(c.env, show, member, watchOnly), expiresIn: ticketTtlSeconds });
  })
  .post("/live/:slug/sales/:sale/buy", requireMember(), requireGuardianConsent(), shopLimit, validatePath(saleParam), async (c) => {
    const { slug, sale: saleId } = c.req.valid("param");
    const db = database(c.env.DB);
    const show = await findShow(db, slug);
    const sale = show && (await findSale(db, show.id, saleId));
    if (!show || !sale) throw new HTTPException(404);
    // The price is the sale's, read by the statement that takes the unit: nothing the browser sends counts.
    const hold = await holdUnit(c.env.DB, sale, c.get("member")!.id, Date.now());
    if (hold) {
      const updated = await findSale(db, show.id, saleId);
      if (updated) await tellRoom(c.env, show.id, { type: "sale", sale: saleState(updated) });
    }
    return c.redirect(`/live/${slug}/sales/${saleId}`, 303);
  })
  .get("/live/:slug/sales/:sale", requireMember(), requireGuardianConsent(), validatePath(saleParam), async (c) => {
    const { slug, sale: saleId } = c.req.valid("param");
    const db = database(c.env.DB);
    const show = await getShow(c.env.DB, slug, c.get("locale"));
    const sale = show && (await findSale(db, show.id, saleId));
    const product = sale && show.products.find((candidate) => candidate.id === sale.productId);
    if (!show || !sale || !product) throw new HTTPException(404);
    const hold = await findHold(db, sale.id, c.get("member")!.id);
    return renderPage(c, {
      title: c.get("t")("live.sale.pageTitle", { product: product.title }),
      section: "live",
      status: hold ? 200 : 409,
      body: html`<${HoldPage} show=${show} sale=${sale} product=${product} hold=${hold} now=${Date.now()} />`,
    });
  })
  .post("/live/:slug/coupons/:coupon/claim", requireMember(), requireGuardianConsent(), shopLimit, validatePath(couponParam), async (c) => {
    const { slug, coupon: couponId } = c.req.valid("param");
    const db = database(c.env.DB);
    const show = await findShow(db, slug);
    const coupon = show && (await findCoupon(db, show.id, couponId));
    if (!show || !coupon) throw new HTTPException(404);
    if (await claimCoupon(c.env.DB, coupon, c.get("member")!.id, Date.now())) {
      const updated = await findCoupon(db, show.id, couponId);
      if (updated) await tellRoom(c.env, show.id, { type: "coupon", coupon: couponState(updated, (show.liveAt ?? show.startsAt).getTime()) });
    }
    return c.redirect(`/live/${slug}/coupons/${couponId}`, 303);
  })
  .get("/live/:slug/coupons/:coupon", requireMember(), requireGuardianConsent(), validatePath(couponParam), async (c) => {
    const { slug, coupon: couponId } = c.req.valid("param");
    const db = database(c.env.DB);
    const show = await getShow(c.env.DB, slug, c.get("locale"));
    const coupon = show && (await findCoupon(db, show.id, couponId));
    if (!show || !coupon) throw new HTTPException(404);
    const claimed = await hasClaimed(db, coupon.id, c.get("member")!.id);
    return renderPage(c, {
      title: c.get("t")("live.coupon.pageTitle", { percent: coupon.percentOff }),
      section: "live",
      status: claimed ? 200 : 409,
      body: html`<${CouponPage} show=${show} coupon=${coupon} claimed=${claimed} />`,
    });
  });
