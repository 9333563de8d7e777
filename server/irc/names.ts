/**
 * Lichat names as IRC nicks and channel names, and back. Lichat names may
 * hold spaces and punctuation that IRC gives a meaning to, so those are
 * written `%` and two hex digits, and `%` itself as `%25`: the mapping is
 * reversible, and a name without such characters stays as it is.
 *
 * - In a nick: space `, ! @ * ? % :` anywhere, and `# & $ + ~` in front
 *   (IRC reads those as channel types or membership prefixes).
 * - In a channel name, after the `#` that every one gets: space `,` and `%`.
 *   A Lichat channel whose name starts with `#` shows as `##name`; an
 *   anonymous one as `#@name`.
 *
 * @example
 * ```ts
 * import { ircChannel, ircNick, lichatChannel, lichatNick } from "./names.ts";
 * ircNick("Guest 1a2b"); // "Guest%201a2b"
 * lichatNick("Guest%201a2b"); // "Guest 1a2b"
 * ircChannel("tea room"); // "#tea%20room"
 * lichatChannel("#tea%20room"); // "tea room"
 * lichatNick("50%"); // undefined: not a valid escape
 * ```
 *
 * @module
 */
import { isValidName } from "../../protocol/mod.ts";

const NICK_ANYWHERE = new Set([" ", ",", "!", "@", "*", "?", "%", ":"]);
const NICK_FIRST = new Set(["#", "&", "$", "+", "~"]);
const CHANNEL_ANYWHERE = new Set([" ", ",", "%"]);

function hex(c: string): string {
  return "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
}

function escape(name: string, anywhere: ReadonlySet<string>, first: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  for (const c of name) {
    out += anywhere.has(c) || (i === 0 && first.has(c)) ? hex(c) : c;
    i++;
  }
  return out;
}

/** Undo `%XX` escapes; undefined when a `%` is not followed by two hex digits. */
function unescape(text: string): string | undefined {
  if (!text.includes("%")) return text;
  let bad = false;
  const out = text.replace(/%(.{0,2})/gs, (_, h: string) => {
    if (!/^[0-9a-fA-F]{2}$/.test(h)) {
      bad = true;
      return "";
    }
    return String.fromCharCode(parseInt(h, 16));
  });
  return bad ? undefined : out;
}

/** A Lichat user name as an IRC nick. */
export function ircNick(name: string): string {
  return escape(name, NICK_ANYWHERE, NICK_FIRST);
}

/** The Lichat name an IRC nick stands for; undefined if it stands for no valid one. */
export function lichatNick(nick: string): string | undefined {
  const name = unescape(nick);
  return isValidName(name) ? name : undefined;
}

/** A Lichat channel name as an IRC channel name. */
export function ircChannel(name: string): string {
  return "#" + escape(name, CHANNEL_ANYWHERE, new Set());
}

/** The Lichat channel an IRC channel name stands for; undefined if none can be. */
export function lichatChannel(channel: string): string | undefined {
  if (!channel.startsWith("#")) return undefined;
  const name = unescape(channel.slice(1));
  return isValidName(name) ? name : undefined;
}

/** Does an IRC target name a channel (rather than a nick)? */
export function isChannelTarget(target: string): boolean {
  return target.startsWith("#");
}
