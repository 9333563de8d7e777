/**
 * Message text between IRC and Lichat. IRC lines carry no newlines and have
 * a length limit; Lichat messages may be long and span lines. IRC has
 * formatting control codes and CTCP; Lichat has neither.
 *
 * - IRC to Lichat: formatting codes are dropped; `/me waves` (CTCP ACTION)
 *   becomes the text `*ada waves*`, the form ex-lichat uses; other CTCP
 *   requests are not carried.
 * - Lichat to IRC: each line of the text is its own PRIVMSG, cut to fit 512
 *   bytes; a text of the form `*ada waves*` from ada shows as her ACTION.
 *
 * @example
 * ```ts
 * import { fromIrcText, toIrcLines } from "./text.ts";
 * fromIrcText("\x01ACTION waves\x01", "ada"); // "*ada waves*"
 * fromIrcText("\x02bold\x02 move", "ada"); // "bold move"
 * toIrcLines("*ada waves*", "ada", 400); // { action: true, lines: ["waves"] }
 * ```
 *
 * @module
 */

/** The longest IRC line, CR LF included, tags not (RFC 1459 §2.3). */
export const IRC_LINE_BYTES = 512;

// Bold, colour (with its numbers), hex colour, reset, monospace, reverse,
// italic, strikethrough, underline.
const FORMATTING =
  // deno-lint-ignore no-control-regex -- IRC's formatting codes are control characters
  /\x03(\d{1,2}(,\d{1,2})?)?|\x04([0-9a-fA-F]{6}(,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g;

/** Drop IRC formatting codes. */
export function stripFormatting(text: string): string {
  return text.replace(FORMATTING, "");
}

/** A CTCP message's command and argument, if `text` is one. */
export function ctcp(text: string): { command: string; arg: string } | undefined {
  if (!text.startsWith("\x01")) return undefined;
  const body = text.slice(1, text.endsWith("\x01") && text.length > 1 ? -1 : undefined);
  const sp = body.indexOf(" ");
  return sp < 0
    ? { command: body.toUpperCase(), arg: "" }
    : { command: body.slice(0, sp).toUpperCase(), arg: body.slice(sp + 1) };
}

/**
 * The Lichat text of an IRC message from `name`; undefined for a CTCP
 * request other than ACTION, which Lichat has no place for.
 */
export function fromIrcText(text: string, name: string): string | undefined {
  const c = ctcp(text);
  if (!c) return stripFormatting(text);
  if (c.command !== "ACTION") return undefined;
  return `*${name} ${stripFormatting(c.arg)}*`;
}

/** Is the text `*name …*` from `name`: an action? Returns the action's text. */
export function actionText(text: string, name: string): string | undefined {
  const head = `*${name} `;
  if (text.length <= head.length + 1 || !text.endsWith("*") || text.includes("\n")) {
    return undefined;
  }
  if (text.slice(0, head.length).toLowerCase() !== head.toLowerCase()) return undefined;
  return text.slice(head.length, -1);
}

const encoder = new TextEncoder();

/** Cut `line` into pieces of at most `budget` UTF-8 bytes, at code points. */
export function cutLine(line: string, budget: number): string[] {
  if (line.length * 3 <= budget || encoder.encode(line).length <= budget) return [line];
  const out: string[] = [];
  let piece = "";
  let size = 0;
  for (const c of line) {
    const n = c.length === 2 ? 4 : c.charCodeAt(0) < 0x80 ? 1 : c.charCodeAt(0) < 0x800 ? 2 : 3;
    if (size + n > budget && piece !== "") {
      out.push(piece);
      piece = "";
      size = 0;
    }
    piece += c;
    size += n;
  }
  if (piece !== "") out.push(piece);
  return out;
}

/**
 * The IRC lines of a Lichat text from `from`, each at most `budget` bytes:
 * its lines (CTCP markers taken out, empty lines left out), cut to fit.
 * `action` when the text is `*from …*`.
 */
export function toIrcLines(
  text: string,
  from: string,
  budget: number,
): { action: boolean; lines: string[] } {
  const act = actionText(text, from);
  // deno-lint-ignore no-control-regex -- CTCP's marker and NUL have no place in a line
  const body = (act ?? text).replace(/[\x00\x01]/g, "");
  const room = act === undefined ? budget : budget - "\x01ACTION \x01".length;
  const lines: string[] = [];
  for (const l of body.split(/\r\n|\r|\n/)) {
    if (l === "") continue;
    for (const piece of cutLine(l, Math.max(room, 16))) lines.push(piece);
  }
  return { action: act !== undefined, lines };
}
