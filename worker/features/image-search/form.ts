/**
 * The search-by-photo form's input, parsed once at the boundary. The form has two file inputs (the photo
 * library and the camera) for one photo: whichever holds a file is the photo. Messages are message keys.
 */
import * as v from "valibot";
import type { MessageKey } from "../../i18n/index.ts";
import { sniffImageType } from "../accounts/avatar.ts";
import { photoLimits } from "./photo.ts";

const message = (key: MessageKey) => key;

/** A file input left empty arrives as a nameless, empty file (or not at all). */
const chosen = (value: unknown): value is File => value instanceof File && value.size > 0;

const photo = v.pipeAsync(
  v.file(message("imageSearch.photo.missing")),
  v.maxSize(photoLimits.maxBytes, message("imageSearch.photo.too_large")),
  v.transformAsync(async (file) => new Uint8Array(await file.arrayBuffer())),
  // The type is read from the bytes, never from the name or what the browser says it is.
  v.check((bytes) => sniffImageType(bytes) !== null, message("imageSearch.photo.not_image")),
);

export const imageSearchForm = v.pipeAsync(
  v.object({ photo: v.optional(v.unknown()), camera: v.optional(v.unknown()), save: v.optional(v.literal("on")) }),
  v.transform(({ photo, camera, save }) => ({ photo: chosen(camera) ? camera : chosen(photo) ? photo : undefined, save: save === "on" })),
  v.objectAsync({ photo, save: v.boolean() }),
);
