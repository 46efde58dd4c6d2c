/**
 * When a show ends, its room's final statistics and timeline move to D1 (the host's summary and the
 * replay). It is slow, and the room may be briefly unreachable, so it runs from a queue: each message
 * names a show, and a retried message repeats the work harmlessly (rows are written once).
 */
import * as v from "valibot";
import { roomStats, type RoomStats } from "../../../party/protocol.ts";
import type { TimelineEntry } from "../../../party/room/show-room.ts";
import { database } from "../../lib/db.ts";
import { saveStats, saveTimeline } from "./host-queries.ts";
import { notifyRoom } from "./room-events.ts";

export const archiveMessage = v.object({ show: v.pipe(v.string(), v.regex(/^shw_[0-9a-z]{16}$/)), durationMs: v.pipe(v.number(), v.integer(), v.minValue(0)) });
export type ArchiveMessage = v.InferOutput<typeof archiveMessage>;

const endAnswer = v.object({ stats: roomStats });
/** Entries as the room stored them; their payloads were checked when they were made. */
const timelinePage = v.object({ entries: v.array(v.looseObject({ seq: v.number(), at: v.number(), kind: v.string() })), last: v.nullable(v.number()) });
const pageSize = 500;

type RoomEnv = Pick<Env, "PARTY_URL" | "ROOM_SERVER_SECRET">;

/** Ends the room (it stops taking chat and answers with its figures) and reads its whole timeline. */
export async function collectShow(env: RoomEnv, show: string): Promise<{ stats: RoomStats; timeline: TimelineEntry[] }> {
  const { stats } = v.parse(endAnswer, await notifyRoom(env, show, { type: "end" }));
  const timeline: TimelineEntry[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page: v.InferOutput<typeof timelinePage> = v.parse(timelinePage, await notifyRoom(env, show, { type: "timeline", after, limit: pageSize }));
    timeline.push(...(page.entries as TimelineEntry[]));
    after = page.last;
  }
  return { stats, timeline };
}

export async function archiveShow(env: Env, message: ArchiveMessage): Promise<void> {
  const { stats, timeline } = await collectShow(env, message.show);
  const db = database(env.DB);
  await saveTimeline(env.DB, db, message.show, timeline);
  // Statistics last: their row says the archive is complete.
  await saveStats(db, message.show, stats, message.durationMs);
}

export async function consumeArchive(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = v.safeParse(archiveMessage, message.body);
    if (!parsed.success) {
      message.ack(); // malformed: retrying cannot help
      continue;
    }
    try {
      await archiveShow(env, parsed.output);
      message.ack();
    } catch (error) {
      console.warn(JSON.stringify({ message: "show archive failed, will retry", show: parsed.output.show, error: String(error) }));
      message.retry({ delaySeconds: 10 });
    }
  }
}
