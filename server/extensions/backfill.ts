/**
 * `shirakumo-backfill` (shirakumo.mess §1): `backfill` sends a member the
 * channel's kept updates (channel_log.ts) since the user first could see
 * them, at most `--backlog` of the newest, then the request itself to mark
 * the end. The primary channel is everyone's joins and leaves, which no one
 * backfills: it keeps none.
 *
 * No spying on what came before: an unregistered user gets what came after
 * the join that brought it in; a registered one what came after its
 * profile's first join of the channel (kept in the store, so a restart
 * changes nothing). What came while a registered user was away is sent
 * too, as §18 allows a server that has search, which shows it anyway.
 *
 * @module
 */
import { sameName } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import type { Logged } from "../state/history.ts";
import { Kept } from "../state/kept.ts";
import type { Channel, User } from "../state/model.ts";
import { slot } from "../state/slots.ts";
import { loggedUpdate } from "./channel_log.ts";

const NAME = "shirakumo-backfill";
/** Per channel, the seq of each user's last join. */
const joined = slot((_: Channel) => new WeakMap<User, number>());
/** Per channel, the seq of each profile's first join, by name key. */
const firstJoins = slot((_: Channel) => new Map<string, number>());
const kept = new Kept<number>(NAME, "channel");

/** Updates of the channel a backfill would send, at most `--backlog`, oldest first. */
export function backlog(ctx: Context, channel: Channel): Logged[] {
  return ctx.store.history.recent(channel.key, 0, -Infinity, ctx.options.backlog);
}

/** The seq after which `user` may backfill `channel`; undefined if never. */
function mark(ctx: Context, user: User, channel: Channel): number | undefined {
  const first = ctx.profiles.has(user.key) ? firstJoins.peek(channel)?.get(user.key) : undefined;
  return first ?? joined.peek(channel)?.get(user);
}

/** Note a registered user's first join of a channel at `seq` (kept, but for anonymous channels). */
function firstJoin(ctx: Context, key: string, channel: Channel, seq: number): void {
  const firsts = firstJoins.get(channel);
  if (firsts.has(key)) return;
  firsts.set(key, seq);
  if (channel.kind !== "anonymous") kept.put(ctx.store, channel.key, key, seq);
}

const backfill = handler("shirakumo:backfill", { member: true }, (ctx, req) => {
  const { user, update: u } = req;
  // Step 2: nothing from before the user could see the channel, nothing
  // older than `since`, and not the user's own joining (nor leaving).
  const after = mark(ctx, user, req.channel);
  const since = u.since === undefined ? -Infinity : Number(u.since);
  const entries = after === undefined
    ? []
    : ctx.store.history.recent(req.channel.key, after, since, ctx.options.backlog);
  for (const e of entries) {
    const x = loggedUpdate(ctx, e);
    if (!x) continue;
    // The user's own comings and goings are not news to it, and a client
    // replaying its own old leave would think it had left.
    const own = typeof x.from === "string" && sameName(x.from, user.name);
    if (own && (x.type === "join" || x.type === "leave")) continue;
    ctx.send(x, [req.conn], e.bytes);
  }
  // Step 3.
  req.echo();
});

/** The extension. */
export const BACKFILL: Extension = {
  name: NAME,
  handlers: [backfill],
  rules: { primary: { "shirakumo:backfill": "registrant" } },
  load(ctx) {
    for (const { owner, key, value } of kept.all(ctx.store)) {
      const channel = ctx.channels.get(owner);
      if (channel && ctx.profiles.has(key)) firstJoins.get(channel).set(key, value);
      else kept.drop(ctx.store, owner, key);
    }
  },
  entered(ctx, user, channel) {
    const seq = ctx.store.history.last(channel.key);
    joined.get(channel).set(user, seq);
    if (ctx.profiles.has(user.key)) firstJoin(ctx, user.key, channel, seq);
  },
  // A user who registers keeps what it could see of the channels it is in.
  registered(ctx, profile) {
    const user = ctx.users.get(profile.key);
    for (const channel of user?.channels ?? []) {
      const seq = joined.peek(channel)?.get(user!);
      if (seq !== undefined) firstJoin(ctx, profile.key, channel, seq);
    }
  },
  profileGone(ctx, profile) {
    for (const channel of ctx.channels.values()) {
      if (firstJoins.peek(channel)?.delete(profile.key)) {
        kept.drop(ctx.store, channel.key, profile.key);
      }
    }
  },
};
