/** The live rooms' WebSocket endpoint, derived from the PARTY_URL var (http → ws, https → wss). */
export function partyEndpoint(partyUrl: string): { host: string; protocol: "ws" | "wss"; origin: string } {
  const url = new URL(partyUrl);
  const protocol = url.protocol === "https:" ? "wss" : "ws";
  return { host: url.host, protocol, origin: `${protocol}://${url.host}` };
}
