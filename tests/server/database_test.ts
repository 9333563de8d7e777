/** --database: profiles and channels in an SQLite file survive a restart. */
import assert from "node:assert/strict";
import { nameKey, universalTime } from "../../protocol/mod.ts";
import { DatabaseSync } from "node:sqlite";
import { anyone, noOne } from "../../server/permissions.ts";
import { hashPassword } from "../../server/passwords.ts";
import { SCHEMA_VERSION } from "../../server/state/migrations.ts";
import { SqliteStore } from "../../server/state/sqlite.ts";
import type { Scope } from "../../server/state/store.ts";
import { eventually, withServer } from "../helpers/server.ts";

const DAY = 24 * 60 * 60;

function tempDb(): string {
  return Deno.makeTempDirSync({ prefix: "lichat-db-" }) + "/lichat.db";
}

Deno.test("SqliteStore keeps profiles, channels with their rules, and extension values", () => {
  const path = tempDb();
  const a = new SqliteStore(path, nameKey);
  a.saveProfile({ name: "Alice", hash: "h1", registeredOn: 10, lastSeen: 20 });
  a.saveProfile({ name: "alice", hash: "h2", registeredOn: 10, lastSeen: 30 }); // same key: replaced
  a.saveProfile({ name: "bob", hash: "h3", registeredOn: 11, lastSeen: 21 });
  const rules = new Map([["join", anyone()], ["message", noOne()]]);
  rules.get("message")!.names.set("carol", "Carol");
  a.saveChannel({
    name: "Room",
    kind: "regular",
    registrant: "alice",
    permissions: [...rules],
    createdOn: 5,
  });
  a.saveChannel({
    name: "gone",
    kind: "regular",
    registrant: "bob",
    permissions: [],
    createdOn: 6,
  });
  const keep = (extension: string, scope: Scope, owner: string, key: string, value: unknown) =>
    a.keep({ extension, scope, owner, key, value: JSON.stringify(value) });
  keep("info", "profile", "alice", "status", "away");
  keep("info", "profile", "alice", "status", "busy"); // same key: replaced
  keep("info", "profile", "bob", "status", "gone with bob");
  keep("info", "channel", "room", "topic", "cats");
  keep("info", "channel", "gone", "topic", "gone with the channel");
  keep("bans", "server", "", "mallory", "Mallory");
  keep("bans", "server", "", "eve", "eve");
  a.forget("bans", "server", "", "eve");
  a.deleteChannel("gone");
  a.deleteProfile("bob");
  a.close();
  const b = new SqliteStore(path, nameKey);
  assert.deepEqual(b.loadProfiles(), [{
    name: "alice",
    hash: "h2",
    registeredOn: 10,
    lastSeen: 30,
  }]);
  const [room, ...rest] = b.loadChannels();
  assert.equal(rest.length, 0);
  assert.equal(room.name, "Room");
  assert.deepEqual(new Map(room.permissions), rules);
  assert.deepEqual(b.loadKept("info").map((r) => [r.scope, r.owner, r.key, JSON.parse(r.value)]), [
    ["channel", "room", "topic", "cats"],
    ["profile", "alice", "status", "busy"],
  ]);
  assert.deepEqual(b.loadKept("bans").map((r) => JSON.parse(r.value)), ["Mallory"]);
  b.forget("info", "profile", "alice");
  assert.deepEqual(b.loadKept("info").map((r) => r.owner), ["room"]);
  b.close();
});

Deno.test("SqliteStore refuses a file from a newer schema", () => {
  const path = tempDb();
  new SqliteStore(path, nameKey).close();
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(
    () => new SqliteStore(path, nameKey),
    new RegExp(`schema version ${SCHEMA_VERSION + 1}; this server knows ${SCHEMA_VERSION}`),
  );
});

/** Start a server on `database`, run `fn`, stop it. */
function onDatabase(
  database: string,
  fn: Parameters<typeof withServer>[1],
  overrides = {},
): Promise<void> {
  return withServer({ database, ...overrides }, fn);
}

