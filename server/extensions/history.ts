/**
 * `shirakumo-history` (shirakumo.mess §18): each channel keeps its last
 * `--history` chatter updates that carry text (messages and edits) while
 * the server runs, and `search` finds them by field: a time range or a
 * number for `clock`, numbers by equality, symbols by identity, lists by
 * containment, and strings by match specs (`_` one character, `*` any run,
 * `\` escapes).
 *
 * Choices where §18 is silent: a string spec matches anywhere in the text
 * (as the spec's own example, `this`, means to), case-insensitively, one
 * code point for `_`; results come at most `--search-results` at a time.
 *
 * @module
 */
import {
  isSym,
  isSymNamed,
  KEYWORD,
  printUpdate,
  readUpdate,
  type Update,
  type Value,
} from "../../protocol/mod.ts";
import { symbolKey } from "../../protocol/registry.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import type { Channel } from "../state/model.ts";
import { slot } from "../state/slots.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** Each channel's kept updates, oldest first. */
const histories = slot((_: Channel): Update[] => []);

/** The updates a channel keeps for search, oldest first. */
export function history(channel: Channel): readonly Update[] {
  return histories.peek(channel) ?? [];
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
  const found = histories.get(req.channel).filter((c) =>
    pairs.every(([f, q]) => fieldMatches(f, q, c[f]))
  );
  // Steps 4–6.
  found.sort((a, b) => Number(a.clock) - Number(b.clock));
  const offset = Number(u.offset ?? 0);
  const page = found.slice(offset, offset + ctx.options.searchResults);
  // Steps 7–8: as many replies as it takes to stay well under the size limit.
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
});

/** The extension. */
export const HISTORY: Extension = {
  name: "shirakumo-history",
  handlers: [search],
  // Keep chatter that carries text: messages and edits, not typing or data.
  delivered(ctx, channel, update, said) {
    const max = ctx.options.history;
    if (max === 0 || !ctx.extensions.chatter.has(update.type)) return;
    if (!ctx.registry.isSubclass(update.type, "text-update")) return;
    // The update may have lost its long strings on the way from a worker.
    const whole = said && !said.whole
      ? readUpdate(decoder.decode(said.bytes.subarray(0, -1)), { registry: ctx.registry })
      : update;
    const list = histories.get(channel);
    list.push(whole);
    // Trim in steps, so that a full history does not shift on every message.
    if (list.length > max + Math.max(16, max >> 4)) list.splice(0, list.length - max);
  },
};
