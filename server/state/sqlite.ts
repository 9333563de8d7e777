/**
 * Profiles, channels and the blacklists in an SQLite file (`--database FILE`), through
 * `node:sqlite`, which Deno ships. Every change is written when it happens;
 * a server started on the same file finds them again.
 *
 * @example
 * ```ts
 * import { SqliteStore } from "./sqlite.ts";
 * const store = new SqliteStore(":memory:", (n) => n.toLowerCase());
 * store.saveProfile({ name: "Alice", hash: "…", registeredOn: 1, lastSeen: 2 });
 * store.loadProfiles(); // [{ name: "Alice", hash: "…", registeredOn: 1, lastSeen: 2 }]
 * store.close();
 * ```
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { ChannelKind, Rule } from "../permissions.ts";
import { migrate } from "./migrations.ts";
import type { Emote } from "./model.ts";
import type { ChannelRecord, ProfileRecord, Store, StoredRole } from "./store.ts";

/** A rule as JSON: the names as `[key, name]` pairs. */
interface StoredRule {
  mode: Rule["mode"];
  names: [string, string][];
}

/** A store in an SQLite database file. */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #key: (name: string) => string;
  readonly #putProfile: StatementSync;
  readonly #dropProfile: StatementSync;
  readonly #putChannel: StatementSync;
  readonly #dropChannel: StatementSync;
  readonly #ban: StatementSync;
  readonly #unban: StatementSync;
  readonly #ipBan: StatementSync;
  readonly #putEmote: StatementSync;
  readonly #dropEmote: StatementSync;
  readonly #dropEmotes: StatementSync;
  readonly #ipUnban: StatementSync;

  /**
   * Open (or create) the database at `path` (`:memory:` for none), with
   * `key` the server's name key. A file of an older schema is brought up to
   * date first (server/state/migrations.ts). Throws if the file cannot be
   * opened, is not a Lichat database, or is of a newer schema.
   */
  constructor(path: string, key: (name: string) => string) {
    this.#db = new DatabaseSync(path);
    this.#key = key;
    try {
      migrate(this.#db, path);
    } catch (e) {
      this.#db.close();
      throw e;
    }
    // Durable enough for chat state, and writers do not block readers.
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.#putProfile = this.#db.prepare(
      "INSERT OR REPLACE INTO profiles (key, name, hash, registered_on, last_seen, info, blocks, otp_key, lending, identities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.#dropProfile = this.#db.prepare("DELETE FROM profiles WHERE key = ?");
    this.#putChannel = this.#db.prepare(
      "INSERT OR REPLACE INTO channels (key, name, kind, registrant, permissions, created_on, info, roles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.#dropChannel = this.#db.prepare("DELETE FROM channels WHERE key = ?");
    this.#ban = this.#db.prepare("INSERT OR REPLACE INTO blacklist (key, name) VALUES (?, ?)");
    this.#unban = this.#db.prepare("DELETE FROM blacklist WHERE key = ?");
    this.#putEmote = this.#db.prepare(
      "INSERT OR REPLACE INTO emotes (channel, key, name, content_type, payload) VALUES (?, ?, ?, ?, ?)",
    );
    this.#dropEmote = this.#db.prepare("DELETE FROM emotes WHERE channel = ? AND key = ?");
    this.#dropEmotes = this.#db.prepare("DELETE FROM emotes WHERE channel = ?");
    this.#ipBan = this.#db.prepare("INSERT OR REPLACE INTO ip_blacklist (ip, mask) VALUES (?, ?)");
    this.#ipUnban = this.#db.prepare("DELETE FROM ip_blacklist WHERE ip = ? AND mask = ?");
  }

  loadProfiles(): ProfileRecord[] {
    const rows = this.#db.prepare(
      "SELECT name, hash, registered_on, last_seen, info, blocks, otp_key, lending, identities FROM profiles ORDER BY key",
    ).all() as {
      name: string;
      hash: string;
      registered_on: number;
      last_seen: number;
      info: string;
      blocks: string;
      otp_key: string;
      lending: string;
      identities: string;
    }[];
    return rows.map((r) => ({
      name: r.name,
      hash: r.hash,
      registeredOn: r.registered_on,
      lastSeen: r.last_seen,
      info: JSON.parse(r.info) as [string, string][],
      blocks: JSON.parse(r.blocks) as string[],
      otpKey: r.otp_key,
      lending: JSON.parse(r.lending) as [string, string | null][],
      identities: JSON.parse(r.identities) as string[],
    }));
  }

  saveProfile(p: ProfileRecord): void {
    this.#putProfile.run(
      this.#key(p.name),
      p.name,
      p.hash,
      p.registeredOn,
      p.lastSeen,
      JSON.stringify(p.info ?? []),
      JSON.stringify(p.blocks ?? []),
      p.otpKey ?? "",
      JSON.stringify(p.lending ?? []),
      JSON.stringify(p.identities ?? []),
    );
  }

  deleteProfile(key: string): void {
    this.#dropProfile.run(key);
  }

  loadChannels(): ChannelRecord[] {
    const rows = this.#db.prepare(
      "SELECT name, kind, registrant, permissions, created_on, info, roles FROM channels ORDER BY key",
    ).all() as {
      name: string;
      kind: string;
      registrant: string;
      permissions: string;
      created_on: number;
      info: string;
      roles: string;
    }[];
    return rows.map((r) => ({
      name: r.name,
      kind: r.kind as ChannelKind,
      registrant: r.registrant,
      permissions: (JSON.parse(r.permissions) as [string, StoredRule][]).map((
        [type, rule],
      ) => [type, { mode: rule.mode, names: new Map(rule.names) }] as const),
      createdOn: r.created_on,
      info: JSON.parse(r.info) as [string, string][],
      roles: (JSON.parse(r.roles) as StoredRole[] | null) ?? undefined,
    }));
  }

  saveChannel(c: ChannelRecord): void {
    const rules = c.permissions.map(([type, rule]) => [type, {
      mode: rule.mode,
      names: [...rule.names],
    }]);
    this.#putChannel.run(
      this.#key(c.name),
      c.name,
      c.kind,
      c.registrant,
      JSON.stringify(rules),
      c.createdOn,
      JSON.stringify(c.info ?? []),
      JSON.stringify(c.roles ?? null),
    );
  }

  deleteChannel(key: string): void {
    this.#dropChannel.run(key);
    this.#dropEmotes.run(key);
  }

  loadEmotes(): { channel: string; emote: Emote }[] {
    const rows = this.#db.prepare(
      "SELECT channel, name, content_type, payload FROM emotes ORDER BY channel, key",
    ).all() as { channel: string; name: string; content_type: string; payload: string }[];
    return rows.map((r) => ({
      channel: r.channel,
      emote: { name: r.name, contentType: r.content_type, payload: r.payload },
    }));
  }

  saveEmote(channel: string, emote: Emote): void {
    this.#putEmote.run(
      channel,
      emote.name.toLowerCase(),
      emote.name,
      emote.contentType,
      emote.payload,
    );
  }

  deleteEmote(channel: string, name: string): void {
    this.#dropEmote.run(channel, name);
  }

  loadBlacklist(): string[] {
    const rows = this.#db.prepare("SELECT name FROM blacklist ORDER BY key").all() as {
      name: string;
    }[];
    return rows.map((r) => r.name);
  }

  addToBlacklist(name: string): void {
    this.#ban.run(this.#key(name), name);
  }

  removeFromBlacklist(key: string): void {
    this.#unban.run(key);
  }

  loadIpBlacklist(): [string, string][] {
    const rows = this.#db.prepare("SELECT ip, mask FROM ip_blacklist ORDER BY ip, mask").all() as {
      ip: string;
      mask: string;
    }[];
    return rows.map((r) => [r.ip, r.mask]);
  }

  addIpBan(ip: string, mask: string): void {
    this.#ipBan.run(ip, mask);
  }

  removeIpBan(ip: string, mask: string): void {
    this.#ipUnban.run(ip, mask);
  }

  /** Close the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
