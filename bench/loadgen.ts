/**
 * The load generator, run as its own process so that its CPU time is
 * measured apart from the server's. It prints one JSON result line.
 *
 * `deno run --allow-net --allow-read bench/loadgen.ts SCENARIO --port P [options]`
 *
 * Scenarios: `fanout` (C clients in one channel, S senders, latency from a
 * timestamp in each message), `storm` (N handshakes, then held idle until
 * stdin closes), `pipeline` (one connection, M messages back to back),
 * `parse` (C connections each alone in a channel, sending large updates).
 * `--relay` skips the channel set-up the raw relay does not understand.
 *
 * @module
 */
import { parseArgs } from "node:util";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** CPU time of this process in ms (user + system), from /proc. */
export function cpuMs(pid: number | "self" = "self"): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch (e) {
    console.error(e);
    return NaN;
  }
}

/** A bench connection: counts NUL-terminated updates, hands out complete ones on request. */
class Conn {
  readonly conn: Deno.TcpConn;
  updates = 0;
  /** Called per complete update with its bytes (only while `watch` is set). */
  watch: ((u: Uint8Array) => void) | undefined;
  #tail: Uint8Array | undefined;
  #waiters: { n: number; resolve: () => void }[] = [];
  closed = false;
  #writeChain: Promise<unknown> = Promise.resolve();

  constructor(conn: Deno.TcpConn) {
    this.conn = conn;
    conn.setNoDelay(true);
    this.#read();
  }

  static async open(port: number): Promise<Conn> {
    return new Conn(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(262144);
    try {
      for (;;) {
        const n = await this.conn.read(buf);
        if (n === null) break;
        let chunk = buf.subarray(0, n);
        if (this.watch) {
          if (this.#tail) {
            const j = new Uint8Array(this.#tail.length + n);
            j.set(this.#tail);
            j.set(chunk, this.#tail.length);
            chunk = j;
            this.#tail = undefined;
          }
          let start = 0;
          for (let z = chunk.indexOf(0); z >= 0; z = chunk.indexOf(0, start)) {
            this.watch?.(chunk.subarray(start, z));
            this.updates++;
            start = z + 1;
          }
          if (start < chunk.length) this.#tail = chunk.slice(start);
        } else {
          for (let z = chunk.indexOf(0); z >= 0; z = chunk.indexOf(0, z + 1)) this.updates++;
        }
        this.#wake();
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.BadResource)) console.error("loadgen: read failed:", e);
    }
    this.closed = true;
    this.#wake();
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (this.updates >= w.n || this.closed) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves once `n` updates in all have arrived. */
  until(n: number): Promise<void> {
    if (this.updates >= n || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  write(bytes: Uint8Array): Promise<unknown> {
    this.#writeChain = this.#writeChain.then(async () => {
      let done = 0;
      while (done < bytes.length) done += await this.conn.write(bytes.subarray(done));
    }).catch(() => {});
    return this.#writeChain;
  }

  close(): void {
    try {
      this.conn.close();
    } catch {
      // Closed.
    }
  }
}

/** Connect and finish the handshake (connect reply, primary join, welcome). */
async function handshake(port: number, name: string): Promise<Conn> {
  const c = await Conn.open(port);
  await c.write(enc.encode(`(connect :id 1 :version "2.0" :from "${name}" :extensions ())\0`));
  await c.until(3);
  return c;
}

/** Send `text` and wait until the reply with `id` arrives (set-up only; decodes text). */
async function call(c: Conn, text: string, id: number): Promise<void> {
  const marker = `:id ${id} `;
  await new Promise<void>((resolve) => {
    c.watch = (u) => {
      if (dec.decode(u).includes(marker)) {
        c.watch = undefined;
        resolve();
      }
    };
    c.write(enc.encode(text + "\0"));
  });
}

async function inParallel<T>(n: number, limit: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await f(i);
    }
  }));
  return out;
}

