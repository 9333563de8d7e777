/**
 * The durable history's benchmark: `deno task bench:history` (= `deno run
 * -A bench/history.ts`; `--quick` for a short run, `--out FILE` to write the
 * Markdown report too, `--only fanout,pipeline,backfill,search`).
 *
 * 1. Fan-out 100/10 and the pipeline against the server (its default pool)
 *    without and with `--database`, alternating, `--rounds` times each: the
 *    ratio with/without of each round and their median.
 * 2. Backfill of 1,000 updates, with and without `--database`: the time from
 *    the request to its echo, 20 times.
 * 3. Search over 1,000,000 stored messages (one block each, as a quiet
 *    channel writes them): the file is made with the store directly and
 *    indexed, then a server on it answers searches of several kinds.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { nameKey, printUpdate, universalTime } from "../protocol/mod.ts";
import { FOR_BACKFILL, FOR_SEARCH } from "../server/state/history.ts";
import { SqliteStore } from "../server/state/sqlite.ts";
import { fmt, loadgen, type Result, scenario, start, type Target } from "./run.ts";

const enc = new TextEncoder();

/** A client that counts the NUL-terminated updates it receives and keeps the last texts. */
class Client {
  readonly #conn: Deno.TcpConn;
  updates = 0;
  #waiting: { n: number; resolve: () => void } | undefined;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
    conn.setNoDelay(true);
    this.#read();
  }

  /** Connect as `name` and finish the handshake. */
  static async as(port: number, name: string): Promise<Client> {
    const c = new Client(await Deno.connect({ hostname: "127.0.0.1", port }));
    await c.call(`(connect :id 1 :version "2.0" :from "${name}" :extensions ())`, 3);
    return c;
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(1 << 20);
    try {
      for (;;) {
        const n = await this.#conn.read(buf);
        if (n === null) break;
        for (let z = buf.indexOf(0); z >= 0 && z < n; z = buf.indexOf(0, z + 1)) this.updates++;
        if (this.#waiting && this.updates >= this.#waiting.n) this.#waiting.resolve();
      }
    } catch {
      // Closed.
    }
  }

  /** Send `text` and wait for `replies` more updates. */
  async call(text: string, replies: number): Promise<void> {
    const n = this.updates + replies;
    const done = new Promise<void>((resolve) => this.#waiting = { n, resolve });
    await this.write(text + "\0");
    if (this.updates < n) await done;
    this.#waiting = undefined;
  }

  /** Write text as it is. */
  async write(text: string | Uint8Array): Promise<void> {
    const bytes = typeof text === "string" ? enc.encode(text) : text;
    for (let done = 0; done < bytes.length;) done += await this.#conn.write(bytes.subarray(done));
  }

  close(): void {
    this.#conn.close();
  }
}

/** Milliseconds `f` takes, `n` times, sorted. */
async function timings(n: number, f: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

const median = (xs: readonly number[]) => xs[Math.floor(xs.length / 2)];

/** The temporary directories made, removed at the end. */
const made: string[] = [];

/** A fresh database file path in a temporary directory. */
function tempDb(): string {
  const dir = Deno.makeTempDirSync({ prefix: "lichat-bench-" });
  made.push(dir);
  return dir + "/lichat.db";
}

/** The server's default pool, with `extra` arguments (and the files they name, in /tmp). */
function server(name: string, extra: readonly string[]): Target {
  const pool = Math.max(1, navigator.hardwareConcurrency - 1);
  const tmp = Deno.realPathSync(Deno.env.get("TMPDIR") ?? "/tmp");
  return {
    name,
    args: ["--workers", String(pool), ...extra],
    relay: false,
    permissions: [`--allow-read=${tmp}`, `--allow-write=${tmp}`],
  };
}

/** The time a backfill of `n` updates takes, 20 times, on a server with `extra`. */
async function backfill(extra: string[], n: number): Promise<number[]> {
  const { proc, port } = await start(server("backfill", ["--backlog", String(n), ...extra]));
  try {
    const c = await Client.as(port, "alice");
    await c.call('(create :id 2 :channel "bf")', 1);
    const one = '(message :id 3 :channel "bf" :text "a message to backfill, of usual length")\0';
    await c.call(one.repeat(n).slice(0, -1), n);
    const t = await timings(20, () => c.call('(shirakumo:backfill :id 4 :channel "bf")', n + 1));
    c.close();
    return t;
  } finally {
    proc.kill("SIGKILL");
    await proc.status;
  }
}

const WORDS = ["apple", "banana", "cherry", "delta", "echo", "fox", "golf", "hotel", "india"];

/** A file with `n` messages in channel "big", ten of them with "needle"; seconds to write and to index. */
function seed(path: string, n: number): { write: number; index: number } {
  const store = new SqliteStore(path, nameKey);
  const now = universalTime() - n;
  store.saveChannel({
    name: "big",
    kind: "regular",
    registrant: "x",
    permissions: [],
    createdOn: now,
  });
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) {
    const needle = i % Math.floor(n / 10) === 0 ? " needle" : "";
    const text = `message ${i} about ${WORDS[i % WORDS.length]} and ${WORDS[(i * 7) % 9]}${needle}`;
    const clock = now + i;
    const update = { type: "message", id: i, clock, from: `user${i % 50}`, channel: "big", text };
    const bytes = enc.encode(printUpdate(update) + "\0");
    const d = { update, bytes, clock, kinds: FOR_BACKFILL | FOR_SEARCH, whole: update };
    store.history.append("big", d, { backlog: 0, history: 0 });
    store.history.flush(); // a block each, as a quiet channel writes them
    if (i % 10000 === 0) store.commit();
  }
  store.commit();
  const t1 = performance.now();
  do {
    store.history.upkeep(undefined, 1000);
    store.commit();
  } while (hasUnindexed(path));
  store.close();
  return { write: (t1 - t0) / 1000, index: (performance.now() - t1) / 1000 };
}

/** Are there blocks the text index does not have yet? */
function hasUnindexed(path: string): boolean {
  const db = new DatabaseSync(path);
  try {
    // Blocks are indexed in id order: the last is the last to be.
    const last = db.prepare(
      "SELECT text IS NOT NULL AS waiting FROM history ORDER BY id DESC LIMIT 1",
    );
    return !!(last.get() as { waiting: number } | undefined)?.waiting;
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean", default: false },
      out: { type: "string" },
      only: { type: "string" },
      rounds: { type: "string", default: "3" },
    },
  });
  const quick = values.quick!;
  const only = values.only?.split(",").map((x) => x.trim());
  const want = (name: string) => !only || only.includes(name);
  const rounds = Number(values.rounds);
  const log = (s: string) => console.error(`bench: ${s}`);
  const rows: string[][] = [];
  const secs = quick ? 3 : 10;
  const count = quick ? 50000 : 200000;
  const runs: [string, string, (port: number) => Promise<Result>, string][] = [];
  if (want("fanout")) {
    runs.push([
      "fan-out 100 clients / 10 senders",
      "delivered updates/s",
      (port) =>
        loadgen([
          "fanout",
          "--port",
          String(port),
          "--clients",
          "100",
          "--senders",
          "10",
          "--seconds",
          String(secs),
          "--warmup",
          quick ? "1" : "2",
        ]),
      "rate",
    ]);
  }
  if (want("pipeline")) {
    runs.push([
      `pipeline ${count}`,
      "updates/s",
      (port) => loadgen(["pipeline", "--port", String(port), "--count", String(count)]),
      "rate",
    ]);
  }
  for (const [sc, metric, f, key] of runs) {
    const ratios: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      log(`${sc}, round ${r}: without --database`);
      const without = await scenario(server("memory", []), f);
      log(`${sc}, round ${r}: with --database`);
      const withDb = await scenario(server("database", ["--database", tempDb()]), f);
      ratios.push(withDb[key] / without[key]);
      rows.push([
        sc,
        `round ${r}`,
        `${metric} without / with --database`,
        `${fmt(without[key])} / ${fmt(withDb[key])}`,
        `${fmt(withDb[key] / without[key], 2)}×`,
      ]);
      rows.push([
        sc,
        `round ${r}`,
        "server CPU (cores) without / with",
        `${fmt(without.serverCpu, 2)} / ${fmt(withDb.serverCpu, 2)}`,
        "",
      ]);
    }
    rows.push([sc, "median", "with / without --database", "", `${fmt(median(ratios.sort()), 2)}×`]);
  }
  if (want("backfill")) {
    for (
      const [name, extra] of [["without --database", []], ["with --database", [
        "--database",
        tempDb(),
      ]]] as const
    ) {
      log(`backfill of 1,000 updates, ${name}`);
      const t = await backfill([...extra], 1000);
      rows.push([
        "backfill of 1,000 updates",
        name,
        "ms per backfill: median / p90 / max",
        `${fmt(median(t), 1)} / ${fmt(t[Math.floor(t.length * 0.9)], 1)} / ${fmt(t.at(-1)!, 1)}`,
        "",
      ]);
    }
  }
  if (want("search")) {
    const n = quick ? 100_000 : 1_000_000;
    const path = tempDb();
    log(`writing ${n} messages into ${path}`);
    const s = seed(path, n);
    rows.push([
      `search over ${fmt(n)} messages`,
      "store",
      "seconds to write / to index",
      `${fmt(s.write, 1)} / ${fmt(s.index, 1)}`,
      `${fmt(n / s.write)} / ${fmt(n / s.index)} per s`,
    ]);
    const size = Deno.statSync(path).size; // closed: no WAL left
    rows.push([`search over ${fmt(n)} messages`, "store", "file MiB", fmt(size / 2 ** 20, 1), ""]);
    const { proc, port } = await start(server("search", ["--database", path]));
    try {
      const c = await Client.as(port, "reader");
      await c.call('(join :id 2 :channel "big")', 1);
      const queries: [string, string][] = [
        ['(:text ("needle"))', "a rare word (10 matches)"],
        ['(:text ("apple"))', "a common word, first page"],
        ['(:text ("message 99999*"))', "a number's prefix"],
        ["()", "everything, first page"],
        ['(:text ("needle")) :offset 5', "a rare word, second half"],
        ['(:from ("nobody"))', "a sender with no messages (reads all)"],
      ];
      for (const [q, what] of queries) {
        log(`search ${q}`);
        const [query, rest = ""] = q.split(" :offset");
        const offset = rest ? ` :offset${rest}` : "";
        // One reply per search here: at most 50 results, well under the size limit.
        const t = await timings(
          q.includes("nobody") ? 2 : 5, // that one reads everything
          () => c.call(`(shirakumo:search :id 3 :channel "big" :query ${query}${offset})`, 1),
        );
        rows.push([
          `search over ${fmt(n)} messages`,
          what,
          "ms: median / max",
          `${fmt(median(t), 1)} / ${fmt(t.at(-1)!, 1)}`,
          "",
        ]);
      }
      c.close();
    } finally {
      proc.kill("SIGKILL");
      await proc.status;
    }
  }
  for (const dir of made) Deno.removeSync(dir, { recursive: true });
  const table = [
    "| scenario | target | metric | value | ratio |",
    "| --- | --- | --- | ---: | ---: |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  console.log(table);
  if (values.out) {
    const header = `Run on ${new Date().toISOString()} with \`deno task bench:history${
      quick ? " --quick" : ""
    }\`; ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}.\n\n`;
    Deno.writeTextFileSync(values.out, header + table + "\n");
  }
}
