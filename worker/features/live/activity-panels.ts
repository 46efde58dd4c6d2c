/**
 * Polls and giveaways on a show's pages: the viewers' panel (vote, enter, see and verify the draw) and
 * the host's controls (open and close polls; open, close and draw giveaways). Both are islands on the
 * show's room connection; the room itself decides who may do what.
 */
import { html } from "htm/preact";
import { ActivityControls, type ActivityControlsLabels, type ActivityControlsProps } from "../../../client/islands/activity-controls.ts";
import { RoomActivities, type RoomActivitiesLabels, type RoomActivitiesProps } from "../../../client/islands/room-activities.ts";
import type { RoomAddress } from "../../../client/live/room-connection.ts";
import { pluralForms } from "../../i18n/index.ts";
import { Island } from "../../views/island.ts";
import { usePage } from "../../views/page-context.ts";
import { signInPath } from "../accounts/middleware.ts";

/** What "Verify the draw" says, here and in an ended show's replay. */
export const proofLabels = (t: ReturnType<typeof usePage>["t"]) => ({
  verify: t("live.activities.verify"),
  verifying: t("live.activities.verifying"),
  verified: t("live.activities.verified"),
  verifiedNobody: t("live.activities.verifiedNobody"),
  mismatch: t("live.activities.mismatch"),
  cannotVerify: t("live.activities.cannotVerify"),
  checks: {
    commitment: t("live.activities.check.commitment"),
    round: t("live.activities.check.round"),
    beacon: t("live.activities.check.beacon"),
    entrants: t("live.activities.check.entrants"),
    winner: t("live.activities.check.winner"),
  },
});

/** The viewers' panel: the running poll and giveaway. Guests watch and are offered sign-in. */
export function ActivitiesPanel({ slug, room }: { slug: string; room: RoomAddress }) {
  const { t, member, locale } = usePage();
  const labels: RoomActivitiesLabels = {
    none: t("live.activities.none"),
    noscript: t("live.activities.noscript"),
    connecting: t("live.activities.connecting"),
    poll: t("live.activities.poll"),
    endsIn: t("live.activities.endsIn"),
    finalResults: t("live.activities.finalResults"),
    votes: pluralForms(locale, "live.activities.votes"),
    voters: pluralForms(locale, "live.activities.voters"),
    pollResult: t("live.activities.pollResult"),
    giveaway: t("live.activities.giveaway"),
    closesIn: t("live.activities.closesIn"),
    entries: pluralForms(locale, "live.activities.entries"),
    enter: t("live.activities.enter"),
    entered: t("live.activities.entered"),
    entriesClosed: t("live.activities.entriesClosed"),
    drawing: t("live.activities.drawing"),
    winner: t("live.activities.winner"),
    noWinner: t("live.activities.noWinner"),
    commitment: t("live.activities.commitment"),
    entrantsHash: t("live.activities.entrantsHash"),
    beaconDrand: t("live.activities.beaconDrand"),
    beaconSandbox: t("live.activities.beaconSandbox"),
    ...proofLabels(t),
    proof: t("live.activities.proof"),
    seed: t("live.activities.seed"),
    randomness: t("live.activities.randomness"),
    entrants: t("live.activities.entrants"),
    download: t("live.activities.download"),
    how: t("live.activities.how"),
    errors: activityErrors(t),
  };
  const props: RoomActivitiesProps = { ...room, locale, member: member !== null, labels };
  return html`<section class="activities-panel" aria-labelledby="activities-heading">
    <h2 id="activities-heading">${t("live.activities.title")}</h2>
    ${!member &&
    html`<p>${t("live.activities.guest")}</p>
      <p><a class="button--secondary" href=${signInPath(`/live/${slug}`)}>${t("live.activities.signIn")}</a></p>`}
    <${Island} name="room-activities" component=${RoomActivities} props=${props} />
  </section>`;
}

/**
 * The host's controls, in the host console. Show nothing to anyone the room does not call host or
 * moderator.
 */
export function ActivityControlsPanel({ room }: { room: RoomAddress }) {
  const { t } = usePage();
  const labels: ActivityControlsLabels = {
    title: t("live.activities.host.title"),
    poll: t("live.activities.host.poll"),
    question: t("live.activities.host.question"),
    option: t("live.activities.host.option"),
    optional: t("live.activities.host.optional"),
    pollSeconds: t("live.activities.host.pollSeconds"),
    startPoll: t("live.activities.host.startPoll"),
    closePoll: t("live.activities.host.closePoll"),
    pollRunning: t("live.activities.host.pollRunning"),
    invalidPoll: t("live.activities.host.invalidPoll"),
    giveaway: t("live.activities.host.giveaway"),
    prize: t("live.activities.host.prize"),
    giveawaySeconds: t("live.activities.host.giveawaySeconds"),
    openGiveaway: t("live.activities.host.openGiveaway"),
    closeEntries: t("live.activities.host.closeEntries"),
    draw: t("live.activities.host.draw"),
    drawing: t("live.activities.host.drawing"),
    giveawayOpen: t("live.activities.host.giveawayOpen"),
    giveawayClosed: t("live.activities.host.giveawayClosed"),
    invalidGiveaway: t("live.activities.host.invalidGiveaway"),
    connecting: t("live.activities.connecting"),
    errors: activityErrors(t),
  };
  return html`<${Island} name="activity-controls" component=${ActivityControls} props=${{ ...room, labels } satisfies ActivityControlsProps} />`;
}

function activityErrors(t: ReturnType<typeof usePage>["t"]): RoomActivitiesLabels["errors"] {
  return {
    sign_in: t("live.activities.error.sign_in"),
    forbidden: t("live.activities.error.forbidden"),
    banned: t("live.activities.error.banned"),
    conflict: t("live.activities.error.conflict"),
    full: t("live.activities.error.full"),
    unavailable: t("live.activities.error.unavailable"),
    ended: t("live.activities.error.ended"),
    other: t("live.activities.error.other"),
  };
}
