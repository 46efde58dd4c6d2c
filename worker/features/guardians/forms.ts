/** The guardian's answer, parsed once at the boundary; messages are message keys. */
import * as v from "valibot";
import type { MessageKey } from "../../i18n/index.ts";

const message = (key: MessageKey) => key;

export const answerForm = v.object({
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, message("form.code.format"))),
  decision: v.picklist(["approved", "declined"], message("guardians.request.choose")),
  /** The policy version the page showed: the decision records it, so an older one than the current is refused. */
  policy: v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number)),
});

/** A link's token: 32 random bytes, base64url. */
export const tokenParam = v.object({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)) });

export const stepQuery = v.object({ welcome: v.optional(v.literal("1")), sent: v.optional(v.literal("1")) });
export const requestQuery = v.object({ sent: v.optional(v.literal("1")) });
