/**
 * /metrics in Prometheus's text format, through prom-client (from npm; it
 * runs under Deno, and writes the format, its escaping and its histogram
 * series as Prometheus reads them). Every value is read when scraped: from
 * the server's {@linkcode Meters}, bumped on the hot path without
 * prom-client's per-call label objects, and from the state as it stands.
 *
 * prom-client's own process metrics read /proc, which `--allow-net` alone
 * does not allow (they would read 0): the process series here come from
 * Deno's own `Deno.memoryUsage` and `process.cpuUsage`, which need no
 * permission.
 *
 * @module
 */
import client from "prom-client";
import process from "node:process";
import type { Histogram, Meters } from "./meters.ts";

/** What the exposition reads besides the meters. */
export interface MetricSource {
  /** The counters. */
  readonly meters: Meters;
  /** Each open connection's transport. */
  transports(): Iterable<string>;
  /** Users online (the server's own not counted). */
  users(): number;
  /** Channels that exist. */
  channels(): number;
}

/**
 * prom-client's types call a metric's type an enum; its code, and the text
 * format, use the word.
 */
const HISTOGRAM = "histogram" as unknown as client.MetricType;

/** A prom-client histogram whose series are those of one of our {@linkcode Histogram}s. */
class FixedHistogram extends client.Histogram {
  readonly #name: string;
  readonly #help: string;
  readonly #source: Histogram;

  constructor(name: string, help: string, source: Histogram, registry: client.Registry) {
    super({ name, help, buckets: [...source.bounds], registers: [registry] });
    this.#name = name;
    this.#help = help;
    this.#source = source;
  }

  /** The series, for the registry's text (prom-client asks this before `get`). */
  // deno-lint-ignore require-await -- prom-client awaits it
  async getForPromString(): ReturnType<client.Histogram["get"]> {
    const h = this.#source;
    const values = [];
    let cumulative = 0;
    for (let i = 0; i <= h.bounds.length; i++) {
      cumulative += h.counts[i];
      const le = i < h.bounds.length ? String(h.bounds[i]) : "+Inf";
      values.push({ labels: { le }, value: cumulative, metricName: `${this.#name}_bucket` });
    }
    values.push({ labels: {}, value: h.sum, metricName: `${this.#name}_sum` });
    values.push({ labels: {}, value: h.count, metricName: `${this.#name}_count` });
    return {
      name: this.#name,
      help: this.#help,
      type: HISTOGRAM,
      values,
      aggregator: "sum",
      collect: () => {},
    };
  }

  override get(): ReturnType<client.Histogram["get"]> {
    return this.getForPromString();
  }
}

/** A counter whose values, by one label, are those of `map`. */
function countedBy(
  registry: client.Registry,
  name: string,
  help: string,
  label: string,
  map: ReadonlyMap<string, number>,
): void {
  new client.Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [k, n] of map) this.inc({ [label]: k }, n);
    },
  });
}

/** A gauge without labels that reads `value` when scraped. */
function gauge(registry: client.Registry, name: string, help: string, value: () => number) {
  new client.Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(value());
    },
  });
}

/** The registry of one server's metrics. */
export function metricsRegistry(src: MetricSource): client.Registry {
  const r = new client.Registry();
  const m = src.meters;
  new client.Gauge({
    name: "lichat_connections",
    help: "Open connections, by transport.",
    labelNames: ["transport"],
    registers: [r],
    collect() {
      this.reset();
      const counts = new Map<string, number>([["tcp", 0], ["websocket", 0]]);
      for (const t of src.transports()) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [transport, n] of counts) this.set({ transport }, n);
    },
  });
  gauge(r, "lichat_users", "Users online.", () => src.users());
  gauge(r, "lichat_channels", "Channels, the primary one included.", () => src.channels());
  countedBy(
    r,
    "lichat_updates_received_total",
    "Updates read from clients.",
    "type",
    m.updatesReceived,
  );
  countedBy(
    r,
    "lichat_updates_sent_total",
    "Updates queued to connections, once per receiving connection.",
    "type",
    m.updatesSent,
  );
  countedBy(r, "lichat_failures_sent_total", "Failure updates sent.", "type", m.failuresSent);
  const bytes = (dir: "in" | "out") =>
    new Map([...m.transportBytes].map(([t, b]) => [t, b[dir]] as const));
  new client.Counter({
    name: "lichat_received_bytes_total",
    help: "Bytes read from clients.",
    labelNames: ["transport"],
    registers: [r],
    collect() {
      this.reset();
      for (const [transport, n] of bytes("in")) this.inc({ transport }, n);
    },
  });
  new client.Counter({
    name: "lichat_sent_bytes_total",
    help: "Bytes of updates queued to clients (what a dropped slow reader did not read included).",
    labelNames: ["transport"],
    registers: [r],
    collect() {
      this.reset();
      for (const [transport, n] of bytes("out")) this.inc({ transport }, n);
    },
  });
  new client.Counter({
    name: "lichat_slow_readers_dropped_total",
    help: "Connections dropped for not reading their updates (--max-queue).",
    registers: [r],
    collect() {
      this.reset();
      this.inc(m.slowReaders);
    },
  });
  gauge(
    r,
    "lichat_actor_inbox_depth",
    "Deepest the state actor's inbox was since the last scrape.",
    () => {
      const peak = m.inboxPeak;
      m.inboxPeak = 0;
      return peak;
    },
  );
  new client.Counter({
    name: "lichat_worker_errors_total",
    help: "Errors thrown in the parser workers.",
    registers: [r],
    collect() {
      this.reset();
      this.inc(m.workerErrors);
    },
  });
  gauge(r, "lichat_password_hashes_pending", "Password hashes being computed.", () => m.hashing);
  new FixedHistogram("lichat_actor_turn_seconds", "Time the state actor took per turn.", m.turn, r);
  new FixedHistogram(
    "lichat_parser_batch_seconds",
    "Time the parser stage took per batch of a connection's reads.",
    m.parse,
    r,
  );
  new FixedHistogram(
    "lichat_database_write_seconds",
    "Time each write to the --database file took.",
    m.databaseWrite,
    r,
  );
  processMetrics(r);
  return r;
}

/** The process's memory, CPU and start, from what Deno gives without a permission. */
function processMetrics(r: client.Registry): void {
  const start = Date.now() / 1000 - performance.now() / 1000;
  gauge(r, "process_start_time_seconds", "Start time of the process, Unix time.", () => start);
  gauge(r, "process_resident_memory_bytes", "Resident memory.", () => Deno.memoryUsage().rss);
  gauge(r, "nodejs_heap_size_used_bytes", "V8 heap in use.", () => Deno.memoryUsage().heapUsed);
  gauge(r, "nodejs_heap_size_total_bytes", "V8 heap size.", () => Deno.memoryUsage().heapTotal);
  new client.Counter({
    name: "process_cpu_seconds_total",
    help: "CPU time, user and system.",
    registers: [r],
    collect() {
      const u = process.cpuUsage();
      this.reset();
      this.inc((u.user + u.system) / 1e6);
    },
  });
}
