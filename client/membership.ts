/**
 * Who is where, as far as the server has said: the channels the client's
 * user is in, and the members of each (from `join`, `leave`, `kick` and
 * `users` replies). Names compare case-insensitively (lichat.mess §2.2.1).
 *
 * @example
 * ```ts
 * import { Membership } from "./membership.ts";
 * const m = new Membership();
 * m.update({ type: "join", id: 1, from: "alice", channel: "lobby" }, "alice");
 * [...m.channels]; // ["lobby"]
 * m.membersOf("lobby"); // ["alice"]
 * ```
 *
 * @module
 */
import { nameKey, sameName, type Update } from "../protocol/mod.ts";

/** The channels of one user, and their members. */
export class Membership {
  /** The channels the user is in. */
  readonly channels: Set<string> = new Set();
  /** The primary channel: the first one joined (§4.1 step 12–13). */
  serverName = "";
  readonly #members = new Map<string, Map<string, string>>();

  /** The members of `channel` known so far. */
  membersOf(channel: string): string[] {
    return [...(this.#members.get(nameKey(channel))?.values() ?? [])];
  }

  /** Forget everything (the connection is gone). */
  clear(): void {
    this.channels.clear();
    this.#members.clear();
  }

  /** Take in what `u` says, `me` being the user's name. */
  update(u: Update, me: string): void {
    if (typeof u.channel !== "string") return;
    const channel = u.channel;
    const key = nameKey(channel);
    const who = typeof u.from === "string" ? u.from : undefined;
    if (u.type === "join" && who !== undefined) {
      if (sameName(who, me)) {
        if (this.channels.size === 0 && !this.serverName) this.serverName = channel;
        this.channels.add(channel);
      }
      this.#set(key).set(nameKey(who), who);
    } else if (u.type === "leave" && who !== undefined) {
      if (sameName(who, me)) this.#forget(channel);
      else this.#members.get(key)?.delete(nameKey(who));
    } else if (u.type === "kick" && typeof u.target === "string") {
      if (sameName(u.target, me)) this.#forget(channel);
      else this.#members.get(key)?.delete(nameKey(u.target));
    } else if (u.type === "users" && Array.isArray(u.users)) {
      const set = new Map<string, string>();
      for (const n of u.users) if (typeof n === "string") set.set(nameKey(n), n);
      this.#members.set(key, set);
    }
  }

  #set(key: string): Map<string, string> {
    let set = this.#members.get(key);
    if (!set) this.#members.set(key, set = new Map());
    return set;
  }

  #forget(channel: string): void {
    for (const c of this.channels) if (sameName(c, channel)) this.channels.delete(c);
    this.#members.delete(nameKey(channel));
  }
}
