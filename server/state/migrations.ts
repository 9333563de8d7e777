/**
 * The SQLite store's schema as a numbered chain of migrations: migration N
 * takes a file from schema N-1 to schema N, and `PRAGMA user_version` says
 * which schema a file has. A file is brought to the newest schema when the
 * server opens it, in one transaction.
 *
 * Every file made before this chain existed says `user_version` 1 whatever
 * its columns (the number never moved while columns were added), so a file at
 * version 1 (or 0) is placed by the tables and columns it has: the schema it
 * has is the last one of the chain whose tables and columns are all there.
 * Old servers created missing tables but never added columns, so such a file
 * may have a later schema's tables beside an earlier schema's columns; that is
 * why a migration creates its tables only `IF NOT EXISTS`.
 *
 * @example
 * ```ts
 * import { DatabaseSync } from "node:sqlite";
 * import { migrate, SCHEMA_VERSION } from "./migrations.ts";
 * const db = new DatabaseSync(":memory:");
 * migrate(db, ":memory:"); // creates schema SCHEMA_VERSION
 * db.close();
 * ```
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { moveToKept } from "./kept_migration.ts";

/** A column: its name and its SQL definition. */
type Column = readonly [name: string, definition: string];

/** One change to the schema. */
type Step =
  /** A new table (`IF NOT EXISTS`: an old server may have made it already). */
  | { readonly create: string; readonly columns: readonly Column[]; readonly key?: string }
  /** New columns at the end of a table, each with a default for the rows it has. */
  | { readonly alter: string; readonly add: readonly Column[] }
  /** Rows moved from one layout to another (`key`: the server's name key). */
  | { readonly move: (db: DatabaseSync, key: (name: string) => string) => void }
  /** A table dropped, or (with `columns`) some of its columns. */
  | { readonly drop: string; readonly columns?: readonly string[] }
  /** An index on `on`'s `columns`, of the rows `where` holds for (all without). */
  | {
    readonly index: string;
    readonly on: string;
    readonly columns: string;
    readonly where?: string;
  }
  /** A virtual table (`using`: the module and its arguments) with these columns. */
  | { readonly virtual: string; readonly columns: readonly string[]; readonly using: string }
  /** A trigger: what follows `CREATE TRIGGER name`. */
  | { readonly trigger: string; readonly sql: string };

/** One migration: the schema a commit shipped, as steps from the one before. */
export interface Migration {
  /** The commit (or change) whose schema this is. */
  readonly commit: string;
  /** What it added, and for what. */
  readonly what: string;
  /** The changes, in order. */
  readonly steps: readonly Step[];
}

