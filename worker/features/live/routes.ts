import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import { ticketTtlSeconds, type RoomTicket } from "../../../party/protocol.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { partyEndpoint } from "../../lib/party-url.ts";
import { lookupHash } from "../../lib/field-crypto.ts";
import { signToken } from "../../lib/signed-token.ts";
import { mediaUrl } from "../../views/media.ts";
import type { SignedIn } from "../accounts/sessions.ts";
import { validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { slugParam } from "../catalog/listing-query.ts";
import { findShow, getShow, showsQuery } from "./queries.ts";
import { LiveShowPage, ShowsPage, type RoomAccess } from "./views.ts";

/**
 * A ticket into a show's room. A guest gets a fresh random id each time and may only watch. A member
 * gets an id derived from the show and the member (so tabs count once and a mute survives reconnects,
 * yet nothing links them across shows), their nickname, avatar and role in this show — never their
 * account id, phone or email.
 */
async function issueTicket(env: Env, show: { id: string; hostMemberId: string | null; startsAt: Date }, member: SignedIn | null): Promise<string> {
  const base = { room: show.id, liveAt: show.startsAt.getTime() };
  const ticket: RoomTicket = member
    ? {
        ...base,
        sub: `vwr_${(await lookupHash(env.FIELD_KEY, `viewer:${show.id}`, member.id)).slice(0, 16)}`,
        role: member.id === show.hostMemberId ? "host" : member.role === "staff" || member.role === "admin" ? "moderator" : "member",
        name: member.nickname,
        avatar: mediaUrl(member.avatarKey),
      }
    : { ...base, sub: newId("vwr"), role: "viewer" };
  return signToken(env.ROOM_TICKET_SECRET, ticket, ticketTtlSeconds);
}

/** Reconnecting pages need a ticket now and then; a client asking for more is refused for a minute. */
const ticketLimit = rateLimit({ limiter: (env) => env.TICKET_LIMITER, retryAfterSeconds: 60 });

export const liveRoutes = new Hono<AppEnv>()
  .get("/live", async (c) => {
    const shows = await showsQuery(database(c.env.DB), c.var.locale, ["live", "scheduled", "ended"]);
    return renderPage(c, { title: c.var.t("nav.live"), section: "live", body: html`<${ShowsPage} shows=${shows} />` });
  })
  .get("/live/:slug", validatePath(slugParam), async (c) => {
    const show = await getShow(database(c.env.DB), c.req.valid("param").slug, c.var.locale);
    if (!show) throw new HTTPException(404);
    const endpoint = partyEndpoint(c.env.PARTY_URL);
    const room: RoomAccess | null =
      show.status === "live"
        ? { room: show.id, partyHost: endpoint.host, partyProtocol: endpoint.protocol, ticketUrl: `/api/live/${show.slug}/ticket` }
        : null;
    return renderPage(c, {
      title: show.title,
      description: show.description,
      section: "live",
      body: html`<${LiveShowPage} show=${show} room=${room} />`,
    });
  })
  .post("/api/live/:slug/ticket", ticketLimit, validatePath(slugParam), async (c) => {
    const show = await findShow(database(c.env.DB), c.req.valid("param").slug);
    if (!show) throw new HTTPException(404);
    if (show.status !== "live") throw new HTTPException(409, { message: "The show is not live." });
    c.header("Cache-Control", "no-store");
    return c.json({ ticket: await issueTicket(c.env, show, c.var.member), expiresIn: ticketTtlSeconds });
  });
