/**
 * Runs one password hash or verify per request, for `bench/auth.ts` to time from outside: inside
 * workerd the clocks do not advance during pure computation.
 *   GET /noop                        → the request overhead to subtract
 *   GET /hash?ln=14&r=8&p=5          → an encoded hash made with those parameters
 *   GET /verify?encoded=$scrypt$…    → verifies the bench password against it
 */
import { hashPasswordWith, verifyPassword } from "../worker/features/accounts/password-hash.ts";

const benchPassword = "blue-teapot-morning-walk";

async function handle(url: URL): Promise<Response> {
  switch (url.pathname) {
    case "/noop":
      return new Response("ok");
    case "/hash": {
      const params = { logN: Number(url.searchParams.get("ln")), r: Number(url.searchParams.get("r")), p: Number(url.searchParams.get("p")) };
      return new Response(await hashPasswordWith(benchPassword, params));
    }
    case "/verify": {
      const result = await verifyPassword(benchPassword, url.searchParams.get("encoded") ?? "");
      return Response.json(result, { status: result.ok ? 200 : 422 });
    }
    default:
      return new Response("not found", { status: 404 });
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      return await handle(new URL(request.url));
    } catch (error) {
      // Parameters the runtime refuses (memory above its limit) are a result to report, not a crash.
      return new Response(error instanceof Error ? error.message : String(error), { status: 500 });
    }
  },
};
