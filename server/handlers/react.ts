/**
 * `shirakumo:react` (shirakumo.mess §20): a member's emoji reaction to a
 * message, distributed to the channel.
 *
 * @module
 */
import type { Handler } from "../context.ts";
import { requireMember } from "./channel.ts";
import { relay } from "./moderation.ts";
import { isEmote } from "./emotes.ts";

/**
 * Emoji, as the spec's "unicode characters from the emoji block": pictographs
 * with their modifiers, joiners, variation selectors and keycap parts. Without
 * the emotes extension, nothing else.
 */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\u20e3)+$/u;

/** Is `text` one or more emoji and nothing else? */
export function isEmoji(text: string): boolean {
  // Emoji_Component alone includes digits, # and *: require a pictograph or a keycap.
  return EMOJI.test(text) && /\p{Extended_Pictographic}|\u20e3|\p{Regional_Indicator}/u.test(text);
}

/** Handle `react`: members only, emoji only, then to the channel. */
export const react: Handler = (ctx, conn, u) => {
  const channel = ctx.findChannel(u.channel as string)!;
  // Step 1.
  if (!requireMember(ctx, conn, u, channel, conn.user!)) return;
  // Step 2: emoji, or (shirakumo-emotes) an emote of the channel or the primary one.
  const e = u.emote as string;
  if (!isEmoji(e) && !isEmote(ctx, channel, e)) {
    return ctx.fail(conn, u, "malformed-update", "A reaction's emote must be emoji or an emote.");
  }
  // Step 3, paused and quieted as anything else said in a channel.
  relay(ctx, conn, u, channel);
};
