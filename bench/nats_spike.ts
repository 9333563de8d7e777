/**
 * The NATS spike for docs/cluster.md: what JetStream costs on this machine,
 * measured from Deno against a real three-server cluster on loopback
 * (tests/helpers/nats.ts). Not a test; prints a Markdown table.
 *
 * `npx deno run -A bench/nats_spike.ts [--quick] [--payload 200]`
 *
 * 1. Publish with ack, one in flight and pipelined (many in flight), to a
 *    stream of 3 replicas on file storage, and of 1 replica for comparison.
 * 2. Delivery to three ordered consumers, one per NATS server (as three
 *    Lichat nodes would read the log): time from the publish call to each
 *    consumer's receipt, and to the last of the three.
 * 3. CPU of the NATS servers and of this process per published entry.
 * 4. Failover: `kill -9` of the stream's leader while publishing one at a
 *    time (three rounds; one with `--quick`): how long until the next ack,
 *    and until each consumer delivers again.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JetStreamClient, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { cpuMs } from "./loadgen.ts";
import { orderedConsumers } from "./nats_follower.ts";
import { natsAvailable, NatsCluster, natsVersion } from "../tests/helpers/nats.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: { quick: { type: "boolean" }, payload: { type: "string", default: "200" } },
});
const quick = flags.quick ?? false;
const payloadSize = Number(flags.payload);

/** Milliseconds at the 50th and 99th percentile, and the mean. */
function percentiles(ms: number[]): { p50: number; p99: number; mean: number } {
  const s = ms.toSorted((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** An entry of `payloadSize` bytes whose first 8 hold the time it was published. */
function entry(t0: number): Uint8Array {
  const b = new Uint8Array(Math.max(8, payloadSize));
  new DataView(b.buffer).setFloat64(0, t0);
  return b;
}

function sentAt(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset, 8).getFloat64(0);
}

interface Row {
  readonly what: string;
  readonly n: number;
  readonly rate: number;
  readonly lat: { p50: number; p99: number; mean: number };
  readonly natsCpuUs?: number;
  readonly selfCpuUs?: number;
}

const rows: Row[] = [];

/** NATS servers' CPU in ms, summed. */
function natsCpu(cluster: NatsCluster): number {
  let sum = 0;
  for (let i = 0; i < cluster.servers.length; i++) {
    const pid = cluster.pid(i);
    if (pid) sum += cpuMs(pid);
  }
  return sum;
}

/**
 * Publish `n` entries to `subject` keeping `window` in flight; the
 * latency of each is from its publish call to its ack.
 */
async function publishRun(
  js: JetStreamClient,
  subject: string,
  n: number,
  window: number,
): Promise<{ lat: number[]; seconds: number }> {
  const lat: number[] = [];
  let next = 0;
  const start = performance.now();
  const lane = async () => {
    while (next < n) {
      next++;
      const t0 = performance.now();
      await js.publish(subject, entry(t0));
      lat.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  return { lat, seconds: (performance.now() - start) / 1000 };
}

async function measured(
  cluster: NatsCluster,
  what: string,
  run: () => Promise<{ lat: number[]; seconds: number }>,
): Promise<void> {
  const nats0 = natsCpu(cluster);
  const self0 = cpuMs();
  const { lat, seconds } = await run();
  const n = lat.length;
  rows.push({
    what,
    n,
    rate: n / seconds,
    lat: percentiles(lat),
    natsCpuUs: (natsCpu(cluster) - nats0) * 1000 / n,
    selfCpuUs: (cpuMs() - self0) * 1000 / n,
  });
}

async function delivery(
  cluster: NatsCluster,
  publisher: NatsConnection,
  readers: NatsConnection[],
  n: number,
  window: number,
): Promise<void> {
  const jsm = await jetstreamManager(publisher);
  const name = `FAN${window}`;
  await jsm.streams.add({ name, subjects: [`${name}.>`], num_replicas: 3 });
  const per: number[][] = readers.map(() => []);
  const lastOf: number[] = [];
  const seen = new Map<number, number>();
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => done = r);
  let count = 0;
  // Entry 1 is a marker: timing starts once every consumer has read it.
  let ready: () => void = () => {};
  const allReady = new Promise<void>((r) => ready = r);
  let readyCount = 0;
  const subs = orderedConsumers(readers, name, 1, (i, data, seq) => {
    if (seq === 1) {
      if (++readyCount === readers.length) ready();
      return;
    }
    const d = performance.now() - sentAt(data);
    per[i].push(d);
    const k = (seen.get(seq) ?? 0) + 1;
    seen.set(seq, k);
    if (k === readers.length) {
      lastOf.push(d);
      seen.delete(seq);
    }
    if (++count === n * readers.length) done();
  });
  await jetstream(publisher).publish(`${name}.ready`);
  await allReady;
  const nats0 = natsCpu(cluster);
  const self0 = cpuMs();
  const start = performance.now();
  await publishRun(jetstream(publisher), `${name}.x`, n, window);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const natsCpuUs = (natsCpu(cluster) - nats0) * 1000 / n;
  const selfCpuUs = (cpuMs() - self0) * 1000 / n;
  for (let i = 0; i < per.length; i++) {
    rows.push({
      what: `delivery, ${window} in flight: consumer on ${cluster.servers[i].name}`,
      n,
      rate: n / seconds,
      lat: percentiles(per[i]),
    });
  }
  rows.push({
    what: `delivery, ${window} in flight: last of the 3`,
    n,
    rate: n / seconds,
    lat: percentiles(lastOf),
    natsCpuUs,
    selfCpuUs,
  });
  for (const s of subs) s.stop();
}

/**
 * `kill -9` the stream leader while publishing one at a time from a
 * connection to another server; how long appends stall, and how long each
 * consumer (one of them on the killed server's connection) takes to deliver
 * again and to catch up.
 */
async function failover(
  cluster: NatsCluster,
  conns: NatsConnection[],
  round: number,
): Promise<string[]> {
  const jsm = await jetstreamManager(conns[0]);
  const name = `FAIL${round}`;
  await jsm.streams.add({ name, subjects: [`${name}.>`], num_replicas: 3 });
  const leader = (await jsm.streams.info(name)).cluster!.leader!;
  const victim = cluster.indexOf(leader);
  const publisher = conns[(victim + 1) % conns.length];
  let killedAt = Infinity;
  const lastSeq: number[] = conns.map(() => 0);
  const againAt: number[] = conns.map(() => NaN);
  let outOfOrder = 0;
  const subs = orderedConsumers(conns, name, 1, (i, data, seq) => {
    if (seq !== lastSeq[i] + 1) outOfOrder++;
    lastSeq[i] = seq;
    if (sentAt(data) > killedAt && Number.isNaN(againAt[i])) againAt[i] = performance.now();
  });
  const js = jetstream(publisher);
  let ackGap = 0;
  let lastAck = performance.now();
  let firstAck = NaN;
  let published = 0;
  const end = performance.now() + 12000;
  for (let n = 0; performance.now() < end; n++) {
    if (n === 500) {
      killedAt = performance.now();
      await cluster.kill(victim);
    }
    for (;;) {
      try {
        const ack = await js.publish(`${name}.x`, entry(performance.now()), {
          msgID: `f${n}`,
          timeout: 500,
        });
        published = ack.seq;
        break;
      } catch {
        // A new leader is being elected: the same id again, kept once.
      }
    }
    const now = performance.now();
    if (now > killedAt && Number.isNaN(firstAck)) firstAck = now;
    ackGap = Math.max(ackGap, now - lastAck);
    lastAck = now;
  }
  const caughtUp: number[] = conns.map(() => NaN);
  for (const deadline = performance.now() + 30000; performance.now() < deadline;) {
    lastSeq.forEach((s, i) => {
      if (s === published && Number.isNaN(caughtUp[i])) caughtUp[i] = performance.now();
    });
    if (caughtUp.every((t) => !Number.isNaN(t))) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const s of subs) s.stop();
  await cluster.restart(victim);
  const fmt = (t: number, from = killedAt) =>
    Number.isNaN(t) ? "never (30 s)" : `${((t - from) / 1000).toFixed(2)} s`;
  return [
    `Failover: \`kill -9\` of the stream leader (${leader}) after 500 entries, publishing one at` +
    ` a time from a connection to ${cluster.servers[(victim + 1) % conns.length].name}:`,
    `- first ack after the kill: ${fmt(firstAck)} (longest gap between acks ${
      (ackGap / 1000).toFixed(2)
    } s); ${published} entries in all`,
    ...conns.map((_, i) =>
      `- consumer on ${cluster.servers[i].name}${i === victim ? " (killed; reconnects)" : ""}: ` +
      `first new entry ${fmt(againAt[i])} after the kill; had the last entry ` +
      `${fmt(caughtUp[i], lastAck)} after its ack`
    ),
    `- entries delivered out of order or twice: ${outOfOrder}`,
  ];
}

function table(): string {
  const f = (x: number, d = 2) => x.toFixed(d);
  const lines = [
    "| measurement | entries | entries/s | p50 ms | p99 ms | mean ms | NATS CPU µs/entry | client CPU µs/entry |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.what} | ${r.n} | ${Math.round(r.rate).toLocaleString("en")} | ${f(r.lat.p50)} | ${
        f(r.lat.p99)
      } | ${f(r.lat.mean)} | ${r.natsCpuUs === undefined ? "" : f(r.natsCpuUs, 0)} | ${
        r.selfCpuUs === undefined ? "" : f(r.selfCpuUs, 0)
      } |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!natsAvailable()) Deno.exit(1);
  const cluster = await NatsCluster.start();
  const conns: NatsConnection[] = [];
  try {
    const urls = cluster.urls;
    // One connection per server, the others as fallbacks: three nodes' view.
    for (let i = 0; i < urls.length; i++) {
      conns.push(
        await connect({
          servers: [...urls.slice(i), ...urls.slice(0, i)],
          noRandomize: true,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 100,
        }),
      );
    }
    const publisher = conns[0];
    const jsm = await jetstreamManager(publisher);
    await jsm.streams.add({ name: "R3", subjects: ["R3.>"], num_replicas: 3 });
    await jsm.streams.add({ name: "R1", subjects: ["R1.>"], num_replicas: 1 });
    await jsm.streams.add({
      name: "R3MEM",
      subjects: ["R3MEM.>"],
      num_replicas: 3,
      storage: StorageType.Memory,
    });
    const js = jetstream(publisher);
    const one = quick ? 500 : 3000;
    const many = quick ? 5000 : 30000;
    await publishRun(js, "R3.warm", 300, 16);
    for (const s of ["R3", "R3MEM", "R1"]) {
      const label = s === "R3"
        ? "3 replicas, file"
        : s === "R1"
        ? "1 replica, file"
        : "3 replicas, memory";
      await measured(
        cluster,
        `publish+ack, 1 in flight, ${label}`,
        () => publishRun(js, `${s}.a`, one, 1),
      );
      for (const w of [16, 256]) {
        await measured(
          cluster,
          `publish+ack, ${w} in flight, ${label}`,
          () => publishRun(js, `${s}.b`, many, w),
        );
      }
    }
    await delivery(cluster, publisher, conns, one, 1);
    await delivery(cluster, publisher, conns, many, 64);
    const notes: string[] = [];
    // Elections take a random 4–9 s in nats-server 2.9: more than one round.
    for (let round = 1; round <= (quick ? 1 : 3); round++) {
      notes.push(...await failover(cluster, conns, round), "");
    }
    const cpu = Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1];
    console.log(
      `NATS spike, ${new Date().toISOString()}: nats-server ${natsVersion()?.join(".")} ×3 on ` +
        `loopback, Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores (${cpu}), ` +
        `${payloadSize}-byte entries; publisher and consumers in this one process.\n`,
    );
    console.log(table());
    console.log("\n" + notes.join("\n"));
  } finally {
    for (const c of conns) await c.close().catch(() => {});
    await cluster.stop();
  }
}

if (import.meta.main) await main();