/** Migration N (1-based) makes schema N. Append new ones; never change a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    commit: "f313c9b",
    what: "profiles, and channels with their rules (--database)",
    steps: [
      {
        create: "profiles",
        columns: [
          ["key", "TEXT PRIMARY KEY"],
          ["name", "TEXT NOT NULL"],
          ["hash", "TEXT NOT NULL"],
          ["registered_on", "INTEGER NOT NULL"],
          ["last_seen", "INTEGER NOT NULL"],
        ],
      },
      {
        create: "channels",
        columns: [
          ["key", "TEXT PRIMARY KEY"],
          ["name", "TEXT NOT NULL"],
          ["kind", "TEXT NOT NULL"],
          ["registrant", "TEXT NOT NULL"],
          ["permissions", "TEXT NOT NULL"],
          ["created_on", "INTEGER NOT NULL"],
        ],
      },
    ],
  },
  {
    commit: "38b7e1c",
    what: "channel info (shirakumo-channel-info)",
    steps: [{ alter: "channels", add: [["info", "TEXT NOT NULL DEFAULT '[]'"]] }],
  },
  {
    commit: "dc83ba6",
    what: "the name blacklist (shirakumo-server-management)",
    steps: [{
      create: "blacklist",
      columns: [["key", "TEXT PRIMARY KEY"], ["name", "TEXT NOT NULL"]],
    }],
  },
  {
    commit: "a65c7ae",
    what: "profile info (shirakumo-user-info)",
    steps: [{ alter: "profiles", add: [["info", "TEXT NOT NULL DEFAULT '[]'"]] }],
  },
  {
    commit: "d46881f",
    what: "block lists (shirakumo-block)",
    steps: [{ alter: "profiles", add: [["blocks", "TEXT NOT NULL DEFAULT '[]'"]] }],
  },
  {
    commit: "1d6d66e",
    what: "address bans (shirakumo-ip)",
    steps: [{
      create: "ip_blacklist",
      columns: [["ip", "TEXT NOT NULL"], ["mask", "TEXT NOT NULL"]],
      key: "ip, mask",
    }],
  },
  {
    commit: "5dd7334",
    what: "channel emotes (shirakumo-emotes)",
    steps: [{
      create: "emotes",
      columns: [
        ["channel", "TEXT NOT NULL"],
        ["key", "TEXT NOT NULL"],
        ["name", "TEXT NOT NULL"],
        ["content_type", "TEXT NOT NULL"],
        ["payload", "TEXT NOT NULL"],
      ],
      key: "channel, key",
    }],
  },
  {
    commit: "c2ca0af",
    what: "one-time password keys (shirakumo-otp)",
    steps: [{ alter: "profiles", add: [["otp_key", "TEXT NOT NULL DEFAULT ''"]] }],
  },
  {
    commit: "4c42787",
    what: "lent and borrowed identities (shirakumo-shared-identity)",
    steps: [{
      alter: "profiles",
      add: [["lending", "TEXT NOT NULL DEFAULT '[]'"], [
        "identities",
        "TEXT NOT NULL DEFAULT '[]'",
      ]],
    }],
  },
  {
    commit: "af76b5a",
    what: "channel roles (shirakumo-roles)",
    steps: [{ alter: "channels", add: [["roles", "TEXT NOT NULL DEFAULT 'null'"]] }],
  },
  {
    commit: "the extension seam",
    what: "extension values as rows of one table, under each extension's name",
    steps: [
      {
        create: "kept",
        columns: [
          ["extension", "TEXT NOT NULL"],
          ["scope", "TEXT NOT NULL"],
          ["owner", "TEXT NOT NULL"],
          ["key", "TEXT NOT NULL"],
          ["value", "TEXT NOT NULL"],
        ],
        key: "extension, scope, owner, key",
      },
      { move: moveToKept },
      { drop: "profiles", columns: ["info", "blocks", "otp_key", "lending", "identities"] },
      { drop: "channels", columns: ["info", "roles"] },
      { drop: "blacklist" },
      { drop: "ip_blacklist" },
      { drop: "emotes" },
    ],
  },
  {
    commit: "durable history",
    what: "channel updates for backfill and search in blocks, their text index, dropped channels",
    steps: [
      {
        // One row per channel per commit: the updates delivered to it in one
        // turn, wire forms one after another, so that a busy channel costs a
        // row per turn, not per update.
        create: "history",
        columns: [
          // Given by the server, one above the largest it has seen or dropped.
          ["id", "INTEGER PRIMARY KEY"],
          ["channel", "TEXT NOT NULL"],
          ["first_seq", "INTEGER NOT NULL"],
          ["updates", "INTEGER NOT NULL"],
          ["min_clock", "INTEGER NOT NULL"],
          ["max_clock", "INTEGER NOT NULL"],
          ["meta", "BLOB NOT NULL"],
          ["wire", "BLOB NOT NULL"],
          // The searchable texts ('' for none) until the index has them; then
          // NULL. Blocks are indexed in id order, so those with a text are
          // the ones above the last indexed.
          ["text", "TEXT"],
        ],
      },
      { index: "history_by_seq", on: "history", columns: "channel, first_seq" },
      { index: "history_by_clock", on: "history", columns: "channel, min_clock, first_seq" },
      {
        virtual: "history_text",
        columns: ["text"],
        using: "fts5(text, content='', contentless_delete=1, tokenize='trigram')",
      },
      {
        trigger: "history_unindex",
        sql: "AFTER DELETE ON history BEGIN DELETE FROM history_text WHERE rowid = old.id; END",
      },
      {
        create: "history_dropped",
        columns: [["channel", "TEXT PRIMARY KEY"], ["upto", "INTEGER NOT NULL"]],
      },
    ],
  },
];

/**
 * Migrations made before the chain existed: a file that states version 1
 * (or 0) has one of these schemas, told apart by its columns.
 */
export const LEGACY = 10;

/** The newest schema, the one new files get. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Apply one step to the file. */
function runStep(db: DatabaseSync, step: Step, key: (name: string) => string): void {
  if ("move" in step) return step.move(db, key);
  if ("index" in step) {
    const where = step.where ? ` WHERE ${step.where}` : "";
    return db.exec(
      `CREATE INDEX IF NOT EXISTS ${step.index} ON ${step.on} (${step.columns})${where};`,
    );
  }
  if ("virtual" in step) {
    return db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${step.virtual} USING ${step.using};`);
  }
  if ("trigger" in step) {
    return db.exec(`CREATE TRIGGER IF NOT EXISTS ${step.trigger} ${step.sql};`);
  }
  if ("drop" in step) {
    if (!step.columns) return db.exec(`DROP TABLE IF EXISTS ${step.drop};`);
    for (const c of step.columns) db.exec(`ALTER TABLE ${step.drop} DROP COLUMN ${c};`);
    return;
  }
  if ("alter" in step) {
    for (const [name, def] of step.add) {
      db.exec(`ALTER TABLE ${step.alter} ADD COLUMN ${name} ${def};`);
    }
    return;
  }
  const parts = step.columns.map(([name, def]) => `${name} ${def}`);
  if (step.key) parts.push(`PRIMARY KEY (${step.key})`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${step.create} (\n  ${parts.join(",\n  ")}\n) STRICT;`);
}

