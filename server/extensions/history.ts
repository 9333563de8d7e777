/**
 * `shirakumo-history` (shirakumo.mess §18): channels keep the chatter that
 * carries text (messages and edits; channel_log.ts, whose keeping is this
 * extension's `delivered` hook): in memory the last `--history` of each,
 * with `--database` all of it, as long as `--history-days` and
 * `--history-per-channel` say. `search` finds them by field: a time range
 * or a number for `clock`, numbers by equality, symbols by identity, lists
 * by containment, and strings by match specs (`_` one character, `*` any
 * run, `\` escapes).
 *
 * Choices where §18 is silent: a string spec matches anywhere in the text
 * (as the spec's own example, `this`, means to), case-insensitively, one
 * code point for `_`; results come at most `--search-results` at a time.
 * The database's text index only narrows the candidates down
 * ({@linkcode textFilter}); {@linkcode matchesSpec} decides.
 *
 * @module
 */
import {
  isSym,
  isSymNamed,
  KEYWORD,
  printUpdate,
  type Update,
  type Value,
} from "../../protocol/mod.ts";
import { symbolKey } from "../../protocol/registry.ts";
import type { Context } from "../context.ts";
import { type AnyReq, type Extension, handler } from "../extension.ts";
import { complete, type SearchFilter } from "../state/history.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { keepDelivered, loggedUpdate } from "./channel_log.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Milliseconds of background work (the database's index and retention) per tick. */
const UPKEEP_MS = 20;
/** Milliseconds between retention passes. */
const RETENTION_EVERY = 60_000;
const DAY = 24 * 60 * 60;
/** When the last retention pass began, and whether it is still going. */
const upkeeps = slot((_: Context) => ({ began: -Infinity, going: false }));

/** The updates a channel keeps for search, by clock (at most `limit`). */
export function history(ctx: Context, channel: Channel, limit = Infinity): Update[] {
  return complete(ctx.store.history.search(channel.key, {}, 0, limit, (e) => loggedUpdate(ctx, e)));
}

/** Does `text` match the spec somewhere, case-insensitively? */
export function matchesSpec(text: string, spec: string): boolean {
  let re = "";
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === "\\" && i + 1 < spec.length) re += escape(spec[++i]);
    else if (c === "_") re += ".";
    else if (c === "*") re += ".*";
    else re += escape(c);
  }
  return new RegExp(re, "isu").test(text);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The literal runs of a spec (split at `_`, `*` and characters `keep` refuses), of `min` or more. */
function literalRuns(spec: string, keep: (c: string) => boolean, min: number): string[] {
  const cs = Array.from(spec);
  const runs: string[] = [];
  let run: string[] = [];
  const end = () => {
    if (run.length >= min) runs.push(run.join(""));
    run = [];
  };
  for (let i = 0; i < cs.length; i++) {
    let c = cs[i];
    if (c === "\\" && i + 1 < cs.length) c = cs[++i];
    else if (c === "_" || c === "*") {
      end();
      continue;
    }
    if (keep(c)) run.push(c);
    else end();
  }
  end();
  return runs;
}

/**
 * The literal runs of a spec that every text it matches contains, ignoring
 * case, as far as the database's index (FTS5 trigrams, which fold case
 * differently from JavaScript outside ASCII) can be trusted to find them:
 * runs of three or more characters that are ASCII or have no case.
 */
export function specRuns(spec: string): string[] {
  const indexable = (c: string) =>
    c.codePointAt(0)! < 128 || (c.toLowerCase() === c && c.toUpperCase() === c);
  return literalRuns(spec, indexable, 3);
}

/**
 * A quick test of a kept update's wire text before it is read: for each
 * field queried by match specs (but `clock`, a range), the lower-cased ASCII
 * runs of each spec (not `"` or `\\`, which print escaped). A match's text
 * has every run of one of its field's specs, in any case: JavaScript folds
 * no character to an ASCII one that lower-cases differently, but `ſ` (to
 * `s`), which {@linkcode lowered} undoes. Undefined when it cannot help.
 */
export function wireFilter(pairs: readonly [string, Value][]): string[][][] | undefined {
  const plain = (c: string) => c >= " " && c <= "~" && c !== '"' && c !== "\\";
  const out: string[][][] = [];
  for (const [field, q] of pairs) {
    if (field === "clock") continue;
    const specs = Array.isArray(q) ? q : [q];
    if (specs.length === 0 || !specs.every((x) => typeof x === "string")) continue;
    const alternatives = (specs as string[]).map((x) =>
      literalRuns(x, plain, 1).map((r) => r.toLowerCase())
    );
    if (alternatives.every((a) => a.length > 0)) out.push(alternatives);
  }
  return out.length > 0 ? out : undefined;
}

/** Wire bytes as {@linkcode wireFilter} compares them. */
export function lowered(bytes: Uint8Array): string {
  return decoder.decode(bytes).toLowerCase().replaceAll("ſ", "s");
}

/** May an update whose wire text is `low` match, by {@linkcode wireFilter}'s runs? */
export function mayMatch(low: string, filter: readonly (readonly string[][])[]): boolean {
  return filter.every((alternatives) =>
    alternatives.some((runs) => runs.every((r) => low.includes(r)))
  );
}

