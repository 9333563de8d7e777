/**
 * Migration 12 (the history tables) on a file of schema 11, the last one
 * before it: the file keeps its profiles, channels and kept values, and
 * its channels get a history from then on.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { nameKey, universalTime } from "../../protocol/mod.ts";
import { hashPassword } from "../../server/passwords.ts";
import { complete } from "../../server/state/history.ts";
import { runMigration, SCHEMA_VERSION } from "../../server/state/migrations.ts";
import { SqliteStore } from "../../server/state/sqlite.ts";
import { withServer } from "../helpers/server.ts";

/** A file at schema 11, with alice, her channel and her status in it. */
async function schema11File(): Promise<string> {
  const path = Deno.makeTempDirSync({ prefix: "lichat-s11-" }) + "/lichat.db";
  const db = new DatabaseSync(path);
  for (let v = 1; v <= 11; v++) runMigration(db, v, nameKey);
  db.exec("PRAGMA user_version = 11");
  const now = universalTime();
  db.prepare(
    "INSERT INTO profiles (key, name, hash, registered_on, last_seen) VALUES (?, ?, ?, ?, ?)",
  ).run("alice", "Alice", await hashPassword("alice-pw", "", 1000), now, now);
  db.prepare(
    "INSERT INTO channels (key, name, kind, registrant, permissions, created_on) VALUES (?, ?, ?, ?, ?, ?)",
  ).run("room", "Room", "regular", "Alice", "[]", now);
  db.prepare("INSERT INTO kept (extension, scope, owner, key, value) VALUES (?, ?, ?, ?, ?)")
    .run("shirakumo-user-info", "profile", "alice", "status", '"away"');
  db.close();
  return path;
}

Deno.test({
  name: "a file of schema 11 opens at schema 12 with its data, and keeps messages from then on",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert.equal(SCHEMA_VERSION, 12);
    const path = await schema11File();
    const store = new SqliteStore(path, nameKey);
    assert.deepEqual(store.loadProfiles().map((p) => p.name), ["Alice"]);
    assert.deepEqual(store.loadChannels().map((c) => c.name), ["Room"]);
    assert.deepEqual(store.loadKept("shirakumo-user-info").map((r) => r.value), ['"away"']);
    assert.equal(store.history.last("room"), 0);
    store.close();
    const db = new DatabaseSync(path);
    assert.equal(db.prepare("PRAGMA user_version").get()!.user_version, 12);
    db.close();
    await withServer({ database: path }, async (srv) => {
      const a = await srv.user("Alice", "alice-pw");
      await a.send('(join :id 1 :channel "Room")');
      await a.waitFor("join", (u) => u.from === "Alice");
      await a.send('(message :id 2 :channel "Room" :text "first kept")');
      await a.waitFor("message");
      await a.send('(user-info :id 3 :target "Alice")');
      await a.expect("user-info");
      assert.match(a.texts.at(-1)!, /:status "away"/);
    });
    const after = new SqliteStore(path, nameKey);
    const texts = complete(
      after.history.search("room", {}, 0, 10, (e) => new TextDecoder().decode(e.bytes)),
    );
    after.close();
    assert.equal(texts.length, 1);
    assert.match(texts[0], /"first kept"/);
  },
});