/** Run migration `version` (1-based) on the file. */
export function runMigration(
  db: DatabaseSync,
  version: number,
  key: (name: string) => string,
): void {
  for (const step of MIGRATIONS[version - 1].steps) runStep(db, step, key);
}

/** The tables and columns schema `version` has, by applying the chain's steps on paper. */
export function schemaTables(version: number): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const m of MIGRATIONS.slice(0, version)) {
    for (const step of m.steps) {
      if ("virtual" in step) tables.set(step.virtual, new Set(step.columns));
      else if ("create" in step) {
        if (!tables.has(step.create)) {
          tables.set(
            step.create,
            new Set(step.columns.map(([c]) => c)),
          );
        }
      } else if ("alter" in step) {
        for (const [c] of step.add) tables.get(step.alter)!.add(c);
      } else if ("drop" in step) {
        if (!step.columns) tables.delete(step.drop);
        else for (const c of step.columns) tables.get(step.drop)!.delete(c);
      }
    }
  }
  return tables;
}

/**
 * Each table of the file and its columns: ordinary and virtual tables, not
 * SQLite's own (`sqlite_sequence`) or the shadow tables of a virtual one.
 */
function columnsOf(db: DatabaseSync): Map<string, Set<string>> {
  const tables = db.prepare(
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'",
  ).all() as { name: string }[];
  const found = new Map<string, Set<string>>();
  for (const { name } of tables) {
    const cols = db.prepare("SELECT name FROM pragma_table_info(?)").all(name) as {
      name: string;
    }[];
    found.set(name, new Set(cols.map((c) => c.name)));
  }
  return found;
}

/** Does the file have everything `step` makes? */
function hasStep(found: Map<string, Set<string>>, step: Step): boolean {
  if (!("alter" in step) && !("create" in step)) return true;
  const [table, cols] = "alter" in step ? [step.alter, step.add] : [step.create, step.columns];
  const have = found.get(table);
  return have !== undefined && cols.every(([name]) => have.has(name));
}

/**
 * The schema a file has by its tables and columns: the last of the legacy
 * migrations whose steps are all there (0 for none). For files that
 * predate the chain.
 */
export function schemaByColumns(db: DatabaseSync): number {
  const found = columnsOf(db);
  const at = MIGRATIONS.slice(0, LEGACY).findIndex((m) => !m.steps.every((s) => hasStep(found, s)));
  return at < 0 ? LEGACY : at;
}

/** Does the file have exactly the tables and columns of schema `version`? */
function hasSchema(db: DatabaseSync, version: number): boolean {
  const found = columnsOf(db);
  const want = schemaTables(version);
  if (found.size !== want.size) return false;
  for (const [table, cols] of want) {
    const have = found.get(table);
    if (!have || have.size !== cols.size || [...cols].some((c) => !have.has(c))) return false;
  }
  return true;
}

/**
 * Bring the file `db` (opened from `path`, named in errors) to
 * {@linkcode SCHEMA_VERSION}, in one transaction: all of it or nothing;
 * `key` is the server's name key, for rows keyed by name. Throws a one-line
 * error for a file of a newer server or one that is not a Lichat database;
 * the file is left as it was.
 */
export function migrate(db: DatabaseSync, path: string, key: (name: string) => string): void {
  const stated = (db.prepare("PRAGMA user_version").get() as { user_version: number })
    .user_version;
  if (stated > SCHEMA_VERSION) {
    throw new Error(`${path} has schema version ${stated}; this server knows ${SCHEMA_VERSION}`);
  }
  db.exec("BEGIN IMMEDIATE");
  try {
    let version = stated;
    if (stated <= 1) {
      version = schemaByColumns(db);
      if (version === 0 && columnsOf(db).size > 0) {
        throw new Error(`${path} is not a Lichat database: its tables are none of ours`);
      }
    }
    for (let v = version + 1; v <= SCHEMA_VERSION; v++) {
      try {
        runMigration(db, v, key);
      } catch (e) {
        const m = MIGRATIONS[v - 1];
        throw new Error(
          `${path}: migration ${v} (${m.commit}, ${m.what}) failed: ${(e as Error).message}`,
        );
      }
    }
    if (!hasSchema(db, SCHEMA_VERSION)) {
      throw new Error(`${path} does not have schema ${SCHEMA_VERSION}'s tables after migrating`);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
