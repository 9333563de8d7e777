/**
 * `shirakumo-icons` (shirakumo.mess §16): an `:icon` key for channel info
 * and user info, holding `content-type base64` of an image (the keys are
 * those extensions'; this one checks the values).
 *
 * @module
 */
import type { Extension } from "../extension.ts";
import { contentTypeAllowed } from "./data.ts";

/** The content types an icon may have: the spec's minimum and the common rest. */
export const ICON_CONTENT_TYPES: readonly string[] = [
  "image/png",
  "image/gif",
  "image/jpeg",
  "image/webp",
  "image/svg+xml",
];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Is `text` an icon value: empty (no icon), or an allowed image content type,
 * one space, and base64 of a non-empty image?
 *
 * @example
 * ```ts
 * isIcon("image/png iVBORw0KGgo="); // true
 * isIcon("text/plain aGk="); // false
 * ```
 */
export function isIcon(text: string): boolean {
  if (text === "") return true;
  const space = text.indexOf(" ");
  if (space <= 0) return false;
  const type = text.slice(0, space);
  const data = text.slice(space + 1);
  return contentTypeAllowed(type, ICON_CONTENT_TYPES) && data.length > 0 &&
    data.length % 4 === 0 && BASE64.test(data);
}

/** The extension; `shirakumo-icon` is the name lichat-js uses. */
export const ICONS: Extension = { name: "shirakumo-icons", aliases: ["shirakumo-icon"] };
