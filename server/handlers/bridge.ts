/**
 * `shirakumo-bridge` (shirakumo.mess §11): a bridge to another chat network
 * sends channel updates on behalf of that network's users, naming them in
 * the `bridge` field; the server swaps `bridge` and `from` and delivers.
 *
 * The prose and lichat-js call the field `:bridge`, the definitions
 * `shirakumo:bridge`; both are read (`ERRATA` in protocol/registry.ts), and
 * a bridged update goes out with the key it came with.
 *
 * @module
 */
import { isValidName, type Update } from "../../protocol/mod.ts";
import type { Context, Handler } from "../context.ts";
import type { Channel, Connection } from "../state/model.ts";

/** The keys the field may come under. */
const KEYS = ["bridge", "shirakumo:bridge"] as const;

/**
 * Update types a bridge may send: those delivered to the whole channel as
 * they are (§11 step 4). The spec asks for `message` at least.
 */
export const BRIDGED: ReadonlySet<string> = new Set([
  "message",
  "shirakumo:edit",
  "shirakumo:data",
  "shirakumo:typing",
  "shirakumo:react",
]);

/** The key holding a bridged name, if the update has one and may be bridged. */
export function bridgeKey(u: Update): (typeof KEYS)[number] | undefined {
  if (!BRIDGED.has(u.type)) return undefined; // the field is discarded for the rest
  return KEYS.find((k) => typeof u[k] === "string");
}

/**
 * Steps 1–5, run after §5.1 step 6 in place of the rest of the handling:
 * members with the `bridge` permission only, then the fields swapped and
 * the update delivered to the channel.
 */
export function relayBridged(
  ctx: Context,
  conn: Connection,
  u: Update,
  channel: Channel,
  key: (typeof KEYS)[number],
): void {
  const user = conn.user!;
  // Step 1.
  if (!channel.users.has(user)) {
    return ctx.fail(conn, u, "not-in-channel", `${user.name} is not in ${channel.name}.`);
  }
  // Step 2.
  if (!ctx.permitted("shirakumo:bridge", channel, user)) {
    return ctx.fail(
      conn,
      u,
      "insufficient-permissions",
      `You may not bridge into ${channel.name}.`,
    );
  }
  // The bridged name becomes the sender: it must be a name (§2.2.1).
  const name = u[key] as string;
  if (!isValidName(name)) {
    return ctx.fail(conn, u, "bad-name", `${name} is not a valid user name.`);
  }
  // Steps 3–5: a new object, so that no bytes printed for the original are used.
  ctx.sendToChannel({ ...u, from: name, [key]: u.from }, channel);
}

/** `bridge`: sent back, so a bridge can see that it may bridge. */
export const bridge: Handler = (ctx, conn, u) => {
  ctx.send(u, [conn]);
};