/** What the store may narrow a search down by: the clock range, and the text's literal runs. */
export function textFilter(pairs: readonly [string, Value][]): SearchFilter {
  let clock: SearchFilter["clock"];
  let text: string[][] | undefined;
  for (const [field, q] of pairs) {
    if (field === "clock" && clock === undefined) {
      if (Array.isArray(q) && q.length === 2) {
        const [lo, hi] = q.map((v) => isSymNamed(v, "t") ? undefined : Number(v));
        if (!Number.isNaN(lo) && !Number.isNaN(hi)) clock = [lo, hi];
      } else if (typeof q === "number" || typeof q === "bigint") clock = [Number(q), Number(q)];
    }
    if (field === "text" && text === undefined) {
      const specs = (Array.isArray(q) ? q : [q]).filter((s) => typeof s === "string");
      const runs = specs.map(specRuns);
      // A spec without a run could match any text: then the index cannot help.
      if (runs.length > 0 && runs.every((r) => r.length > 0)) text = runs;
    }
  }
  return { clock, text };
}

function sameValue(a: Value, b: Value): boolean {
  if (isSym(a) || isSym(b)) {
    return isSym(a) && isSym(b) && a.package === b.package && a.name === b.name;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((x, i) => sameValue(x, b[i]));
  }
  return typeof a === "string" ? a === b : Number(a) === Number(b);
}

/** Does the candidate's field match the query value (§18 step 3)? */
function fieldMatches(field: string, query: Value, candidate: Value | undefined): boolean {
  if (candidate === undefined) return false;
  if (field === "clock" && Array.isArray(query) && query.length === 2) {
    const t = Number(candidate);
    const [lo, hi] = query.map((v) => isSymNamed(v, "t") ? undefined : Number(v));
    return (lo === undefined || t >= lo) && (hi === undefined || t <= hi);
  }
  if (typeof candidate === "string") {
    const specs = Array.isArray(query) ? query : [query];
    return specs.some((s) => typeof s === "string" && matchesSpec(candidate, s));
  }
  if (Array.isArray(candidate)) {
    return Array.isArray(query) && query.every((q) => candidate.some((c) => sameValue(q, c)));
  }
  return sameValue(query, candidate);
}

/** The update as a wire list, `(message :id … )`, to go inside `results`. */
function asValue(ctx: Context, u: Update): Value {
  const cls = ctx.registry.get(u.type)!;
  const out: Value[] = [cls.sym];
  for (const s of cls.slots) {
    const v = u[s.key];
    if (v !== undefined) out.push(s.sym, v);
  }
  return out;
}

/** `search`: the channel's kept messages that match, oldest first, a page at a time. */
const search = handler("shirakumo:search", { member: true }, (ctx, req) => {
  const u = req.update;
  // Steps 2–3.
  const query = Array.isArray(u.query) ? u.query : [];
  const pairs: [string, Value][] = [];
  for (let i = 0; i + 1 < query.length; i += 2) {
    const k = query[i];
    if (isSym(k)) pairs.push([symbolKey(k, KEYWORD), query[i + 1]]);
  }
  // Steps 4–6: the matches by clock, a page from `offset`; a long search
  // goes on in later turns, so that others are not kept waiting.
  const offset = Math.max(0, Math.floor(Number(u.offset ?? 0)) || 0);
  const quick = wireFilter(pairs);
  const steps = ctx.store.history.search(
    req.channel.key,
    textFilter(pairs),
    offset,
    ctx.options.searchResults,
    (e) => {
      // Reading an update costs more than a look at its bytes.
      if (!e.update && quick && !mayMatch(lowered(e.bytes), quick)) return undefined;
      const c = loggedUpdate(ctx, e);
      return c && pairs.every(([f, q]) => fieldMatches(f, q, c[f])) ? c : undefined;
    },
  );
  const step = () => {
    const r = steps.next();
    if (r.done) reply(ctx, req, r.value);
    else ctx.later(nextTurn(), step);
  };
  step();
});

/** A promise settled in a later turn of the event loop, after pending I/O. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Steps 7–8: the page, in as many replies as it takes to stay well under the size limit. */
function reply(ctx: Context, req: AnyReq, page: readonly Update[]): void {
  const budget = ctx.options.maxUpdateSize / 2;
  let chunk: Value[] = [];
  let size = 0;
  const flush = () => {
    req.echo({ results: chunk });
    chunk = [];
    size = 0;
  };
  for (const m of page) {
    const n = encoder.encode(printUpdate(m)).length;
    if (chunk.length > 0 && size + n > budget) flush();
    chunk.push(asValue(ctx, m));
    size += n;
  }
  flush();
}

/** The extension. */
export const HISTORY: Extension = {
  name: "shirakumo-history",
  handlers: [search],
  delivered: keepDelivered,
  // What a server that stopped had kept of channels that are no more.
  load(ctx) {
    for (const key of ctx.store.history.channels()) {
      if (!ctx.channels.has(key)) ctx.store.history.drop(key);
    }
  },
  channelGone: (ctx, channel) => ctx.store.history.drop(channel.key),
  // The database's background work; retention once a minute.
  tick(ctx) {
    const o = ctx.options;
    const retention = o.historyDays > 0 || o.historyPerChannel > 0
      ? {
        before: o.historyDays > 0 ? ctx.now() - o.historyDays * DAY : undefined,
        perChannel: o.historyPerChannel > 0 ? o.historyPerChannel : undefined,
      }
      : undefined;
    const u = upkeeps.get(ctx);
    const now = ctx.clock.now();
    let pass = u.going;
    if (retention && !pass && now - u.began >= RETENTION_EVERY) {
      u.began = now;
      pass = true;
    }
    u.going = ctx.store.history.upkeep(pass ? retention : undefined, UPKEEP_MS);
  },
};
