/**
 * --database and the channels' history, over TCP: backfill and search after
 * a restart, last-read marks, pauses and quiet lists kept, retention, and a
 * destroyed channel's history gone with it.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { nameKey, printUpdate, universalTime, type Update } from "../../protocol/mod.ts";
import { FOR_BACKFILL, FOR_SEARCH } from "../../server/state/history.ts";
import { SqliteStore } from "../../server/state/sqlite.ts";
import type { RawClient } from "../helpers/raw.ts";
import { settle } from "../helpers/scene.ts";
import { withServer } from "../helpers/server.ts";

const DAY = 24 * 60 * 60;

function tempDb(): string {
  return Deno.makeTempDirSync({ prefix: "lichat-hdb-" }) + "/lichat.db";
}

/** What a backfill of `channel` sends, up to its echo. */
async function backfill(c: RawClient, id: number, channel = "room"): Promise<Update[]> {
  await c.send(`(shirakumo:backfill :id ${id} :channel "${channel}")`);
  const got: Update[] = [];
  for (let u = await c.next(); u.type !== "shirakumo:backfill"; u = await c.next()) got.push(u);
  return got;
}

/** The texts a search of `channel` finds. */
async function search(
  c: RawClient,
  id: number,
  query: string,
  channel = "room",
): Promise<string[]> {
  await c.send(`(shirakumo:search :id ${id} :channel "${channel}" :query ${query})`);
  await c.waitFor("shirakumo:search", (u) => u.id === id);
  return [...c.texts.at(-1)!.matchAll(/:text "([^"]*)"/g)].map((m) => m[1]);
}

/** Register `name` (password `name-pw`) on a fresh connection. */
async function registered(srv: Parameters<Parameters<typeof withServer>[1]>[0], name: string) {
  const c = await srv.user(name);
  await c.send(`(register :id 1 :password "${name}-pw")`);
  await c.expect("register");
  return c;
}

Deno.test({
  name:
    "--database: after a restart, backfill, search, last-read, pause and quiet are as they were",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = tempDb();
    await withServer({ database: path }, async (srv) => {
      const a = await registered(srv, "alice");
      await a.send('(create :id 2 :channel "room")');
      await a.expect("join");
      const b = await registered(srv, "bob");
      await b.send('(join :id 3 :channel "room")');
      await b.waitFor("join", (u) => u.from === "bob");
      for (let i = 1; i <= 5; i++) {
        await a.send(`(message :id ${10 + i} :channel "room" :text "m${i}")`);
      }
      await b.waitFor("message", (u) => u.id === 15);
      await b.send('(shirakumo:last-read :id 4 :channel "room" :target "alice" :update-id 13)');
      await b.expect("shirakumo:last-read");
      await srv.user("carol"); // a target the server knows (§5.1 step 7)
      await a.send('(shirakumo:quiet :id 5 :channel "room" :target "carol")');
      await a.waitFor("shirakumo:quiet");
      await a.send('(shirakumo:pause :id 6 :channel "room" :by 5)');
      await a.waitFor("shirakumo:pause");
      await settle([a, b]);
    });
    // More than --history keeps in memory: with the database it does not apply.
    await withServer({ database: path, history: 2 }, async (srv) => {
      const b = await srv.user("bob", "bob-pw");
      await b.send('(join :id 7 :channel "room")');
      await b.waitFor("join", (u) => u.from === "bob");
      assert.equal((await b.expect("shirakumo:pause")).by, 5, "the pause, told to a joiner");
      const got = await backfill(b, 8);
      assert.deepEqual(
        got.filter((u) => u.type === "message").map((u) => [u.id, u.text]),
        [[11, "m1"], [12, "m2"], [13, "m3"], [14, "m4"], [15, "m5"]],
      );
      assert.ok(!got.some((u) => u.type === "join" && u.from === "alice"), "not before bob came");
      assert.ok(!got.some((u) => u.type === "join" && u.from === "bob"), "not his own join");
      assert.deepEqual(await search(b, 9, '(:text ("m*"))'), ["m1", "m2", "m3", "m4", "m5"]);
      await b.send('(shirakumo:last-read :id 10 :channel "room")');
      const mark = await b.expect("shirakumo:last-read");
      assert.deepEqual([mark.target, mark["update-id"]], ["alice", 13]);
      const a = await srv.user("alice", "alice-pw");
      await a.send('(join :id 11 :channel "room")');
      await a.waitFor("join", (u) => u.from === "alice");
      await a.send('(shirakumo:quieted :id 12 :channel "room")');
      assert.deepEqual((await a.waitFor("shirakumo:quieted")).target, ["carol"]);
      // An unregistered newcomer sees nothing from before it came.
      const d = await srv.user("dave");
      await d.send('(join :id 13 :channel "room")');
      await d.waitFor("join", (u) => u.from === "dave");
      await d.expect("shirakumo:pause");
      assert.deepEqual(await backfill(d, 14), []);
    });
  },
});

