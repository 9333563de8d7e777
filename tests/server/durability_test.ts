/**
 * The history on disk, against a real server process: killed with -9 in the
 * middle of a stream of messages, it loses none that a reader had received;
 * a backup taken while it writes opens with a fresh server and holds every
 * message up to the moment it was taken.
 */
import assert from "node:assert/strict";
import { connectRetrying, deno, reap, serverArgs } from "../helpers/process.ts";
import type { RawClient } from "../helpers/raw.ts";
import { quiet } from "../helpers/scene.ts";
import { freePort, withServer } from "../helpers/server.ts";

const root = new URL("../../", import.meta.url);
/** Results per search (--search-results). */
const PAGE = 5000;

/** A server process on `file`, on a free port: the child and the port. */
function start(file: string, dir: string): { child: Deno.ChildProcess; port: number } {
  const port = freePort();
  const args = [
    ...serverArgs(port),
    ...["--database", file, "--flood-limit", "1000000", "--backlog", "100000"],
    ...["--search-results", String(PAGE), "--hash-iterations", "1000", "--max-queue", "1000000"],
  ];
  return { child: deno(args, [`--allow-read=${dir}`, `--allow-write=${dir}`]).spawn(), port };
}

/** A registered user `name` (password `name-pw`) in "room", which alice creates. */
async function member(port: number, name: string, password?: string): Promise<RawClient> {
  const c = await connectRetrying(port);
  await c.handshake(name, password);
  if (!password) {
    await c.send(`(register :id 1 :password "${name}-pw")`);
    await c.expect("register");
  }
  await c.send(`(${name === "alice" && !password ? "create" : "join"} :id 2 :channel "room")`);
  await c.waitFor("join", (u) => u.from === name);
  return c;
}

/**
 * Alice sends s1, s2, … in batches of 20, a batch every few milliseconds,
 * until her connection fails or `stop` says so (20,000 at most); how many.
 */
async function stream(a: RawClient, stop: () => boolean): Promise<number> {
  let i = 0;
  try {
    while (!stop() && i < 20_000) {
      const batch = Array.from(
        { length: 20 },
        () => `(message :id ${++i} :channel "room" :text "s${i}")\0`,
      );
      await a.sendRaw(batch.join(""));
      await new Promise((r) => setTimeout(r, 2));
    }
  } catch {
    // The server is gone.
  }
  return i;
}

/**
 * The ids of alice's messages that reach `c`: when `enough` have, `then`
 * runs (with those so far); with `untilClosed`, reading goes on until the
 * connection ends.
 */
async function receive(
  c: RawClient,
  enough: number,
  then: (ids: readonly number[]) => Promise<void>,
  untilClosed: boolean,
): Promise<number[]> {
  const ids: number[] = [];
  for (;;) {
    let u;
    try {
      u = await c.next(10_000);
    } catch {
      return ids; // closed
    }
    if (u.type !== "message" || u.from !== "alice") continue;
    ids.push(Number(u.id));
    if (ids.length !== enough) continue;
    await then(ids);
    if (!untilClosed) return ids;
  }
}

/** Alice's messages as backfill and search give them to `c`, in the order given. */
async function kept(c: RawClient): Promise<{ backfilled: number[]; found: number[] }> {
  await c.send('(shirakumo:backfill :id 3 :channel "room")');
  const backfilled: number[] = [];
  for (let u = await c.next(); u.type !== "shirakumo:backfill"; u = await c.next()) {
    if (u.type === "message" && u.from === "alice") backfilled.push(Number(u.id));
  }
  const found: number[] = [];
  for (let page = 0;; page++) {
    const id = 100 + page;
    await c.send(`(shirakumo:search :id ${id} :channel "room" :offset ${page * PAGE} :query ())`);
    await c.waitFor("shirakumo:search", (u) => u.id === id, 20_000);
    await quiet(c); // a page may take several replies
    // The results are `(message :id N …)` lists in the replies' text.
    const before = found.length;
    for (const t of c.texts.filter((t) => t.startsWith(`(shirakumo:search :id ${id} `))) {
      for (const m of t.matchAll(/\(message :id (\d+) /g)) found.push(Number(m[1]));
    }
    if (found.length - before < PAGE) return { backfilled, found };
  }
}

/** 1, 2, …, n. */
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

Deno.test({
  name: "kill -9 in the middle of a stream: every message a reader received is kept, in order",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-kill-" });
    const file = `${dir}/l.db`;
    let { child, port } = start(file, dir);
    let received: number[];
    try {
      const a = await member(port, "alice");
      const b = await member(port, "bob");
      let killed = false;
      const writing = stream(a, () => killed);
      received = await receive(b, 300, async () => {
        child.kill("SIGKILL");
        killed = true;
        await child.status;
      }, true);
      await writing;
      a.close();
      b.close();
    } finally {
      await reap(child);
    }
    assert.ok(received.length >= 300);
    assert.deepEqual(received, upTo(received.length), "delivered in order, none skipped");
    ({ child, port } = start(file, dir));
    try {
      const b = await member(port, "bob", "bob-pw");
      const { backfilled, found } = await kept(b);
      b.close();
      assert.ok(backfilled.length >= received.length, `${backfilled.length} < ${received.length}`);
      assert.deepEqual(backfilled, upTo(backfilled.length), "backfill: in order, none lost");
      assert.deepEqual(found, backfilled, "search: the same");
    } finally {
      await reap(child);
    }
  },
});

Deno.test({
  name: "a backup taken while the server writes opens with a fresh server, complete to its moment",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-backup-" });
    const file = `${dir}/l.db`;
    const copy = `${dir}/copy.db`;
    const { child, port } = start(file, dir);
    let seen = 0;
    let sent = 0;
    try {
      const a = await member(port, "alice");
      const b = await member(port, "bob");
      let stop = false;
      const writing = stream(a, () => stop);
      await receive(b, 300, async (ids) => {
        // Everything bob has received was committed before it was sent.
        seen = ids.length;
        const out = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            `--allow-read=${dir}`,
            `--allow-write=${dir}`,
            "server/state/backup.ts",
            file,
            copy,
          ],
          cwd: root,
        }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      }, false);
      stop = true;
      sent = await writing;
      a.close();
      b.close();
      child.kill("SIGTERM");
      assert.equal((await child.status).code, 0);
    } finally {
      await reap(child);
    }
    await withServer(
      { database: copy, backlog: 100000, searchResults: PAGE, maxQueue: 1000000 },
      async (srv) => {
        const b = await srv.user("bob", "bob-pw");
        await b.send('(join :id 2 :channel "room")');
        await b.waitFor("join", (u) => u.from === "bob");
        const { backfilled, found } = await kept(b);
        assert.ok(backfilled.length >= seen, `${backfilled.length} < ${seen}`);
        assert.deepEqual(backfilled, upTo(backfilled.length), "a prefix of the stream");
        assert.deepEqual(found, backfilled);
        assert.ok(sent > backfilled.length, `taken while writing: ${sent} sent in all`);
      },
    );
  },
});
