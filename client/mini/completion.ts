/**
 * Tab completion for the terminal client (`node:readline`'s completer):
 * command names, then channel or user names as the command takes them, and
 * in plain text the names of the current channel's members (`bob: ` at the
 * start of a line, as IRC clients do).
 *
 * @example
 * ```ts
 * import { complete } from "./completion.ts";
 * const src = { commands: { join: "channel" as const }, channels: () => ["lobby"],
 *   users: () => ["bob"], members: () => ["bob"] };
 * complete("/jo", src); // [["/join "], "/jo"]
 * complete("/join lo", src); // [["lobby"], "lo"]
 * complete("bo", src); // [["bob: "], "bo"]
 * ```
 *
 * @module
 */

/** What a command's argument names. */
export type ArgKind = "channel" | "user" | "none" | "text";

/** Where names to complete come from. */
export interface CompletionSource {
  /** Command names (without `/`) and what their first argument is. */
  readonly commands: Readonly<Record<string, ArgKind>>;
  /** Channel names (and private conversations' names) the user may name. */
  channels(): string[];
  /** User names the client knows of. */
  users(): string[];
  /** The current channel's members. */
  members(): string[];
}

function matching(word: string, names: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const out = new Map<string, string>();
  for (const n of names) {
    if (n.toLowerCase().startsWith(w) && !out.has(n.toLowerCase())) out.set(n.toLowerCase(), n);
  }
  return [...out.values()].sort((a, b) => a.localeCompare(b));
}

/** Complete `line` (the text before the cursor): the candidates and the word they replace. */
export function complete(line: string, src: CompletionSource): [string[], string] {
  const command = /^\/(\S*)$/.exec(line);
  if (command) {
    return [matching(command[1], Object.keys(src.commands)).map((c) => `/${c} `), line];
  }
  const word = /(\S*)$/.exec(line)![1];
  const arg = /^\/(\S+) +(\S*)$/.exec(line);
  if (arg) {
    const kind = src.commands[arg[1].toLowerCase()];
    if (kind === "channel") return [matching(word, src.channels()), word];
    if (kind === "user") return [matching(word, src.users()), word];
    if (kind === "none") return [[], word];
  }
  if (word === "") return [[], word];
  const names = matching(word, src.members());
  return [line.length === word.length ? names.map((n) => `${n}: `) : names, word];
}
