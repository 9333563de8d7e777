/**
 * Colours for the terminal client: a stable colour per name, dim notices,
 * highlighted mentions. Off where NO_COLOR is set (no-color.org), where the
 * output is not a terminal, and for `TERM=dumb`.
 *
 * @example
 * ```ts
 * import { Style } from "./style.ts";
 * const s = new Style(true);
 * s.name("alice"); // "\x1b[36malice\x1b[39m" (the same colour every time)
 * new Style(false).name("alice"); // "alice"
 * ```
 *
 * @module
 */
import { nameKey } from "../../protocol/mod.ts";

/** Foreground colours names are drawn from (no black or white: either may be the background). */
const PALETTE = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];

/** FNV-1a of the name's case-folded form: the same colour for `Bob` and `bob`, every run. */
export function nameColour(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of nameKey(name)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return PALETTE[h % PALETTE.length];
}

/** Should output be coloured, given the environment and whether it is a terminal? */
export function wantColour(
  env: { NO_COLOR?: string; TERM?: string },
  isTerminal: boolean,
): boolean {
  return isTerminal && !env.NO_COLOR && env.TERM !== "dumb";
}

/** Escape-sequence styling, or none. */
export class Style {
  /** Is colour on? */
  readonly on: boolean;

  /** Styling with colour on or off. */
  constructor(on: boolean) {
    this.on = on;
  }

  #wrap(open: string, close: string, text: string): string {
    return this.on ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  }

  /** A user's name in its colour. */
  name(name: string): string {
    return this.#wrap(String(nameColour(name)), "39", name);
  }

  /** A notice (`** …`), dimmed. */
  dim(text: string): string {
    return this.#wrap("2", "22", text);
  }

  /** An error, in red. */
  error(text: string): string {
    return this.#wrap("31", "39", text);
  }

  /** A mention of the user, in reverse video. */
  mention(text: string): string {
    return this.#wrap("7", "27", text);
  }

  /** Bold, for the channel a line comes from. */
  bold(text: string): string {
    return this.#wrap("1", "22", text);
  }
}

/** `text` with each whole-word mention of `me` passed through `mark`; undefined if none. */
export function markMentions(
  text: string,
  me: string,
  mark: (s: string) => string,
): string | undefined {
  if (!me) return undefined;
  const escaped = me.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "giu");
  if (!re.test(text)) return undefined;
  re.lastIndex = 0;
  return text.replace(re, (m) => mark(m));
}
