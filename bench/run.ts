/**
 * The benchmark: `deno task bench` (add `--quick` for a short run,
 * `--only fanout,storm,pipeline,parse` for some scenarios,
 * `--out FILE` to also write the Markdown report). Starts the raw relay and
 * the server (worker pool, and `--workers 0`) as subprocesses on loopback,
 * drives each with the load generator in its own process, and prints a
 * Markdown table of absolute figures and ratios to the relay.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuMs } from "./loadgen.ts";

const root = new URL("../", import.meta.url);
const deno = Deno.execPath();

/** A server (or the relay) to measure, and its arguments. */
export interface Target {
  readonly name: string;
  readonly args: string[];
  readonly relay: boolean;
  /** Deno permissions beyond --allow-net (a `--database` file's). */
  readonly permissions?: readonly string[];
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const p = (l.addr as Deno.NetAddr).port;
  l.close();
  return p;
}

function rssKiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

/** Start a target on a free port and wait until it listens. */
export async function start(t: Target): Promise<{ proc: Deno.ChildProcess; port: number }> {
  const port = freePort();
  const args = t.relay ? ["run", "--allow-net", "bench/relay.ts", "--port", String(port)] : [
    "run",
    "--allow-net",
    ...t.permissions ?? [],
    "main.ts",
    "--hostname",
    "127.0.0.1",
    "--port",
    String(port),
    "--ws-port",
    "0",
    "--log-level",
    "error",
    "--flood-limit",
    "1000000000",
    "--connection-limit",
    "100000",
    "--max-queue",
    "1000000",
    "--max-update-size",
    "1048576",
    ...t.args,
  ];
  const proc = new Deno.Command(deno, {
    args,
    cwd: root,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  await waitPort(port);
  // The probe connection above counts as a connection; let it go.
  await new Promise((r) => setTimeout(r, 300));
  return { proc, port };
}

/** A load generator's figures. */
export type Result = Record<string, number>;

/** Run the load generator with `args` in its own process; its result line. */
export async function loadgen(args: string[]): Promise<Result> {
  const out = await new Deno.Command(deno, {
    args: ["run", "-A", "bench/loadgen.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/** Start `t`, run `f` against it, add the server's CPU (cores) to the result, kill it. */
export async function scenario(
  t: Target,
  f: (port: number, pid: number) => Promise<Result>,
): Promise<Result> {
  const { proc, port } = await start(t);
  try {
    const c0 = cpuMs(proc.pid);
    const w0 = performance.now();
    const r = await f(port, proc.pid);
    r.serverCpu = (cpuMs(proc.pid) - c0) / (performance.now() - w0);
    return r;
  } finally {
    proc.kill("SIGKILL");
    await proc.status;
  }
}

async function storm(port: number, pid: number, n: number, relay: boolean): Promise<Result> {
  const before = rssKiB(pid);
  const child = new Deno.Command(deno, {
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "bench/loadgen.ts",
      "storm",
      "--port",
      String(port),
      "--clients",
      String(n),
      ...(relay ? ["--relay"] : []),
    ],
    cwd: root,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const r: Result = JSON.parse(text.trim().split("\n")[0]);
  await new Promise((res) => setTimeout(res, 1000));
  r.kibPerConn = (rssKiB(pid) - before) / n;
  await child.stdin.close();
  await reader.cancel();
  await child.status;
  return r;
}

/** A number for a table: grouped, `d` decimals. */
export const fmt = (n: number, d = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
    : "–";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean", default: false },
      out: { type: "string" },
      only: { type: "string" },
    },
  });
  const quick = values.quick!;
  // `--only pipeline,parse`: the named scenarios, for a quick before/after.
  const only = values.only?.split(",").map((x) => x.trim());
  const want = (name: string) => !only || only.includes(name);
  const secs = quick ? 3 : 10;
  const warm = quick ? 1 : 2;
  const cores = navigator.hardwareConcurrency;
  const pool = Math.max(1, cores - 1);
  const targets: Target[] = [
    { name: "raw relay", args: [], relay: true },
    // The server's default pool: one worker fewer than cores (server/options.ts).
    { name: `server (--workers ${pool})`, args: ["--workers", String(pool)], relay: false },
    { name: "server (--workers 0)", args: ["--workers", "0"], relay: false },
  ];
  const rows: string[][] = [];
  const relayFig: Record<string, number> = {};
  const add = (
    scen: string,
    t: Target,
    metric: string,
    value: number,
    digits = 0,
    lowerIsBetter = false,
  ) => {
    if (t.relay) relayFig[scen + metric] = value;
    const base = relayFig[scen + metric];
    const ratio = t.relay || !base ? "1.00" : fmt(lowerIsBetter ? value / base : value / base, 2);
    rows.push([scen, t.name, metric, fmt(value, digits), t.relay ? "—" : `${ratio}×`]);
  };
  const log = (s: string) => console.error(`bench: ${s}`);
  for (const [c, s] of want("fanout") ? [[100, 10], [500, 5]] : []) {
    for (const t of targets) {
      log(`fan-out ${c}/${s} on ${t.name}`);
      const r = await scenario(
        t,
        (port) =>
          loadgen([
            "fanout",
            "--port",
            String(port),
            "--clients",
            String(c),
            "--senders",
            String(s),
            "--seconds",
            String(secs),
            "--warmup",
            String(warm),
            ...(t.relay ? ["--relay"] : []),
          ]),
      );
      const sc = `fan-out ${c} clients / ${s} senders`;
      add(sc, t, "delivered updates/s", r.rate);
      add(sc, t, "p50 latency ms", r.p50, 1, true);
      add(sc, t, "p99 latency ms", r.p99, 1, true);
      add(sc, t, "max latency ms", r.max, 1, true);
      add(sc, t, "errors", r.errors);
      add(sc, t, "server CPU (cores)", r.serverCpu, 2);
      add(sc, t, "load generator CPU (cores)", r.loadgenCpu, 2);
    }
  }
  const stormN = quick ? 500 : 2000;
  for (const t of want("storm") ? targets : []) {
    log(`connect storm ${stormN} on ${t.name}`);
    const r = await scenario(t, (port, pid) => storm(port, pid, stormN, t.relay));
    const sc = `connect storm ${stormN}`;
    add(sc, t, "handshakes/s", r.rate);
    add(sc, t, "KiB resident per idle connection", r.kibPerConn, 1, true);
    add(sc, t, "errors", r.errors);
  }
  const count = quick ? 50000 : 200000;
  for (const t of want("pipeline") ? targets : []) {
    log(`pipeline ${count} on ${t.name}`);
    const r = await scenario(
      t,
      (port) =>
        loadgen([
          "pipeline",
          "--port",
          String(port),
          "--count",
          String(count),
          ...(t.relay ? ["--relay"] : []),
        ]),
    );
    const sc = `pipeline ${count}`;
    add(sc, t, "updates/s", r.rate);
    add(sc, t, "server CPU (cores)", r.serverCpu, 2);
  }
  for (const t of want("parse") ? targets.filter((x) => !x.relay) : []) {
    log(`parse-heavy on ${t.name}`);
    const r = await scenario(
      t,
      (port) =>
        loadgen([
          "parse",
          "--port",
          String(port),
          "--clients",
          "20",
          "--seconds",
          String(secs),
          "--size",
          "32768",
        ]),
    );
    const sc = "parse-heavy: 20 connections × 32 KiB data";
    rows.push([sc, t.name, "updates/s", fmt(r.rate), ""]);
    rows.push([sc, t.name, "MB/s", fmt(r.mbps, 1), ""]);
    rows.push([sc, t.name, "server CPU (cores)", fmt(r.serverCpu, 2), ""]);
  }
  const table = [
    "| scenario | target | metric | value | vs relay |",
    "| --- | --- | --- | ---: | ---: |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
  console.log(table);
  if (values.out) {
    const cpu = Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1] ??
      "unknown";
    const header = [
      `Run on ${new Date().toISOString()} with \`deno task bench${quick ? " --quick" : ""}${
        only ? ` --only ${only.join(",")}` : ""
      }\`.`,
      `Machine: ${cores} cores (${cpu}), ${
        (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(0)
      } GiB, Deno ${Deno.version.deno}.`,
      "",
    ].join("\n");
    Deno.writeTextFileSync(values.out, header + "\n" + table + "\n");
  }
}
