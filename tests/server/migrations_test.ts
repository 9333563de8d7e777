/**
 * Schema migrations: a file made by any server this project has shipped opens
 * with today's SqliteStore and keeps its data. The fixtures in
 * fixtures/schemas/ are each shipped schema's DDL as its commit wrote it
 * (every one says `user_version = 1`); the rows below are put into whatever
 * tables and columns a fixture has.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { nameKey, universalTime } from "../../protocol/mod.ts";
import { hashPassword } from "../../server/passwords.ts";
import { LEGACY, MIGRATIONS, SCHEMA_VERSION, schemaTables } from "../../server/state/migrations.ts";
import { SqliteStore } from "../../server/state/sqlite.ts";
import { withServer } from "../helpers/server.ts";

const DAY = 24 * 60 * 60;
const NOW = universalTime();
const HASH = await hashPassword("alice-pw", "", 1000);
const FIXTURES = new URL("./fixtures/schemas/", import.meta.url);

/** Each shipped schema's DDL, oldest first, named by its commit. */
const SCHEMAS: { commit: string; ddl: string }[] = [...Deno.readDirSync(FIXTURES)]
  .map((e) => e.name).filter((n) => n.endsWith(".sql")).sort()
  .map((n) => ({
    commit: n.slice(3, -4),
    ddl: Deno.readTextFileSync(new URL(n, FIXTURES)),
  }));

type Row = Record<string, string | number>;

/** The rows every fixture gets, each cut to the columns its schema has; in key order, as loaded. */
const ROWS: Record<string, Row[]> = {
  profiles: [
    {
      key: "alice",
      name: "Alice",
      hash: HASH,
      registered_on: NOW - 10 * DAY,
      last_seen: NOW - DAY,
      info: '[["status","away"]]',
      blocks: '["troll"]',
      otp_key: "",
      lending: '[["k3y",null]]',
      identities: '["bob"]',
    },
    {
      key: "bob",
      name: "bob",
      hash: HASH,
      registered_on: NOW - 5 * DAY,
      last_seen: NOW - 2 * DAY,
      info: "[]",
      blocks: "[]",
      otp_key: "JBSWY3DPEHPK3PXPJBSWY3DP",
      lending: "[]",
      identities: "[]",
    },
  ],
  channels: [
    {
      key: "room",
      name: "Room",
      kind: "regular",
      registrant: "Alice",
      permissions:
        '[["join",{"mode":"exclude","names":[]}],["message",{"mode":"exclude","names":[["mallory","mallory"]]}]]',
      created_on: NOW - 9 * DAY,
      info: '[["topic","Cats"]]',
      roles: '[{"name":"mods","permissions":[["kick",true]],"members":["bob"]}]',
    },
    {
      key: "testserver",
      name: "TestServer",
      kind: "primary",
      registrant: "TestServer",
      permissions: '[["users",{"mode":"include","names":[]}]]',
      created_on: NOW - 10 * DAY,
      info: "[]",
      roles: "null",
    },
  ],
  blacklist: [{ key: "mallory", name: "Mallory" }],
  ip_blacklist: [{ ip: "::ffff:10.0.0.0", mask: "::ff" }],
  emotes: [{
    channel: "room",
    key: "cat",
    name: "Cat",
    content_type: "image/png",
    payload: "iVBORw0KGgo=",
  }],
};

function tempDb(): string {
  return Deno.makeTempDirSync({ prefix: "lichat-migrate-" }) + "/lichat.db";
}

/**
 * Each table's columns as SQLite describes them, for comparing schemas:
 * ordinary and virtual tables, not SQLite's own or a virtual table's shadows.
 */
function describe(path: string): Record<string, unknown[]> {
  const db = new DatabaseSync(path);
  try {
    const tables = db.prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ).all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db.prepare("SELECT name, type, [notnull], dflt_value, pk FROM pragma_table_info(?)")
          .all(name),
      ]),
    );
  } finally {
    db.close();
  }
}

