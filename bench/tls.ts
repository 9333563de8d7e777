/**
 * What TLS costs: `deno run -A bench/tls.ts [N]`. One server (in this
 * process, worker pool of one), a sender and a receiver in one channel,
 * N messages (default 20,000) pipelined over plain TCP, then over Lichat
 * over TLS (node:tls on the server, a certificate made with openssl), and
 * the time until the receiver has the last one.
 *
 * @module
 */
import { defaultOptions } from "../server/options.ts";
import { LichatServer } from "../server/server.ts";
import { RawClient } from "../tests/helpers/raw.ts";
import { makeCertificates } from "../tests/helpers/tls.ts";

const n = Number(Deno.args[0] ?? 20000);
const dir = await Deno.makeTempDir({ prefix: "lichat-bench-tls-" });
const cert = await makeCertificates(dir, "bench");
const server = await LichatServer.start({
  ...defaultOptions(),
  hostname: "127.0.0.1",
  port: 0,
  wsPort: 0,
  tlsCert: cert.cert,
  tlsKey: cert.key,
  tlsPort: 0,
  workers: 1,
  floodLimit: 1e9,
  hashIterations: 1000,
});

async function run(connect: () => Promise<RawClient>, label: string, round: number) {
  const [from, to] = [await connect(), await connect()];
  await from.handshake(`s${label}${round}`);
  await to.handshake(`r${label}${round}`);
  const channel = `bench ${label} ${round}`;
  await from.send(`(create :id 1 :channel "${channel}")`);
  await from.waitFor("join", (u) => u.id === 1);
  await to.send(`(join :id 2 :channel "${channel}")`);
  await from.waitFor("join", (u) => u.from === to.name);
  const t0 = performance.now();
  let batch = "";
  for (let i = 0; i < n; i++) {
    batch += `(message :id ${10 + i} :channel "${channel}" :text "message number ${i}")\0`;
    if (batch.length > 60000) {
      await from.sendRaw(batch);
      batch = "";
    }
  }
  await from.sendRaw(batch);
  await to.waitFor("message", (u) => u.id === 9 + n);
  const ms = performance.now() - t0;
  from.close();
  to.close();
  return ms;
}

const rows: string[] = [];
for (
  const [label, connect] of [
    ["tcp", () => RawClient.connect(server.tcpPort)],
    ["tls", () => RawClient.connectTls(server.tlsPort!, [cert.ca])],
  ] as const
) {
  const times = [];
  for (let round = 0; round < 3; round++) times.push(await run(connect, label, round));
  const best = Math.min(...times);
  rows.push(`| ${label} | ${n} | ${best.toFixed(0)} ms | ${(n / best * 1000).toFixed(0)} /s |`);
}
console.log("| transport | messages | best of 3 | messages/s |\n| --- | --- | --- | --- |");
console.log(rows.join("\n"));
await server.shutdown();
Deno.exit(0);
