/**
 * Look-alike names: a name is taken while another user, profile or channel
 * has a name that looks the same, by the confusables skeleton of Unicode
 * TR39 (§4), as ergo does. Identity stays {@linkcode nameKey}: the skeleton
 * only decides "taken".
 *
 * The skeleton of a name: its name key (case folded), in NFD, without
 * default-ignorable code points, each code point replaced by its prototype
 * from Unicode's confusables data (13.0, as the npm package `unhomoglyph`
 * carries it), NFD again, and case folded again. So Cyrillic `а` is Latin
 * `a`, `0` is `o`, `1` and `I` are `l`, `rn` is `m`.
 *
 * Users are found by an index from skeleton to names, made on first use
 * and told of each new user; an entry whose user and profile are gone is
 * dropped when met, and the index is made anew when stale entries
 * outnumber live ones. Channels are checked the same way.
 *
 * @example
 * ```ts
 * import { skeleton } from "./lookalike.ts";
 * skeleton("\u0430lice") === skeleton("Alice"); // true: Cyrillic а
 * skeleton("r00t") === skeleton("root"); // true
 * ```
 *
 * @module
 */
import confusables from "unhomoglyph/data.json" with { type: "json" };
import { nameKey } from "../protocol/mod.ts";
import type { Context } from "./context.ts";
import { slot } from "./state/slots.ts";

const PROTOTYPES: ReadonlyMap<string, string> = new Map(Object.entries(confusables));
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The TR39 skeleton of `name`, case folded; see the module doc. */
export function skeleton(name: string): string {
  let out = "";
  for (const ch of nameKey(name).normalize("NFD").replace(IGNORABLE, "")) {
    out += PROTOTYPES.get(ch) ?? ch;
  }
  return nameKey(out.normalize("NFD"));
}

/** Names by skeleton, some of them stale; see the module doc. */
class Index {
  readonly #bySkeleton = new Map<string, Map<string, string>>();
  #entries = 0;

  constructor(
    /** Is the name of key `key` still in use? */
    private readonly live: (key: string) => boolean,
    /** Every name in use, key and name, and how many. */
    private readonly all: () => { size: number; names: Iterable<[string, string]> },
  ) {
    this.#rebuild();
  }

  #rebuild(): void {
    this.#bySkeleton.clear();
    this.#entries = 0;
    for (const [key, name] of this.all().names) this.add(key, name);
  }

  /** Note a name in use. */
  add(key: string, name: string): void {
    const s = skeleton(name);
    let names = this.#bySkeleton.get(s);
    if (!names) this.#bySkeleton.set(s, names = new Map());
    if (names.has(key)) return;
    names.set(key, name);
    if (++this.#entries > 2 * this.all().size + 64) this.#rebuild();
  }

  /** A name in use that looks like `name` (key `key`) but is another. */
  other(name: string, key: string): string | undefined {
    const names = this.#bySkeleton.get(skeleton(name));
    if (!names) return undefined;
    for (const [k, n] of names) {
      if (k === key) continue;
      if (this.live(k)) return n;
      names.delete(k);
      this.#entries--;
    }
    return undefined;
  }
}

const users = slot((ctx: Context) =>
  new Index(
    (k) => ctx.users.has(k) || ctx.profiles.has(k),
    () => ({
      size: ctx.users.size + ctx.profiles.size,
      names: [
        ...[...ctx.users.values()].map((u): [string, string] => [u.key, u.name]),
        ...[...ctx.profiles.values()].map((p): [string, string] => [p.key, p.name]),
      ],
    }),
  )
);

const channels = slot((ctx: Context) =>
  new Index(
    (k) => ctx.channels.has(k),
    () => ({
      size: ctx.channels.size,
      names: [...ctx.channels.values()].map((c): [string, string] => [c.key, c.name]),
    }),
  )
);

/** The name of a user or profile that looks like `name` but is another, if any. */
export function lookalikeUser(ctx: Context, name: string): string | undefined {
  return users.get(ctx).other(name, nameKey(name));
}

/** Note a new user (§4.1 step 9), so that names like it are taken. */
export function noteUser(ctx: Context, key: string, name: string): void {
  users.peek(ctx)?.add(key, name);
}

/** The name of a channel that looks like `name` but is another, if any. */
export function lookalikeChannel(ctx: Context, name: string): string | undefined {
  return channels.get(ctx).other(name, nameKey(name));
}

/** Note a new channel. */
export function noteChannel(ctx: Context, key: string, name: string): void {
  channels.peek(ctx)?.add(key, name);
}
