/**
 * What the IRC gateway costs: one Lichat user sends messages to a channel
 * of N receivers, all Lichat (TCP) or all IRC; reports messages delivered
 * per second and the server's CPU per delivered message, each the median
 * of the rounds. `deno run -A bench/irc_fanout.ts [--receivers 50]
 * [--messages 2000] [--rounds 3]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuMs } from "./loadgen.ts";

const root = new URL("../", import.meta.url);
const enc = new TextEncoder();

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const p = (l.addr as Deno.NetAddr).port;
  l.close();
  return p;
}

async function connect(port: number): Promise<Deno.TcpConn> {
  for (let i = 0; i < 200; i++) {
    try {
      return await Deno.connect({ hostname: "127.0.0.1", port });
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

/** Read until `count` occurrences of `marker` have arrived after `ready` is seen. */
function reader(
  conn: Deno.TcpConn,
  ready: string,
  marker: string,
  count: () => number,
  first?: { after: string; send: string },
) {
  const buf = new Uint8Array(65536);
  const dec = new TextDecoder();
  let text = "";
  let seen = 0;
  let armed = false;
  let resolveReady!: () => void;
  const isReady = new Promise<void>((r) => resolveReady = r);
  const done = (async () => {
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) return;
      text += dec.decode(buf.subarray(0, n), { stream: true });
      if (first && text.includes(first.after)) {
        await conn.write(enc.encode(first.send));
        first = undefined;
      }
      if (!armed && text.includes(ready)) {
        armed = true;
        text = text.slice(text.indexOf(ready) + ready.length);
        resolveReady();
      }
      if (!armed) continue;
      for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) seen++;
      text = text.slice(Math.max(0, text.length - marker.length));
      if (seen >= count()) return;
    }
  })();
  return { isReady, done };
}

async function round(kind: "lichat" | "irc", receivers: number, messages: number) {
  const port = freePort();
  const ircPort = freePort();
  const proc = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "main.ts",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
      "--ws-port",
      "0",
      "--irc-port",
      String(ircPort),
      "--log-level",
      "error",
      "--flood-limit",
      "1000000",
      "--connection-limit",
      "100000",
    ],
    cwd: root,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  try {
    const sender = await connect(port);
    await sender.write(enc.encode(
      '(connect :id 1 :version "2.0" :from "sender" :extensions ())\0(create :id 2 :channel "bench")\0',
    ));
    const readers = [];
    for (let r = 0; r < receivers; r++) {
      const c = await connect(kind === "irc" ? ircPort : port);
      const rd = await reader(
        c,
        kind === "irc" ? "366 r" + r + " #bench" : "(join :id 3 ",
        kind === "irc" ? "PRIVMSG #bench" : "(message ",
        () => messages,
        kind === "irc" ? { after: " 376 ", send: "JOIN #bench\r\n" } : undefined,
      );
      if (kind === "irc") {
        // JOIN once registered (after the MOTD), as IRC clients do.
        await c.write(enc.encode(`NICK r${r}\r\nUSER r 0 * :r\r\n`));
      } else {
        await c.write(enc.encode(
          `(connect :id 1 :version "2.0" :from "r${r}" :extensions ())\0(join :id 3 :channel "bench")\0`,
        ));
      }
      await rd.isReady;
      readers.push({ c, rd });
    }
    const cpu0 = cpuMs(proc.pid);
    const t0 = performance.now();
    let batch = "";
    for (let m = 0; m < messages; m++) {
      batch += `(message :id ${10 + m} :channel "bench" :text "message number ${m}")\0`;
    }
    await sender.write(enc.encode(batch));
    await Promise.all(readers.map((r) => r.rd.done));
    const ms = performance.now() - t0;
    const cpu = cpuMs(proc.pid) - cpu0;
    for (const r of readers) r.c.close();
    sender.close();
    const delivered = receivers * messages;
    return { perSecond: delivered / (ms / 1000), cpuUs: (cpu * 1000) / delivered };
  } finally {
    proc.kill();
    await proc.status;
  }
}

const { values } = parseArgs({
  options: {
    receivers: { type: "string", default: "50" },
    messages: { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
  },
});
const receivers = Number(values.receivers);
const messages = Number(values.messages);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `| receivers (${receivers}, ${messages} messages) | delivered/s | server CPU µs per delivery |`,
);
console.log("| --- | --- | --- |");
for (const kind of ["lichat", "irc"] as const) {
  const rs = [];
  for (let i = 0; i < Number(values.rounds); i++) rs.push(await round(kind, receivers, messages));
  console.log(
    `| ${kind} | ${Math.round(median(rs.map((r) => r.perSecond)))} | ${
      median(rs.map((r) => r.cpuUs)).toFixed(2)
    } |`,
  );
}
