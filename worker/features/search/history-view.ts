/** The search page's "recent searches" panel: the member's stored terms, or the device's own (an island). */
import { html } from "htm/preact";
import type { Context } from "hono";
import type { VNode } from "preact";
import { SearchHistory, type SearchHistoryProps } from "../../../client/islands/search-history.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { Island } from "../../views/island.ts";
import { usePage } from "../../views/page-context.ts";
import { awaitingGuardian } from "../guardians/middleware.ts";
import { personalised } from "../personalization/personalised.ts";
import { searchHistorySettings, searchTerm, searchTerms, type SearchTerm } from "./history.ts";

const manageHref = "/account/search-history";
const shown = 8;

function RecentSearches({ terms }: { terms: SearchTerm[] }) {
  const { t } = usePage();
  return html`<section class="search-history" aria-labelledby="recent-searches-title">
    <h2 id="recent-searches-title">${t("searchHistory.recent")}</h2>
    <ul class="search-history__terms">
      ${terms.map((entry) => html`<li key=${entry.term}><a href=${`/search?q=${encodeURIComponent(entry.term)}`}>${entry.term}</a></li>`)}
    </ul>
    <p><a href=${manageHref}>${t("searchHistory.manage")}</a></p>
  </section>`;
}

function DeviceSearches({ mode, query, manage }: { mode: SearchHistoryProps["mode"]; query: string; manage: string | null }) {
  const { t } = usePage();
  const props: SearchHistoryProps = {
    mode,
    query,
    manageHref: manage,
    labels: {
      title: t("searchHistory.device.title"),
      remove: t("searchHistory.device.remove"),
      removed: t("searchHistory.device.removed"),
      clear: t("searchHistory.device.clear"),
      cleared: t("searchHistory.device.cleared"),
      note: t("searchHistory.device.note"),
      manage: t("searchHistory.manage"),
    },
  };
  return html`<${Island} name="search-history" component=${SearchHistory} props=${props} />`;
}

/**
 * What the search page shows of past searches: a member's terms kept with their account (with a link to
 * manage them), or the island that keeps them in this browser, for members who chose that and guests
 * who allow personalisation (policy §3.2, §3.3). Where this browser may not keep them, the island only
 * removes what an earlier choice left there (it shows nothing), so withdrawing takes effect here too.
 */
export async function searchHistoryPanel(c: Context<AppEnv>, query: string): Promise<VNode | null> {
  const member = c.get("member");
  const term = searchTerm(query);
  const forget = html`<${DeviceSearches} mode="forget" query="" manage=${null} />`;
  if (!member) {
    return (await personalised(c)) ? html`<${DeviceSearches} mode="keep" query=${term} manage=${null} />` : forget;
  }
  const db = database(c.env.DB);
  const [settings, limited] = await Promise.all([searchHistorySettings(db, member.id), awaitingGuardian(c)]);
  if (limited) return forget;
  if (settings.onDevice) return html`<${DeviceSearches} mode="keep" query=${settings.keep ? term : ""} manage=${manageHref} />`;
  const terms = await searchTerms(db, member.id, shown);
  return html`${terms.length > 0 && html`<${RecentSearches} terms=${terms} />`}${forget}`;
}
