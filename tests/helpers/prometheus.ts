/**
 * Scraping a server's /metrics and reading Prometheus's text format (0.0.4)
 * strictly: every sample belongs to a family with HELP and TYPE, labels are
 * well quoted, values are numbers, and a histogram's buckets are cumulative
 * and end in `+Inf` equal to its count.
 *
 * @example
 * ```ts
 * import { scrape } from "./prometheus.ts";
 * const m = await scrape(9090);
 * m.value("lichat_connections", { transport: "tcp" }); // 2
 * ```
 *
 * @module
 */
import assert from "node:assert/strict";

/** One sample: its metric name, labels and value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A parsed scrape. */
export class Scrape {
  /** Every sample, in order. */
  readonly samples: readonly Sample[];
  /** Each family's type (`counter`, `gauge`, `histogram`, …). */
  readonly types: ReadonlyMap<string, string>;

  constructor(samples: Sample[], types: Map<string, string>) {
    this.samples = samples;
    this.types = types;
  }

  /** The value of the one sample of `name` with `labels`; undefined if there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const want = Object.entries(labels);
    const found = this.samples.filter((s) =>
      s.name === name && Object.keys(s.labels).length === want.length &&
      want.every(([k, v]) => s.labels[k] === v)
    );
    assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} twice`);
    return found[0]?.value;
  }
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;

function labelsOf(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    assert.ok(m, `bad labels: {${text}}`);
    labels[m[1]] = m[2].replace(/\\(.)/g, (_, c) => c === "n" ? "\n" : c);
  }
  return labels;
}

/** The family a sample belongs to (a histogram's `_bucket`, `_sum`, `_count`). */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return types.get(base) === "histogram" ? base : undefined;
}

/** Parse the text format strictly; see the module doc. */
export function parseMetrics(text: string): Scrape {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "HELP") helps.add(meta[2]);
      else types.set(meta[2], meta[3]);
      continue;
    }
    const m = LINE.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const value = m[3] === "+Inf" ? Infinity : Number(m[3]);
    assert.ok(!Number.isNaN(value), `not a number: ${line}`);
    const family = familyOf(m[1], types);
    assert.ok(family && helps.has(family), `no HELP and TYPE for ${m[1]}`);
    samples.push({ name: m[1], labels: labelsOf(m[2]), value });
  }
  for (const [name, type] of types) {
    if (type !== "histogram") continue;
    const buckets = samples.filter((s) => s.name === `${name}_bucket`);
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(buckets[i].value >= buckets[i - 1].value, `${name}: buckets are cumulative`);
    }
    assert.equal(buckets.at(-1)?.labels.le, "+Inf", `${name} ends in +Inf`);
    const count = samples.find((s) => s.name === `${name}_count`)?.value;
    assert.equal(buckets.at(-1)?.value, count, `${name}: +Inf is the count`);
  }
  return new Scrape(samples, types);
}

/** GET /metrics from `port` on loopback and parse it. */
export async function scrape(port: number): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}