/** A file made from `ddl` (and then `more`, as an old server would have run it), with the rows. */
function historicalFile(ddl: string, ...more: string[]): string {
  const path = tempDb();
  const db = new DatabaseSync(path);
  db.exec(ddl);
  for (const d of more) db.exec(d);
  for (const [table, rows] of Object.entries(ROWS)) {
    const cols = (db.prepare("SELECT name FROM pragma_table_info(?)").all(table) as {
      name: string;
    }[]).map((c) => c.name);
    if (cols.length === 0) continue;
    const insert = db.prepare(
      `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
    );
    for (const row of rows) insert.run(...cols.map((c) => row[c]));
  }
  db.close();
  return path;
}

/** What today's store must find in a file whose schema had `has` (table → columns). */
function expected(has: Record<string, unknown[]>) {
  const col = (table: string, c: string) =>
    (has[table] ?? []).some((x) => (x as { name: string }).name === c);
  const json = (table: string, c: string, row: Row, none: unknown) =>
    col(table, c) ? JSON.parse(String(row[c])) : none;
  return {
    profiles: ROWS.profiles.map((r) => ({
      name: r.name,
      hash: r.hash,
      registeredOn: r.registered_on,
      lastSeen: r.last_seen,
      info: json("profiles", "info", r, []),
      blocks: json("profiles", "blocks", r, []),
      otpKey: col("profiles", "otp_key") ? r.otp_key : "",
      lending: json("profiles", "lending", r, []),
      identities: json("profiles", "identities", r, []),
    })),
    channels: ROWS.channels.map((r) => ({
      name: r.name,
      kind: r.kind,
      createdOn: r.created_on,
      info: json("channels", "info", r, []),
      roles: json("channels", "roles", r, null) ?? undefined,
    })),
    blacklist: has.blacklist ? ["Mallory"] : [],
    ipBans: has.ip_blacklist ? [["::ffff:10.0.0.0", "::ff"]] : [],
    emotes: has.emotes
      ? [{
        channel: "room",
        emote: { name: "Cat", contentType: "image/png", payload: "iVBORw0KGgo=" },
      }]
      : [],
  };
}

/** Every value an extension keeps, read back from JSON. */
function keptBy(store: SqliteStore, extension: string) {
  return store.loadKept(extension).map((r) => ({ ...r, value: JSON.parse(r.value) }));
}

/**
 * What today's store finds, in the shape of the old records: the core's
 * rows, with each extension's kept values put back where they used to be.
 */
function found(store: SqliteStore) {
  const of = (extension: string, owner: string) =>
    keptBy(store, extension).filter((r) => r.owner === owner);
  return {
    profiles: store.loadProfiles().map((p) => {
      const key = nameKey(p.name);
      const shares = of("shirakumo-shared-identity", key)[0]?.value;
      return {
        ...p,
        info: of("shirakumo-user-info", key).map((r) => [r.key, r.value]),
        blocks: of("shirakumo-block", key).map((r) => r.value),
        otpKey: of("shirakumo-otp", key)[0]?.value ?? "",
        lending: shares?.lending ?? [],
        identities: shares?.identities ?? [],
      };
    }),
    channels: store.loadChannels().map((c) => ({
      ...c,
      info: of("shirakumo-channel-info", nameKey(c.name)).map((r) => [r.key, r.value]),
      roles: of("shirakumo-roles", nameKey(c.name))[0]?.value,
    })),
    blacklist: keptBy(store, "shirakumo-server-management").map((r) => r.value),
    ipBans: keptBy(store, "shirakumo-ip").map((r) => r.value),
    emotes: keptBy(store, "shirakumo-emotes").map((r) => ({ channel: r.owner, emote: r.value })),
  };
}

/** Open `path` with today's store and compare what it finds with `want`. */
function findsData(path: string, want: ReturnType<typeof expected>): void {
  const store = new SqliteStore(path, nameKey);
  try {
    const data = found(store);
    assert.deepEqual(data.profiles, want.profiles);
    const channels = data.channels;
    assert.deepEqual(
      channels.map((c) => ({
        name: c.name,
        kind: c.kind,
        createdOn: c.createdOn,
        info: c.info,
        roles: c.roles,
      })),
      want.channels,
    );
    const room = channels.find((c) => c.name === "Room")!;
    assert.equal(room.registrant, "Alice");
    assert.deepEqual(
      room.permissions.map(([t, r]) => [t, r.mode, [...r.names]]),
      [["join", "exclude", []], ["message", "exclude", [["mallory", "mallory"]]]],
    );
    assert.deepEqual(data.blacklist, want.blacklist);
    assert.deepEqual(data.ipBans, want.ipBans);
    assert.deepEqual(data.emotes, want.emotes);
  } finally {
    store.close();
  }
}

function userVersion(path: string): number {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  } finally {
    db.close();
  }
}

/** The schema a fresh file gets today. */
function freshSchema(): Record<string, unknown[]> {
  const path = tempDb();
  new SqliteStore(path, nameKey).close();
  return describe(path);
}

Deno.test("migrations: one per shipped schema, each named by the commit the fixture comes from", () => {
  // The fixtures are the schemas made before the chain; those after it carry their number.
  assert.deepEqual(MIGRATIONS.slice(0, LEGACY).map((m) => m.commit), SCHEMAS.map((s) => s.commit));
  assert.equal(LEGACY, SCHEMAS.length);
});

Deno.test("migrations: a fresh file gets the newest number and the newest schema", () => {
  const path = tempDb();
  new SqliteStore(path, nameKey).close();
  assert.equal(userVersion(path), SCHEMA_VERSION);
  const tables = describe(path);
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(tables).map(([t, cols]) => [t, cols.map((c) => (c as { name: string }).name)]),
    ),
    Object.fromEntries([...schemaTables(SCHEMA_VERSION)].map(([t, cols]) => [t, [...cols]])),
  );
});

for (const [i, { commit, ddl }] of SCHEMAS.entries()) {
  Deno.test(`migrations: a file of schema ${i + 1} (${commit}) opens with its data, twice`, () => {
    const path = historicalFile(ddl);
    const want = expected(describe(path));
    assert.equal(userVersion(path), 1, "every shipped schema said version 1");
    findsData(path, want);
    assert.equal(userVersion(path), SCHEMA_VERSION);
    assert.deepEqual(describe(path), freshSchema());
    findsData(path, want); // opening again changes nothing
    assert.equal(userVersion(path), SCHEMA_VERSION);
  });
}

Deno.test("migrations: an old file that later servers added tables to (but no columns) is placed by its columns", () => {
  // A file of the first schema opened by 1d6d66e's server: its CREATE TABLE IF NOT
  // EXISTS batch made blacklist and ip_blacklist, then the missing channel info stopped it.
  const path = historicalFile(SCHEMAS[0].ddl, SCHEMAS[5].ddl);
  const has = describe(path);
  assert.ok(has.ip_blacklist && !has.emotes);
  findsData(path, expected(has));
  assert.deepEqual(describe(path), freshSchema());
});

Deno.test("migrations: a file from a newer server is refused in one line and left alone", () => {
  const path = tempDb();
  new SqliteStore(path, nameKey).close();
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA journal_mode = DELETE; PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(
    () => new SqliteStore(path, nameKey),
    new Error(
      `${path} has schema version ${SCHEMA_VERSION + 1}; this server knows ${SCHEMA_VERSION}`,
    ),
  );
  assert.equal(userVersion(path), SCHEMA_VERSION + 1);
  const after = new DatabaseSync(path);
  const mode = after.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
  after.close();
  assert.equal(mode.journal_mode, "delete", "not switched to WAL");
});

Deno.test("migrations: an SQLite file of something else is refused and gets no tables", () => {
  const path = tempDb();
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE recipes (name TEXT)");
  db.close();
  assert.throws(() => new SqliteStore(path, nameKey), /is not a Lichat database/);
  assert.deepEqual(Object.keys(describe(path)), ["recipes"]);
});

Deno.test("migrations: a migration that fails undoes every one before it", () => {
  // Schema 5 with a column that migration 8 adds, and a number that hides it.
  const path = historicalFile(SCHEMAS[4].ddl, "ALTER TABLE profiles ADD COLUMN otp_key TEXT");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA user_version = 5");
  db.close();
  const before = describe(path);
  assert.throws(() => new SqliteStore(path, nameKey), /migration 8 \(c2ca0af.*duplicate column/);
  assert.deepEqual(describe(path), before, "migrations 6 and 7 rolled back");
  assert.equal(userVersion(path), 5);
});

/** Log in as the stored Alice over TCP on a server started on `path`, and see her things. */
async function logsIn(path: string, has: Record<string, unknown[]>): Promise<void> {
  await withServer({ database: path }, async (srv) => {
    const a = await srv.user("Alice", "alice-pw");
    assert.equal(a.name, "Alice");
    await a.send('(join :id 1 :channel "Room")');
    assert.equal((await a.expect("join")).channel, "Room");
    if (has.emotes) {
      await a.send('(shirakumo:emotes :id 2 :channel "Room")');
      assert.equal((await a.expect("shirakumo:emote")).payload, "iVBORw0KGgo=");
      await a.expect("shirakumo:emotes");
    }
    if (has.blacklist) {
      const m = await srv.client();
      await m.send('(connect :id 3 :version "2.0" :from "mallory" :extensions ())');
      assert.equal((await m.next()).type, "too-many-connections");
    }
    // A change is written to the migrated file.
    await a.send('(shirakumo:set-user-info :id 4 :key :status :text "back")');
    await a.expect("shirakumo:set-user-info");
  });
  const store = new SqliteStore(path, nameKey);
  const alice = found(store).profiles.find((p) => p.name === "Alice")!;
  store.close();
  assert.deepEqual(alice.info, [["status", "back"]]);
}

for (const i of [0, 5, SCHEMAS.length - 1]) {
  Deno.test({
    name: `migrations: --database on a file of schema ${i + 1} (${
      SCHEMAS[i].commit
    }): the stored profile logs in over TCP`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const path = historicalFile(SCHEMAS[i].ddl);
      await logsIn(path, describe(path));
    },
  });
}
