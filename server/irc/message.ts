/**
 * IRC messages: one line's tags, source, command and parameters, read from
 * and written to the wire form of RFC 1459 §2.3 as the Modern IRC
 * documentation clarifies it, with IRCv3 message tags.
 *
 * @example
 * ```ts
 * import { formatMessage, parseMessage } from "./message.ts";
 * const m = parseMessage("@time=x :ada!a@h PRIVMSG #lobby :hello there")!;
 * m.command; // "PRIVMSG"
 * m.params; // ["#lobby", "hello there"]
 * formatMessage({ tags: {}, source: "srv", command: "001", params: ["ada", "Welcome"] });
 * // ":srv 001 ada Welcome"
 * ```
 *
 * @module
 */

/** One IRC message. */
export interface IrcMessage {
  /** IRCv3 tags, unescaped; a tag without a value maps to "". */
  readonly tags: Readonly<Record<string, string>>;
  /** The source (prefix) without its colon, if any. */
  readonly source?: string;
  /** The command, upper case, or a three-digit numeric. */
  readonly command: string;
  /** The parameters, the trailing one included. */
  readonly params: readonly string[];
}

const TAG_UNESCAPE: Readonly<Record<string, string>> = {
  ":": ";",
  s: " ",
  "\\": "\\",
  r: "\r",
  n: "\n",
};

/** A tag value as it travels: `;`, space, backslash, CR and LF escaped. */
export function escapeTag(value: string): string {
  return value.replace(
    /[; \\\r\n]/g,
    (c) => c === ";" ? "\\:" : c === " " ? "\\s" : c === "\\" ? "\\\\" : c === "\r" ? "\\r" : "\\n",
  );
}

/** A tag value read back (an unknown escape is the character itself). */
export function unescapeTag(value: string): string {
  return value.replace(/\\(.?)/g, (_, c: string) => TAG_UNESCAPE[c] ?? c);
}

function parseTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of text.split(";")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) tags[part] = "";
    else tags[part.slice(0, eq)] = unescapeTag(part.slice(eq + 1));
  }
  return tags;
}

/** Read one line (without its CR LF); undefined when it holds no command. */
export function parseMessage(line: string): IrcMessage | undefined {
  let rest = line;
  let tags: Record<string, string> = {};
  let source: string | undefined;
  const word = (): string => {
    rest = rest.replace(/^ +/, "");
    const sp = rest.indexOf(" ");
    const w = sp < 0 ? rest : rest.slice(0, sp);
    rest = sp < 0 ? "" : rest.slice(sp + 1);
    return w;
  };
  if (rest.startsWith("@")) tags = parseTags(word().slice(1));
  rest = rest.replace(/^ +/, "");
  if (rest.startsWith(":")) source = word().slice(1);
  const command = word().toUpperCase();
  if (command === "") return undefined;
  const params: string[] = [];
  for (;;) {
    rest = rest.replace(/^ +/, "");
    if (rest === "") break;
    if (rest.startsWith(":")) {
      params.push(rest.slice(1));
      break;
    }
    params.push(word());
  }
  return { tags, source, command, params };
}

/**
 * The wire form of a message, without CR LF. The last parameter gets its
 * colon when it must have one (empty, a space in it, or a leading colon).
 */
export function formatMessage(m: IrcMessage): string {
  let out = "";
  const tagNames = Object.keys(m.tags);
  if (tagNames.length > 0) {
    out += "@" + tagNames.map((k) => m.tags[k] === "" ? k : `${k}=${escapeTag(m.tags[k])}`)
      .join(";") +
      " ";
  }
  if (m.source !== undefined) out += ":" + m.source + " ";
  out += m.command;
  const last = m.params.length - 1;
  m.params.forEach((p, i) => {
    const trailing = i === last && (p === "" || p.includes(" ") || p.startsWith(":"));
    out += trailing ? " :" + p : " " + p;
  });
  return out;
}
