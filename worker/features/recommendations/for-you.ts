/**
 * "For you" on the home page (policy §3.3, P15). Personalised mode recommends from the person's own
 * signals (`personal-signals.ts`); non-personalised mode shows what is popular and what is new, from
 * queries that are given no member and no request, so they cannot read anyone's history, cart or orders.
 */
import type { Context } from "hono";
import type { ContentLocale } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database, prepared, runBatch, type Db, type Placeholders } from "../../lib/db.ts";
import { toSummary } from "../catalog/queries.ts";
import { personalised } from "../personalization/personalised.ts";
import { recentlyViewed } from "../personalization/recently-viewed.ts";
import { guestSignals, memberSignals, type Signals } from "./personal-signals.ts";
import { boughtTogetherQuery, categoryPicksQuery, newestQuery, popularQuery, similarQuery } from "./queries.ts";
import type { Recommendation, Why } from "./views.ts";

export type ForYou =
  | { personal: true; signedIn: boolean; picks: Recommendation[] }
  | { personal: false; popular: Recommendation[]; newest: Recommendation[] };

const personalCount = 8;
const generalCount = 4;
const popularDays = 30;

export async function forYou(c: Context<AppEnv>): Promise<ForYou> {
  const locale = c.get("locale");
  // The person's signals are read here and only here, and only in personalised mode.
  if (await personalised(c)) {
    const db = database(c.env.DB);
    const member = c.get("member");
    const signals = member ? await memberSignals(db, member.id, locale) : await guestSignals(db, await recentlyViewed(c), locale);
    const picks = await personalPicks(db, signals, locale);
    if (picks.length > 0) return { personal: true, signedIn: member !== null, picks };
  }
  return { personal: false, ...(await generalPicks(c.env.DB, locale, new Date())) };
}

/** What everyone is shown, built once per isolate (`since`: a time in milliseconds, as the column holds it). */
const general = {
  popular: prepared((db, input: Placeholders<{ locale: ContentLocale; since: number }>) => popularQuery(db, input.locale, input.since, generalCount)),
  newest: prepared((db, input: Placeholders<{ locale: ContentLocale }>) => newestQuery(db, input.locale, generalCount * 2)),
};

/** Popular (most really bought orders in the last 30 days) and new in, the same for everyone. */
async function generalPicks(d1: D1Database, locale: ContentLocale, now: Date) {
  const since = now.getTime() - popularDays * 86_400_000;
  const [popular, newest] = await runBatch(d1, [general.popular(d1, { locale, since }), general.newest(d1, { locale })]);
  const popularIds = new Set(popular.map((row) => row.id));
  return {
    popular: popular.map(({ orders, ...row }): Recommendation => ({ product: toSummary(row), why: { kind: "popular", orders } })),
    newest: newest
      .filter((row) => !popularIds.has(row.id))
      .slice(0, generalCount)
      .map(({ addedAt, ...row }): Recommendation => ({ product: toSummary(row), why: { kind: "new", addedAt } })),
  };
}

type CandidateQuery = ReturnType<typeof boughtTogetherQuery> | ReturnType<typeof similarQuery> | ReturnType<typeof categoryPicksQuery>;

/**
 * Products bought together with what the person bought or has in their cart, like what they viewed, and
 * from the categories they keep coming back to; never what they viewed, have in their cart or bought.
 * Two seeds of each kind, so every kind of reason gets a turn.
 */
async function personalPicks(db: Db, signals: Signals, locale: ContentLocale): Promise<Recommendation[]> {
  const sources: { queries: CandidateQuery[]; why: Why }[] = [
    ...signals.bought.slice(0, 2).map((seed) => ({
      queries: [boughtTogetherQuery(db, seed.id, locale, personalCount)],
      why: { kind: "boughtWith", title: seed.title } as const,
    })),
    ...signals.inCart.slice(0, 2).map((seed) => ({
      queries: [boughtTogetherQuery(db, seed.id, locale, personalCount), similarQuery(db, seed.id, locale, personalCount)],
      why: { kind: "cart", title: seed.title } as const,
    })),
    ...signals.viewed.slice(0, 2).map((seed) => ({
      queries: [similarQuery(db, seed.id, locale, personalCount)],
      why: { kind: "viewed", title: seed.title } as const,
    })),
    ...strongCategories(signals).map((category) => ({
      queries: [categoryPicksQuery(db, category.id, locale, personalCount)],
      why: { kind: "category", name: category.name } as const,
    })),
  ];
  const [first, ...rest] = sources.flatMap((source) => source.queries);
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  const known = new Set([...signals.viewed, ...signals.inCart, ...signals.bought].map((seed) => seed.id));
  let next = 0;
  const lists = sources.map(({ queries, why }) =>
    results
      .slice(next, (next += queries.length))
      .flat()
      .filter((row) => !known.has(row.id))
      .map((row): Recommendation => ({ product: toSummary(row), why })),
  );
  return takeTurns(lists, personalCount);
}

/** Categories with at least two signals (visits, viewed, carted or bought products), strongest first. */
function strongCategories(signals: Signals): { id: string; name: string }[] {
  const weights = new Map<string, { id: string; name: string; weight: number }>();
  const count = (id: string, name: string) => {
    const entry = weights.get(id) ?? { id, name, weight: 0 };
    weights.set(id, { ...entry, weight: entry.weight + 1 });
  };
  for (const category of signals.visitedCategories) count(category.id, category.name);
  for (const seed of [...signals.viewed, ...signals.inCart, ...signals.bought]) count(seed.categoryId, seed.categoryName);
  return [...weights.values()]
    .filter((category) => category.weight >= 2)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 2);
}

/** Each list in turn gives its next product not yet taken, until `limit`. */
function takeTurns(lists: Recommendation[][], limit: number): Recommendation[] {
  const taken = new Map<string, Recommendation>();
  const queues = lists.map((list) => [...list]);
  while (taken.size < limit && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      while (queue[0] && taken.has(queue[0].product.id)) queue.shift();
      const pick = queue.shift();
      if (pick && taken.size < limit) taken.set(pick.product.id, pick);
    }
  }
  return [...taken.values()];
}
