/**
 * A real NATS JetStream cluster for tests and benchmarks: Debian's
 * `nats-server` binary, started as separate processes on free loopback ports,
 * joined by cluster routes, each with its own temporary store directory.
 * Servers can be killed with SIGKILL and restarted on the same ports and store.
 *
 * @example
 * ```ts
 * import { natsTest } from "./nats.ts";
 * natsTest("a stream survives a server", async (cluster) => {
 *   await cluster.kill(0);
 *   await cluster.restart(0);
 * });
 * ```
 *
 * @module
 */
import { freePort } from "./server.ts";

/** Where Debian puts the binary, for when /usr/sbin is not on PATH. */
const CANDIDATES = ["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"];

let found: { binary: string; version: number[] } | null | undefined;

function find(): { binary: string; version: number[] } | undefined {
  if (found !== undefined) return found ?? undefined;
  found = null;
  for (const c of CANDIDATES) {
    try {
      const out = new Deno.Command(c, { args: ["--version"], stdout: "piped", stderr: "null" })
        .outputSync();
      // "nats-server: v2.9.10"
      const v = new TextDecoder().decode(out.stdout).match(/v(\d+)\.(\d+)\.(\d+)/);
      if (out.success && v) {
        found = { binary: c, version: v.slice(1).map(Number) };
        break;
      }
    } catch {
      // Not there; try the next place.
    }
  }
  return found ?? undefined;
}

/** The nats-server binary that runs, or undefined when there is none. */
export function natsBinary(): string | undefined {
  return find()?.binary;
}

/** The installed nats-server's version, e.g. `[2, 9, 10]`, if there is one. */
export function natsVersion(): number[] | undefined {
  return find()?.version;
}

/** Is the installed nats-server at least `min` (e.g. `[2, 9, 21]`)? */
export function natsVersionAtLeast(min: readonly number[]): boolean {
  const v = natsVersion();
  if (!v) return false;
  for (let i = 0; i < min.length; i++) if (v[i] !== min[i]) return (v[i] ?? 0) > min[i];
  return true;
}

let told = false;

/**
 * Is nats-server installed? When it is not, says once, clearly, that the
 * tests that need it are skipped (`.ci/run` installs it with apt-get).
 */
export function natsAvailable(): boolean {
  if (natsBinary()) return true;
  if (!told) {
    told = true;
    console.warn(
      "SKIP: nats-server is not installed (Debian package nats-server; .ci/run installs it " +
        "with apt-get): the NATS cluster tests are skipped.",
    );
  }
  return false;
}

/** One server of a {@linkcode NatsCluster}. */
export interface NatsServer {
  /** Its server name (what JetStream reports as a leader or peer). */
  readonly name: string;
  /** Client port, on 127.0.0.1. */
  readonly port: number;
  /** Route port, for the other servers. */
  readonly clusterPort: number;
  /** HTTP monitoring port (`/jsz`, `/healthz`). */
  readonly monitorPort: number;
  /** Its store directory and its log file sit here. */
  readonly dir: string;
  /** The running process, while it runs. */
  process: Deno.ChildProcess | undefined;
}

/** Settings of {@linkcode NatsCluster.start}. */
export interface NatsClusterOptions {
  /** Servers in the cluster (default 3). */
  size?: number;
  /** Milliseconds to wait for the cluster, or a restarted server, to be ready (default 20000). */
  readyTimeout?: number;
}

