type PartyEndpoint = { host: string; protocol: "ws" | "wss"; origin: string };

/** Parsed once per isolate and value: every response's CSP names it. */
let parsed: { partyUrl: string; endpoint: PartyEndpoint } | null = null;

/** The live rooms' WebSocket endpoint, derived from the PARTY_URL var (http → ws, https → wss). */
export function partyEndpoint(partyUrl: string): PartyEndpoint {
  if (parsed?.partyUrl === partyUrl) return parsed.endpoint;
  const url = new URL(partyUrl);
  const protocol = url.protocol === "https:" ? "wss" : "ws";
  parsed = { partyUrl, endpoint: { host: url.host, protocol, origin: `${protocol}://${url.host}` } };
  return parsed.endpoint;
}
