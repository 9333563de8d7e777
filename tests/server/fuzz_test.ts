/**
 * Random valid updates of every class the server handles, from a connected
 * admin, into a channel: no handler may throw, and the server answers after.
 */
import assert from "node:assert/strict";
import { printUpdate } from "../../protocol/mod.ts";
import { Gen, reg } from "../protocol/gen.ts";
import { prng } from "../protocol/prng.ts";
import { quiet, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

// What would end the run itself (the fuzzer's own connection or address),
// or hide answers it counts on (a block of whoever a reply comes from).
const SKIP = new Set([
  "connect",
  "disconnect",
  "shirakumo:kill",
  "shirakumo:ban",
  "shirakumo:ip-ban",
  "shirakumo:block",
]);

// What may rightly get no answer: a pong; channel-info asking for no keys;
// a pause, which goes to the channel's members only (§8), whoever sent it.
const SILENT = new Set(["pong", "shirakumo:channel-info", "shirakumo:pause"]);

serverTest("fuzz: 3,000 random updates of every handled class break nothing", async (srv) => {
  const fuzzer = await srv.admin("fuzzer");
  await fuzzer.send('(register :id 1 :password "fuzzer-pw")');
  await fuzzer.expect("register");
  await fuzzer.send('(create :id 2 :channel "room")');
  await fuzzer.expect("join");
  const watcher = await srv.user("watcher");
  await watcher.send('(join :id 3 :channel "room")');
  await watcher.waitFor("join", (u) => u.from === "watcher");
  await settle([fuzzer, watcher]);
  // Count what the actor logs as a handler's failure.
  const log = srv.server.actor.log;
  const errors: string[] = [];
  const original = log.error.bind(log);
  log.error = ((msg: string, props?: Record<string, unknown>) => {
    errors.push(`${msg} ${String(props?.error)}`);
    original(msg, props);
  }) as typeof log.error;
  const gen = new Gen(prng(99));
  const classes = srv.server.actor.extensions.handledTypes.filter((t) => !SKIP.has(t)).map((t) =>
    reg.get(t)!
  );
  const names = ["fuzzer", "watcher", "room", srv.server.options.name, "nobody"];
  let batch = "";
  const sent = new Map<number, string>();
  for (let i = 0; i < 3000; i++) {
    const u = gen.update(classes[i % classes.length]);
    u.id = 1000 + i;
    // Mostly real names, so that the handlers get past the general checks.
    if (gen.chance(0.8)) u.from = "fuzzer";
    if (typeof u.channel === "string" && gen.chance(0.7)) {
      u.channel = gen.chance(0.7) ? "room" : names[3];
    }
    if (typeof u.target === "string" && gen.chance(0.7)) u.target = names[gen.int(names.length)];
    batch += printUpdate(u) + "\0";
    sent.set(u.id as number, u.type);
    if (batch.length > 20000) {
      await fuzzer.sendRaw(batch);
      batch = "";
      await quiet(fuzzer);
    }
  }
  // Replies come in order, but for register's, which waits for the password
  // hash: once this pong is in, the rest are, and the hashes soon after.
  await fuzzer.sendRaw(batch + "(ping :id 9000)\0");
  await fuzzer.waitFor("pong", (u) => u.id === 9000, 10000);
  // The hashes finish off the actor, in real time: no barrier covers them.
  await fuzzer.drain(300);
  assert.deepEqual([...new Set(errors)], []);
  // Every update was answered (a reply the server could not print would
  // be missing), but for those that need none.
  const answered = new Set<unknown>();
  for (const t of fuzzer.texts) {
    for (const m of t.matchAll(/:(?:update-)?id (\d+)/g)) answered.add(Number(m[1]));
  }
  const unanswered = [...sent].filter(([id, type]) => !answered.has(id) && !SILENT.has(type));
  assert.deepEqual(unanswered, []);
  // Both connections still work.
  for (const [c, id] of [[fuzzer, 9001], [watcher, 9002]] as const) {
    await c.send(`(ping :id ${id})`);
    assert.equal((await c.waitFor("pong", (u) => u.id === id)).id, id);
  }
  assert.ok(!watcher.closed, "the watcher was never thrown out");
}, { floodLimit: 100000, admins: ["fuzzer"] });
