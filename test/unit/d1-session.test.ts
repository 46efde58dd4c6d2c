import { describe, expect, it } from "vitest";
import { sessionConstraint } from "../../worker/middleware/d1-session.ts";

describe("where a request reads from", () => {
  it("starts a signed-in request at the primary, so a member sees their own writes, and a guest's anywhere", () => {
    expect(sessionConstraint(true)).toBe("first-primary");
    expect(sessionConstraint(false)).toBe("first-unconstrained");
  });
});
