import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startRooms } from "../../scripts/lib/local-stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    roomsUrl: string;
    ticketSecret: string;
  }
}

/** A real `partykit dev` for the party tier, on its own port with its own secret. */
export default async function setup(project: TestProject) {
  const ticketSecret = randomBytes(24).toString("hex");
  const rooms = await startRooms({ roomsPort: Number(process.env.TEST_ROOMS_PORT ?? 2999), secrets: { ROOM_TICKET_SECRET: ticketSecret }, inheritOutput: false });
  project.provide("roomsUrl", rooms.url);
  project.provide("ticketSecret", ticketSecret);
  return rooms.stop;
}