/** A latency histogram in 0.1 ms buckets up to 60 s. */
class Histogram {
  readonly buckets = new Uint32Array(600000);
  count = 0;
  max = 0;
  add(ms: number): void {
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 10)));
    this.buckets[b]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }
  quantile(q: number): number {
    let seen = 0;
    const want = q * this.count;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      if (seen >= want && seen > 0) return i / 10;
    }
    return NaN;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fanout(
  port: number,
  clients: number,
  senders: number,
  seconds: number,
  warmup: number,
  relay: boolean,
) {
  const conns = await inParallel(clients, 50, (i) => handshake(port, `f${i}`));
  if (!relay) {
    await call(conns[0], '(create :id 7 :channel "bench")', 7);
    await inParallel(
      clients - 1,
      50,
      (i) => call(conns[i + 1], '(join :id 8 :channel "bench")', 8),
    );
  }
  await sleep(500);
  const hist = new Histogram();
  let measuring = false;
  const window = 32;
  const outstanding = new Int32Array(senders);
  let stop = false;
  const t0 = performance.now();
  const ts = (u: Uint8Array): void => {
    // Marker: "@<sender>:<ms>@" inside the text.
    const a = u.indexOf(0x40);
    if (a < 0) return;
    const b = u.indexOf(0x40, a + 1);
    const s = dec.decode(u.subarray(a + 1, b));
    const colon = s.indexOf(":");
    const sender = Number(s.slice(0, colon));
    const sent = Number(s.slice(colon + 1));
    if (measuring) hist.add(performance.now() - t0 - sent);
    return void sender;
  };
  // Every receiver counts its updates (a NUL scan); only senders and every
  // tenth receiver read the timestamps, so that the load generator's own cost
  // stays low and the latency sample still covers the channel.
  conns.forEach((c, i) => {
    if (i >= senders && i % 10 !== 0) return;
    c.watch = (u) => {
      ts(u);
      if (i < senders) {
        // Own echo?
        const a = u.indexOf(0x40);
        if (a >= 0 && Number(dec.decode(u.subarray(a + 1, u.indexOf(0x3a, a)))) === i) {
          outstanding[i]--;
          pump(i);
        }
      }
    };
  });
  let seq = 0;
  const pump = (i: number) => {
    if (stop) return;
    const n = window - outstanding[i];
    if (n <= window / 2) return;
    let text = "";
    for (let k = 0; k < n; k++) {
      const now = (performance.now() - t0).toFixed(2);
      text += `(message :id ${++seq} :channel "bench" :text "@${i}:${now}@ hello")\0`;
    }
    outstanding[i] += n;
    conns[i].write(enc.encode(text));
  };
  for (let i = 0; i < senders; i++) pump(i);
  await sleep(warmup * 1000);
  const cpu0 = cpuMs();
  const total = () => conns.reduce((sum, c) => sum + c.updates, 0);
  const before = total();
  measuring = true;
  const m0 = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const delivered = total() - before;
  const elapsed = (performance.now() - m0) / 1000;
  const cpu = cpuMs() - cpu0;
  stop = true;
  const errors = conns.filter((c) => c.closed).length;
  for (const c of conns) c.close();
  return {
    rate: delivered / elapsed,
    p50: hist.quantile(0.5),
    p99: hist.quantile(0.99),
    max: hist.max,
    errors,
    loadgenCpu: cpu / 1000 / elapsed,
  };
}

async function storm(port: number, n: number) {
  const cpu0 = cpuMs();
  const t = performance.now();
  const conns = await inParallel(n, 200, (i) => handshake(port, `s${i}`));
  const elapsed = (performance.now() - t) / 1000;
  const result = {
    rate: n / elapsed,
    errors: conns.filter((c) => c.closed).length,
    loadgenCpu: (cpuMs() - cpu0) / 1000 / elapsed,
  };
  // Report, then hold the connections idle until told to stop.
  console.log(JSON.stringify(result));
  for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
  for (const c of conns) c.close();
  return undefined;
}

async function pipeline(port: number, count: number, relay: boolean) {
  const c = await handshake(port, "pipe");
  if (!relay) await call(c, '(create :id 7 :channel "pipe")', 7);
  await sleep(200);
  const base = c.updates;
  const cpu0 = cpuMs();
  const t = performance.now();
  const chunk = 1000;
  const one = '(message :id 9 :channel "pipe" :text "pipelined message")\0';
  const block = enc.encode(one.repeat(chunk));
  // Keep at most a few blocks in flight so neither side buffers without bound.
  for (let sent = 0; sent < count; sent += chunk) {
    await c.until(base + sent - chunk * 16);
    c.write(block);
  }
  await c.until(base + count);
  const elapsed = (performance.now() - t) / 1000;
  const got = c.updates - base;
  c.close();
  return {
    rate: got / elapsed,
    errors: got < count ? 1 : 0,
    loadgenCpu: (cpuMs() - cpu0) / 1000 / elapsed,
  };
}

async function parse(port: number, clients: number, seconds: number, size: number, relay: boolean) {
  const conns = await inParallel(clients, 50, (i) => handshake(port, `p${i}`));
  if (!relay) {
    await inParallel(clients, 50, (i) => call(conns[i], `(create :id 7 :channel "p${i}")`, 7));
  }
  await sleep(300);
  const payload = "A".repeat(size);
  const bases = conns.map((c) => c.updates);
  let stop = false;
  const cpu0 = cpuMs();
  const t = performance.now();
  await Promise.all(conns.map(async (c, i) => {
    const upd = enc.encode(
      `(shirakumo:data :id 9 :channel "p${i}" :content-type "image/png" :payload "${payload}")\0`,
    );
    let sent = 0;
    while (!stop) {
      await c.until(bases[i] + sent - 4);
      if (c.closed) return;
      c.write(upd);
      sent++;
      if (performance.now() - t > seconds * 1000) stop = true;
    }
  }));
  const elapsed = (performance.now() - t) / 1000;
  const got = conns.reduce((s, c, i) => s + c.updates - bases[i], 0);
  for (const c of conns) c.close();
  return {
    rate: got / elapsed,
    mbps: got * size / elapsed / 1e6,
    errors: conns.filter((c) => c.closed).length,
    loadgenCpu: (cpuMs() - cpu0) / 1000 / elapsed,
  };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      clients: { type: "string", default: "100" },
      senders: { type: "string", default: "10" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      count: { type: "string", default: "200000" },
      size: { type: "string", default: "16384" },
      relay: { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  const relay = values.relay!;
  let result;
  switch (positionals[0]) {
    case "fanout":
      result = await fanout(
        port,
        +values.clients!,
        +values.senders!,
        +values.seconds!,
        +values.warmup!,
        relay,
      );
      break;
    case "storm":
      result = await storm(port, +values.clients!);
      break;
    case "pipeline":
      result = await pipeline(port, +values.count!, relay);
      break;
    case "parse":
      result = await parse(port, +values.clients!, +values.seconds!, +values.size!, relay);
      break;
    default:
      console.error("scenarios: fanout, storm, pipeline, parse");
      Deno.exit(2);
  }
  if (result) console.log(JSON.stringify(result));
  Deno.exit(0);
}
