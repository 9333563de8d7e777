/**
 * Profiles, channels and what extensions keep, in an SQLite file
 * (`--database FILE`), through `node:sqlite`, which Deno ships, and the
 * channels' history (sqlite_history.ts). Changes are made in one
 * transaction, begun by the first and committed by {@linkcode SqliteStore.commit}
 * (the actor calls it once it has handled what is in its inbox, before any
 * reply leaves), or else at the end of the task that made them: group
 * commit, never one transaction per change. A server started on the same
 * file finds them again.
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
import { Checkpointer } from "./checkpointer.ts";
import { migrate } from "./migrations.ts";
import { SqliteHistory } from "./sqlite_history.ts";
import type { ChannelRecord, KeptRecord, ProfileRecord, Scope, Store } from "./store.ts";

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
  readonly #loadKept: StatementSync;
  readonly #keep: StatementSync;
  readonly #forgetKey: StatementSync;
  readonly #forgetOwner: StatementSync;
  readonly #forgetAll: StatementSync;
  /** The updates channels keep. */
  readonly history: SqliteHistory;
  readonly #checkpointer: Checkpointer | undefined;

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
      migrate(this.#db, path, key);
    } catch (e) {
      this.#db.close();
      throw e;
    }
    // Durable enough for chat state, and writers do not block readers.
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    // Checkpoints in a worker of their own, not inside the actor's commits.
    if (path !== ":memory:" && path !== "") {
      this.#checkpointer = Checkpointer.start(path, 1000);
      if (this.#checkpointer) this.#db.exec("PRAGMA wal_autocheckpoint = 0");
    }
    this.#putProfile = this.#db.prepare(
      "INSERT OR REPLACE INTO profiles (key, name, hash, registered_on, last_seen) VALUES (?, ?, ?, ?, ?)",
    );
    this.#dropProfile = this.#db.prepare("DELETE FROM profiles WHERE key = ?");
    this.#putChannel = this.#db.prepare(
      "INSERT OR REPLACE INTO channels (key, name, kind, registrant, permissions, created_on) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#dropChannel = this.#db.prepare("DELETE FROM channels WHERE key = ?");
    this.#loadKept = this.#db.prepare(
      "SELECT scope, owner, key, value FROM kept WHERE extension = ? ORDER BY scope, owner, key",
    );
    this.#keep = this.#db.prepare(
      "INSERT OR REPLACE INTO kept (extension, scope, owner, key, value) VALUES (?, ?, ?, ?, ?)",
    );
    this.#forgetKey = this.#db.prepare(
      "DELETE FROM kept WHERE extension = ? AND scope = ? AND owner = ? AND key = ?",
    );
    this.#forgetOwner = this.#db.prepare(
      "DELETE FROM kept WHERE extension = ? AND scope = ? AND owner = ?",
    );
    this.#forgetAll = this.#db.prepare("DELETE FROM kept WHERE scope = ? AND owner = ?");
    this.history = new SqliteHistory(this.#db, () => this.#begin());
  }

  /** Open the transaction the next commit ends, if none is open. */
  #begin(): void {
    if (this.#db.isTransaction) return;
    this.#db.exec("BEGIN");
    // Whoever wrote outside the actor (a test, a tool) has it committed at
    // the end of the task; the actor commits sooner, before replying.
    queueMicrotask(() => this.commit());
  }

  /**
   * Make everything written since the last commit lasting, in one
   * transaction. Throws if the file cannot take it; the changes are then
   * undone.
   */
  commit(): void {
    if (!this.#db.isOpen) return;
    try {
      this.history.flush();
      if (this.#db.isTransaction) this.#db.exec("COMMIT");
    } catch (e) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw e;
    }
  }

  loadProfiles(): ProfileRecord[] {
    const rows = this.#db.prepare(
      "SELECT name, hash, registered_on, last_seen FROM profiles ORDER BY key",
    ).all() as { name: string; hash: string; registered_on: number; last_seen: number }[];
    return rows.map((r) => ({
      name: r.name,
      hash: r.hash,
      registeredOn: r.registered_on,
      lastSeen: r.last_seen,
    }));
  }

  saveProfile(p: ProfileRecord): void {
    this.#begin();
    this.#putProfile.run(this.#key(p.name), p.name, p.hash, p.registeredOn, p.lastSeen);
  }

  deleteProfile(key: string): void {
    this.#begin();
    this.#dropProfile.run(key);
    this.#forgetAll.run("profile", key);
  }

  loadChannels(): ChannelRecord[] {
    const rows = this.#db.prepare(
      "SELECT name, kind, registrant, permissions, created_on FROM channels ORDER BY key",
    ).all() as {
      name: string;
      kind: string;
      registrant: string;
      permissions: string;
      created_on: number;
    }[];
    return rows.map((r) => ({
      name: r.name,
      kind: r.kind as ChannelKind,
      registrant: r.registrant,
      permissions: (JSON.parse(r.permissions) as [string, StoredRule][]).map((
        [type, rule],
      ) => [type, { mode: rule.mode, names: new Map(rule.names) }] as const),
      createdOn: r.created_on,
    }));
  }

  saveChannel(c: ChannelRecord): void {
    this.#begin();
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
    );
  }

  deleteChannel(key: string): void {
    this.#begin();
    this.#dropChannel.run(key);
    this.#forgetAll.run("channel", key);
  }

  loadKept(extension: string): KeptRecord[] {
    const rows = this.#loadKept.all(extension) as {
      scope: Scope;
      owner: string;
      key: string;
      value: string;
    }[];
    return rows.map((r) => ({ extension, ...r }));
  }

  keep(r: KeptRecord): void {
    this.#begin();
    this.#keep.run(r.extension, r.scope, r.owner, r.key, r.value);
  }

  forget(extension: string, scope: Scope, owner: string, key?: string): void {
    this.#begin();
    if (key === undefined) this.#forgetOwner.run(extension, scope, owner);
    else this.#forgetKey.run(extension, scope, owner, key);
  }

  /** Commit what is pending, and close the database. */
  close(): void {
    if (!this.#db.isOpen) return;
    try {
      this.commit();
    } finally {
      this.#checkpointer?.stop();
      this.#db.close();
    }
  }
}