Deno.test({
  name:
    "--database: a profile, its channel, the channel's rules and the blacklist survive restarts",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = tempDb();
    await onDatabase(path, async (srv) => {
      const a = await srv.user("alice");
      await a.send('(register :id 1 :password "alice-pw")');
      await a.expect("register");
      await a.send('(create :id 2 :channel "room")');
      await a.expect("join");
      await a.send('(shirakumo:set-user-info :id 22 :key :status :text "away")');
      await a.expect("shirakumo:set-user-info");
      await srv.user("troll");
      await a.send('(shirakumo:block :id 24 :target "troll")');
      await a.waitFor("shirakumo:block");
      await a.send(
        '(shirakumo:emote :id 26 :channel "room" :name "cat" :content-type "image/png" :payload "iVBORw0KGgo=")',
      );
      await a.waitFor("shirakumo:emote");
      await a.send('(shirakumo:set-channel-info :id 20 :channel "room" :key :topic :text "Cats")');
      await a.waitFor("shirakumo:set-channel-info");
      await srv.user("mallory"); // online, so a rule may name her
      await a.send('(deny :id 3 :channel "room" :target "mallory" :update message)');
      await a.waitFor("deny");
    });
    await onDatabase(path, async (srv) => {
      const root = await srv.admin("root");
      await srv.user("mallory"); // a ban names a user the server knows (§5.1 step 7)
      await root.send('(shirakumo:ban :id 30 :target "mallory")');
      await root.waitFor("shirakumo:ban");
    }, { admins: ["root"] });
    await onDatabase(path, async (srv) => {
      const banned = await srv.client();
      await banned.send('(connect :id 31 :version "2.0" :from "mallory" :extensions ())');
      assert.equal((await banned.next()).type, "too-many-connections");
      // The name is taken without the password, and opens with it.
      const c = await srv.client();
      await c.send('(connect :id 1 :version "2.0" :from "alice" :extensions ())');
      assert.equal((await c.next()).type, "username-taken");
      const a = await srv.user("alice", "alice-pw");
      await a.send('(join :id 4 :channel "room")');
      assert.equal((await a.expect("join")).channel, "room");
      await a.send('(shirakumo:emotes :id 27 :channel "room")');
      assert.equal((await a.expect("shirakumo:emote")).payload, "iVBORw0KGgo=");
      await a.expect("shirakumo:emotes");
      await a.send('(shirakumo:channel-info :id 21 :channel "room" :keys (:topic))');
      assert.equal((await a.expect("shirakumo:set-channel-info")).text, "Cats");
      await a.send("(shirakumo:blocked :id 25)");
      assert.deepEqual((await a.expect("shirakumo:blocked")).target, ["troll"]);
      await a.send('(user-info :id 23 :target "alice")');
      await a.expect("user-info");
      assert.match(a.texts.at(-1)!, /shirakumo:info \(\(:status "away"\)\)/);
      // Mallory's rule stays too, should she be let back in.
      assert.equal(
        srv.server.actor.findChannel("room")!.permissions.get("message")!.names.has("mallory"),
        true,
      );
    });
  },
});

Deno.test({
  name: "--database: last use is written through; expired profiles leave the file",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = tempDb();
    const now = universalTime();
    const seed = new SqliteStore(path, nameKey);
    seed.saveProfile({
      name: "old",
      hash: "x",
      registeredOn: now - 400 * DAY,
      lastSeen: now - 400 * DAY,
    });
    const hash = await hashPassword("alice-pw", "", 1000);
    seed.saveProfile({
      name: "alice",
      hash,
      registeredOn: now - 100 * DAY,
      lastSeen: now - 100 * DAY,
    });
    seed.saveProfile({
      name: "bob",
      hash,
      registeredOn: now - 100 * DAY,
      lastSeen: now - 100 * DAY,
    });
    // Rules of the primary channel (only the server's own user could grant them).
    seed.saveChannel({
      name: "TestServer",
      kind: "primary",
      registrant: "TestServer",
      permissions: [["users", noOne()]],
      createdOn: now,
    });
    seed.close();
    await onDatabase(path, async (srv) => {
      const actor = srv.server.actor;
      assert.deepEqual(actor.primary.permissions.get("users"), noOne());
      srv.clock.advance(1000); // the next sweep
      assert.ok(!actor.profiles.has("old"), "the expired profile dropped");
      const c = await srv.client();
      await c.send('(connect :id 1 :version "2.0" :from "bob" :password "pw" :extensions ())');
      assert.equal((await c.next()).type, "invalid-password");
      const a = await srv.user("alice", "alice-pw");
      a.close();
      await eventually(() => !actor.findUser("alice"), "alice gone");
    }, { profileLifetime: 365 });
    const after = new SqliteStore(path, nameKey);
    const profiles = new Map(after.loadProfiles().map((p) => [p.name, p]));
    after.close();
    assert.deepEqual([...profiles.keys()], ["alice", "bob"]);
    assert.ok(profiles.get("alice")!.lastSeen >= now, "her visit is on file");
    assert.equal(profiles.get("bob")!.lastSeen, now - 100 * DAY, "a failed login is no use");
  },
});
