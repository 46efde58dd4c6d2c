import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { startRooms } from "../../scripts/lib/local-stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    roomsUrl: string;
    ticketSecret: string;
    serverSecret: string;
  }
}

/** Where the party tier's rooms keep their storage: fresh for every run. */
export const persistTo = ".wrangler/party-state";

/** A real `partykit dev` for the party tier, on its own port with its own secret and storage. */
export default async function setup(project: TestProject) {
  const ticketSecret = randomBytes(24).toString("hex");
  const serverSecret = randomBytes(24).toString("hex");
  await rm(persistTo, { recursive: true, force: true });
  const rooms = await startRooms({
    roomsPort: Number(process.env.TEST_ROOMS_PORT ?? 2999),
    secrets: { ROOM_TICKET_SECRET: ticketSecret, ROOM_SERVER_SECRET: serverSecret },
    inheritOutput: false,
    persistTo,
  });
  project.provide("roomsUrl", rooms.url);
  project.provide("ticketSecret", ticketSecret);
  project.provide("serverSecret", serverSecret);
  return rooms.stop;
}