interface Jsz {
  meta_cluster?: { leader?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running NATS cluster; see the module doc. */
export class NatsCluster {
  /** The servers, in the order they were made. */
  readonly servers: readonly NatsServer[];
  readonly #root: string;
  readonly #timeout: number;

  private constructor(root: string, servers: NatsServer[], timeout: number) {
    this.#root = root;
    this.servers = servers;
    this.#timeout = timeout;
  }

  /** Start a cluster and wait until JetStream has a meta leader that every server knows. */
  static async start(options: NatsClusterOptions = {}): Promise<NatsCluster> {
    const size = options.size ?? 3;
    const root = await Deno.makeTempDir({ prefix: "lichat-nats-" });
    const servers: NatsServer[] = [];
    for (let i = 0; i < size; i++) {
      servers.push({
        name: `n${i + 1}`,
        port: freePort(),
        clusterPort: freePort(),
        monitorPort: freePort(),
        dir: `${root}/n${i + 1}`,
        process: undefined,
      });
    }
    const cluster = new NatsCluster(root, servers, options.readyTimeout ?? 20000);
    try {
      for (let i = 0; i < size; i++) await cluster.#spawn(i);
      await cluster.waitReady();
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** Client URLs of every server, running or not (what a client's `servers` takes). */
  get urls(): string[] {
    return this.servers.map((s) => `nats://127.0.0.1:${s.port}`);
  }

  /** The index of the server called `name`. */
  indexOf(name: string): number {
    return this.servers.findIndex((s) => s.name === name);
  }

  /** Process id of server `i`, while it runs. */
  pid(i: number): number | undefined {
    return this.servers[i].process?.pid;
  }

  async #spawn(i: number): Promise<void> {
    const s = this.servers[i];
    await Deno.mkdir(`${s.dir}/store`, { recursive: true });
    const routes = this.servers.map((o) => `"nats-route://127.0.0.1:${o.clusterPort}"`);
    const config = [
      `server_name: "${s.name}"`,
      `host: "127.0.0.1"`,
      `port: ${s.port}`,
      `http: "127.0.0.1:${s.monitorPort}"`,
      // Small limits: a test cluster must not reserve the machine's memory or disk.
      `jetstream { store_dir: "${s.dir}/store", max_memory_store: 256MB, max_file_store: 2GB }`,
      `cluster { name: "lichat-test", host: "127.0.0.1", port: ${s.clusterPort}, ` +
      `routes: [${routes.join(", ")}] }`,
    ].join("\n");
    await Deno.writeTextFile(`${s.dir}/server.conf`, config);
    s.process = new Deno.Command(natsBinary() ?? "nats-server", {
      args: ["-c", `${s.dir}/server.conf`, "-l", `${s.dir}/server.log`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
  }

  async #monitor<T>(i: number, path: string): Promise<{ status: number; body: T } | undefined> {
    try {
      const r = await fetch(`http://127.0.0.1:${this.servers[i].monitorPort}${path}`);
      return { status: r.status, body: await r.json() as T };
    } catch {
      return undefined; // not listening yet, or gone
    }
  }

  /** The meta leader's name as server `i` sees it, if it sees one. */
  async metaLeader(i = this.#running()[0]): Promise<string | undefined> {
    return (await this.#monitor<Jsz>(i, "/jsz"))?.body.meta_cluster?.leader || undefined;
  }

  #running(): number[] {
    return this.servers.flatMap((s, i) => s.process ? [i] : []);
  }

  /**
   * Wait until every running server is healthy (`/healthz`: JetStream
   * current, its streams caught up) and all name the same meta leader;
   * resolves with that leader's name.
   */
  async waitReady(timeout = this.#timeout): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const running = this.#running();
      const leaders = new Set<string | undefined>();
      let healthy = true;
      for (const i of running) {
        const h = await this.#monitor<unknown>(i, "/healthz");
        if (h?.status !== 200) healthy = false;
        leaders.add(await this.metaLeader(i));
      }
      const [leader] = leaders;
      if (healthy && leaders.size === 1 && leader) return leader;
      if (Date.now() > deadline) {
        const logs = await Promise.all(running.map((i) => this.log(i)));
        throw new Error(
          `NATS cluster not ready after ${timeout} ms (leaders seen: ${[...leaders]}):\n` +
            logs.map((l) => l.split("\n").slice(-15).join("\n")).join("\n---\n"),
        );
      }
      await sleep(50);
    }
  }

  /** The end of server `i`'s log, for failure messages. */
  async log(i: number): Promise<string> {
    try {
      return await Deno.readTextFile(`${this.servers[i].dir}/server.log`);
    } catch {
      return "";
    }
  }

  /** `kill -9` server `i` and wait until the process is gone. */
  async kill(i: number): Promise<void> {
    const p = this.servers[i].process;
    if (!p) return;
    this.servers[i].process = undefined;
    try {
      p.kill("SIGKILL");
    } catch {
      // It had exited already.
    }
    await p.status;
  }

  /**
   * Start server `i` again, on its ports and with its store, and wait until
   * the cluster is ready with it (it has caught up with the others).
   */
  async restart(i: number): Promise<void> {
    if (this.servers[i].process) throw new Error(`NATS server ${i} is running`);
    await this.#spawn(i);
    await this.waitReady();
  }

  /** Kill every server and remove the temporary directories. */
  async stop(): Promise<void> {
    for (let i = 0; i < this.servers.length; i++) await this.kill(i);
    await Deno.remove(this.#root, { recursive: true }).catch(() => {});
  }
}

/** Start a cluster, run `fn` with it, and stop it (also when `fn` throws). */
export async function withNatsCluster(
  fn: (cluster: NatsCluster) => Promise<void>,
  options: NatsClusterOptions = {},
): Promise<void> {
  const cluster = await NatsCluster.start(options);
  try {
    await fn(cluster);
  } finally {
    await cluster.stop();
  }
}

/**
 * A `Deno.test` run against a fresh NATS cluster, skipped (with the message
 * of {@linkcode natsAvailable}) where nats-server is not installed.
 * Sanitizers are off: NATS clients keep timers and sockets across awaits.
 */
export function natsTest(
  name: string,
  fn: (cluster: NatsCluster, t: Deno.TestContext) => Promise<void>,
  options: NatsClusterOptions = {},
): void {
  Deno.test({
    name,
    ignore: !natsAvailable(),
    sanitizeOps: false,
    sanitizeResources: false,
    fn: (t) => withNatsCluster((cluster) => fn(cluster, t), options),
  });
}
