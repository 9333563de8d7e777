/**
 * `shirakumo-backfill` (shirakumo.mess §1): each channel keeps its last
 * `--backlog` updates; `backfill` sends a member those since it last
 * joined (no spying on what came before), then the request itself to mark
 * the end. The primary channel is everyone's joins and leaves, which no one
 * backfills: it keeps none.
 *
 * @module
 */
import { sameName, type Update } from "../../protocol/mod.ts";
import type { Context } from "../context.ts";
import { type Extension, handler } from "../extension.ts";
import type { Channel, User } from "../state/model.ts";
import { slot } from "../state/slots.ts";

/** An update as it was distributed to a channel, with its place in the sequence. */
export interface Entry {
  /** Server-wide sequence number, increasing. */
  readonly seq: number;
  /** The update, exactly as sent; without its long strings when `bytes` is there. */
  readonly update: Update;
  /** Its wire form with the NUL, when a worker printed it. */
  readonly bytes?: Uint8Array;
}

/** A channel's backlog, and when each member last joined (as a sequence number). */
interface Backlog {
  readonly entries: Entry[];
  readonly joined: WeakMap<User, number>;
}

const backlogs = slot((_: Channel): Backlog => ({ entries: [], joined: new WeakMap() }));
/** Each server's sequence of kept channel updates. */
const sequences = slot((_: Context) => ({ seq: 0 }));

/** The updates a channel keeps for backfill, oldest first. */
export function backlog(channel: Channel): readonly Entry[] {
  return backlogs.peek(channel)?.entries ?? [];
}

const backfill = handler("shirakumo:backfill", { member: true }, (ctx, req) => {
  const { user, update: u } = req;
  const log = backlogs.get(req.channel);
  // Step 2: nothing from before the user's last join, nothing older than
  // `since`, and not the user's own joining.
  const joinedAt = log.joined.get(user) ?? Infinity;
  const since = u.since === undefined ? -Infinity : Number(u.since);
  for (const e of log.entries) {
    if (e.seq <= joinedAt || Number(e.update.clock ?? 0) < since) continue;
    const x = e.update;
    if (x.type === "join" && typeof x.from === "string" && sameName(x.from, user.name)) continue;
    ctx.send(x, [req.conn], e.bytes);
  }
  // Step 3.
  req.echo();
});

/** The extension. */
export const BACKFILL: Extension = {
  name: "shirakumo-backfill",
  handlers: [backfill],
  rules: { primary: { "shirakumo:backfill": "registrant" } },
  delivered(ctx, channel, update, said) {
    const max = ctx.options.backlog;
    if (channel.kind === "primary" || max === 0) return;
    const entries = backlogs.get(channel).entries;
    // The bytes are a view of a worker's whole batch: keep a copy only.
    entries.push({ seq: ++sequences.get(ctx).seq, update, bytes: said?.bytes.slice() });
    if (entries.length > max) entries.shift();
  },
  entered(ctx, user, channel) {
    backlogs.get(channel).joined.set(user, sequences.get(ctx).seq);
  },
};
