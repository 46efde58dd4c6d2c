import { vValidator } from "@hono/valibot-validator";
import { HTTPException } from "hono/http-exception";
import type { ValidationTargets } from "hono";
import * as v from "valibot";

export type FieldErrors = Record<string, string[]>;

/** Thrown when input fails its schema; onError answers 400 with the field errors (JSON or a page). */
export class InputError extends HTTPException {
  constructor(readonly fields: FieldErrors) {
    super(400, { message: "The request's input is not valid." });
  }
}

export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldErrors {
  const flat = v.flatten(issues as [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]);
  const fields: FieldErrors = {};
  if (flat.root) fields[""] = flat.root;
  for (const [name, messages] of Object.entries(flat.nested ?? {})) if (messages) fields[name] = messages;
  return fields;
}

/**
 * The one validator for the shop's inputs: parses `target` with `schema` once, at the boundary, and
 * throws `InputError` on failure. Forms that re-render with the user's input use their own hook.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends v.GenericSchema>(
  target: Target,
  schema: Schema,
) =>
  vValidator(target, schema, (result) => {
    if (!result.success) throw new InputError(fieldErrors(result.issues));
  });

/** Path parameters that cannot name anything (a malformed slug or id) mean the page is not found. */
export const validatePath = <Schema extends v.GenericSchema>(schema: Schema) =>
  vValidator("param", schema, (result) => {
    if (!result.success) throw new HTTPException(404);
  });
