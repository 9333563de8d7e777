/**
 * Extensions that only add fields to updates, which travel with the updates
 * as they are sent (keyed by their package symbols, §6): `shirakumo-replies`
 * (§21, `reply-to`) and `shirakumo-markup` (§13, `rich` and `markup`).
 *
 * @module
 */
import type { Extension } from "../extension.ts";

/** shirakumo-replies. */
export const REPLIES: Extension = { name: "shirakumo-replies" };

/** shirakumo-markup. */
export const MARKUP: Extension = { name: "shirakumo-markup" };