/** Updates from `clock` on, put straight into the file as a server would have. */
function seed(path: string, channel: string, texts: string[], clock: number): void {
  const store = new SqliteStore(path, nameKey);
  store.saveChannel({
    name: channel,
    kind: "regular",
    registrant: "alice",
    permissions: [],
    createdOn: clock,
  });
  texts.forEach((text, i) => {
    const update: Update = {
      type: "message",
      id: 100 + i,
      clock: clock + i,
      from: "alice",
      channel,
      text,
    };
    const bytes = new TextEncoder().encode(printUpdate(update) + "\0");
    const d = { update, bytes, clock: clock + i, kinds: FOR_BACKFILL | FOR_SEARCH, whole: update };
    store.history.append(channel, d, { backlog: 0, history: 0 });
  });
  store.close();
}

Deno.test({
  name: "--history-days and --history-per-channel: the next pass drops what is older or more",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = tempDb();
    const now = universalTime();
    seed(path, "old", ["a1", "a2", "a3"], now - 3 * DAY);
    seed(path, "room", ["r1", "r2", "r3", "r4", "r5"], now - 10);
    const opts = { database: path, historyDays: 2, historyPerChannel: 3 };
    await withServer(opts, async (srv) => {
      const a = await srv.user("alice");
      for (const ch of ["old", "room"]) {
        await a.send(`(join :id 1 :channel "${ch}")`);
        await a.waitFor("join", (u) => u.channel === ch);
      }
      srv.clock.advance(1000); // a tick: the first retention pass
      assert.deepEqual(await search(a, 2, "()", "old"), []);
      // Three updates: her join is the newest.
      assert.deepEqual(await search(a, 3, "()", "room"), ["r4", "r5"]);
      assert.deepEqual((await backfill(a, 4, "room")).map((u) => u.text), []);
    });
  },
});

Deno.test({
  name:
    "--database: a destroyed channel's history goes with it, and a new one of its name starts empty",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const path = tempDb();
    await withServer({ database: path, admins: ["root"] }, async (srv) => {
      const a = await registered(srv, "alice");
      await a.send('(create :id 2 :channel "room")');
      await a.expect("join");
      for (let i = 1; i <= 3; i++) {
        await a.send(`(message :id ${10 + i} :channel "room" :text "m${i}")`);
      }
      await a.waitFor("message", (u) => u.id === 13);
      const root = await srv.admin("root");
      await root.send('(shirakumo:destroy :id 3 :channel "room")');
      await root.expect("shirakumo:destroy");
      await a.waitFor("leave");
      await a.send('(create :id 4 :channel "room")');
      await a.waitFor("join", (u) => u.id === 4);
      await a.send('(message :id 5 :channel "room" :text "anew")');
      await a.waitFor("message", (u) => u.id === 5);
      assert.deepEqual(await search(a, 6, "()"), ["anew"]);
      assert.deepEqual(
        (await backfill(a, 7)).map((u) => u.text),
        ["anew"],
        "nothing of the old channel",
      );
      srv.clock.advance(1000); // the background deletes the old rows
      await settle([a]);
      const db = new DatabaseSync(path);
      const rows = db.prepare("SELECT sum(updates) AS n FROM history WHERE channel = 'room'")
        .get()!;
      const dropped = db.prepare("SELECT count(*) AS n FROM history_dropped").get()!;
      db.close();
      // The creator's join goes to the creator alone, so the channel has the message only.
      assert.deepEqual([rows.n, dropped.n], [1, 0], "the new message only");
    });
  },
});
