/**
 * What the server counts as it runs, for /metrics: plain numbers and maps
 * bumped on the hot path (no allocation per update once a type has been
 * seen), read and formatted only when someone scrapes (exposition.ts).
 *
 * @example
 * ```ts
 * import { Meters } from "./meters.ts";
 * const m = new Meters();
 * m.received("message", 3);
 * m.received("message");
 * m.updatesReceived.get("message"); // 4
 * ```
 *
 * @module
 */

/** Bucket bounds, in seconds, for the durations the server measures. */
export const SECONDS_BUCKETS: readonly number[] = [
  0.00005,
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  1,
];

/** Bytes read from and queued to the connections of one transport. */
export interface ByteCounts {
  /** Bytes read. */
  in: number;
  /** Bytes of updates queued for writing. */
  out: number;
}

/** A histogram with fixed buckets: a count per bucket, their sum and count. */
export class Histogram {
  /** Upper bounds of the buckets; one more bucket holds what is above the last. */
  readonly bounds: readonly number[];
  /** Observations per bucket (not cumulative). */
  readonly counts: Float64Array;
  /** Sum of every observation. */
  sum = 0;
  /** Number of observations. */
  count = 0;

  /** Make an empty histogram with `bounds` (ascending). */
  constructor(bounds: readonly number[] = SECONDS_BUCKETS) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Count one observation of `v`. */
  observe(v: number): void {
    let i = 0;
    while (i < this.bounds.length && v > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += v;
    this.count++;
  }
}

function bump(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** The server's counters; see the module doc. */
export class Meters {
  /** Updates read from clients, by class. */
  readonly updatesReceived = new Map<string, number>();
  /** Updates queued to connections, by class, once per receiving connection. */
  readonly updatesSent = new Map<string, number>();
  /** Failure updates sent, by class. */
  readonly failuresSent = new Map<string, number>();
  /** Bytes read and written, by transport (see {@linkcode Meters.bytes}). */
  readonly transportBytes = new Map<string, ByteCounts>();
  /** Connections dropped for not reading their updates (`--max-queue`). */
  slowReaders = 0;
  /** Errors the parser workers threw. */
  workerErrors = 0;
  /** The deepest the actor's inbox was since the last scrape. */
  inboxPeak = 0;
  /** Password hashes being computed (off the actor) right now. */
  hashing = 0;
  /** How long each actor turn (one inbox drain) took. */
  readonly turn: Histogram = new Histogram();
  /** How long the parser stage took for each batch that made events. */
  readonly parse: Histogram = new Histogram();
  /** How long each database write took. */
  readonly databaseWrite: Histogram = new Histogram();

  /** `n` updates of class `type` came in. */
  received(type: string, n = 1): void {
    bump(this.updatesReceived, type, n);
  }

  /** An update of class `type` was queued `n` times. */
  sent(type: string, n: number): void {
    bump(this.updatesSent, type, n);
  }

  /** A failure of class `type` was sent. */
  failure(type: string): void {
    bump(this.failuresSent, type, 1);
  }

  /**
   * The byte counts of `transport`, made on first use: each connection holds
   * its transport's and adds to it, with no look-up per write.
   */
  bytes(transport: string): ByteCounts {
    let b = this.transportBytes.get(transport);
    if (!b) this.transportBytes.set(transport, b = { in: 0, out: 0 });
    return b;
  }
}

/** The UTF-8 length of `s`, counted without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
