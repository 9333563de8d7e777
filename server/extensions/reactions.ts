/**
 * `shirakumo-reactions` (shirakumo.mess §20): a member's reaction to a
 * message, distributed to the channel: emoji, or (shirakumo-emotes) an
 * emote of the channel or of the primary channel.
 *
 * @module
 */
import { type Extension, handler } from "../extension.ts";
import { isEmote } from "./emotes.ts";

/**
 * Emoji, as the spec's "unicode characters from the emoji block": pictographs
 * with their modifiers, joiners, variation selectors and keycap parts.
 */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\u20e3)+$/u;

/** Is `text` one or more emoji and nothing else? */
export function isEmoji(text: string): boolean {
  // Emoji_Component alone includes digits, # and *: require a pictograph or a keycap.
  return EMOJI.test(text) && /\p{Extended_Pictographic}|\u20e3|\p{Regional_Indicator}/u.test(text);
}

/** Step 1 (membership) is a precondition; step 2 the emote; step 3 the relay. */
const react = handler("shirakumo:react", { member: true, chatter: true }, (ctx, req) => {
  const e = req.update.emote;
  if (!isEmoji(e) && !isEmote(ctx, req.channel, e)) {
    return req.fail("malformed-update", "A reaction's emote must be emoji or an emote.");
  }
  return ctx.relay(req);
});

/** The extension. */
export const REACTIONS: Extension = {
  name: "shirakumo-reactions",
  handlers: [react],
  rules: { primary: { "shirakumo:react": "no one" } },
};
