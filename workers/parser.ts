/**
 * The work a worker does for each connection: frame, decode, parse, and the
 * checks that need no shared state (spec §5.1 steps 1–4, flood control §4.2,
 * clock skew). The same code runs in a worker and, with `--workers 0`, on the
 * main isolate.
 *
 * @example
 * ```ts
 * import { ParserStage } from "./parser.ts";
 * const stage = new ParserStage({ maxUpdateSize: 4096, maxDepth: 32, maxElements: 1024,
 *   floodFrame: 30, floodLimit: 40, clockSkew: 0 });
 * stage.handle([{ op: "open", conn: 1 },
 *   { op: "bytes", conn: 1, bytes: new TextEncoder().encode("(ping :id 1)\0") }], Date.now());
 * // [{ kind: "update", conn: 1, update: { type: "ping", id: 1, clock: … } }]
 * ```
 *
 * @module
 */
import {
  checkNames,
  type Frame,
  Framer,
  type Id,
  LichatError,
  printUpdate,
  readUpdate,
  type Update,
} from "../protocol/mod.ts";
import { universalTime } from "../protocol/time.ts";
import { type ParserConfig, type StageEvent, type StageFailure, type StageOp } from "./messages.ts";

/** Per-connection flood-control state: a fixed window of `floodFrame` seconds. */
interface Flood {
  windowStart: number;
  count: number;
  /** Told `too-many-updates` in this window already. */
  warned: boolean;
}

interface ConnState {
  readonly framer: Framer;
  readonly flood: Flood;
  /** The user's name once the handshake is done. */
  user?: string;
}

const WHITE_ONLY = /^[\t\n\v\f\r ]*$/;

/** The parser stage for any number of connections. */
export class ParserStage {
  #config: ParserConfig;
  readonly #conns = new Map<number, ConnState>();
  readonly #prePrint: ReadonlySet<string>;
  readonly #signatureFields: readonly string[];

  /** Make a stage with the given settings. */
  constructor(config: ParserConfig) {
    this.#config = config;
    this.#prePrint = new Set(config.prePrint ?? []);
    this.#signatureFields = config.signatureFields ?? [];
  }

  /**
   * Take new limits (a reload): sizes, depth, flood control and clock skew
   * apply to the connections already open too; a flood window under way
   * keeps its start.
   */
  configure(config: ParserConfig): void {
    this.#config = {
      ...config,
      prePrint: this.#config.prePrint,
      decodeChunks: this.#config.decodeChunks,
    };
    for (const c of this.#conns.values()) c.framer.maxSize = config.maxUpdateSize;
  }

  /** How many connections it holds state for. */
  get size(): number {
    return this.#conns.size;
  }

  /**
   * Apply a batch of operations at `now` (milliseconds, the server's clock:
   * one reading per batch, a batch being one read's worth of updates);
   * returns the events they cause, in order.
   */
  handle(ops: readonly StageOp[], now: number): StageEvent[] {
    const out: StageEvent[] = [];
    for (const op of ops) {
      switch (op.op) {
        case "open":
          this.#open(op.conn, now);
          break;
        case "close":
          this.#conns.delete(op.conn);
          break;
        case "user": {
          const c = this.#conns.get(op.conn);
          if (c) c.user = op.name;
          break;
        }
        case "bytes": {
          const c = this.#conns.get(op.conn) ?? this.#open(op.conn, now);
          for (const f of c.framer.push(op.bytes)) this.#frame(op.conn, c, f, now, out);
          break;
        }
        case "text": {
          const c = this.#conns.get(op.conn) ?? this.#open(op.conn, now);
          // A message transport frames for us; a trailing NUL is tolerated.
          let text = op.text;
          if (text.endsWith("\0")) text = text.slice(0, -1);
          const size = byteLength(text, this.#config.maxUpdateSize);
          const f: Frame = size > this.#config.maxUpdateSize
            ? { kind: "too-long", size }
            : text.includes("\0")
            ? { kind: "bad-utf8", size }
            : { kind: "text", text };
          this.#frame(op.conn, c, f, now, out);
          break;
        }
      }
    }
    return out;
  }

  #open(conn: number, now: number): ConnState {
    const c: ConnState = {
      framer: new Framer({
        maxSize: this.#config.maxUpdateSize,
        decodeChunks: this.#config.decodeChunks,
      }),
      flood: { windowStart: now, count: 0, warned: false },
    };
    this.#conns.set(conn, c);
    return c;
  }

  #frame(conn: number, c: ConnState, f: Frame, now: number, out: StageEvent[]): void {
    if (f.kind === "text" && WHITE_ONLY.test(f.text)) return; // keep-alive noise
    if (!this.#floodOk(conn, c.flood, f, now, out)) return;
    const fail = (failure: StageFailure, text: string, id: Id | undefined) =>
      out.push({ kind: "failure", conn, failure, text, id });
    if (f.kind === "too-long") {
      fail(
        "update-too-long",
        `The update is ${f.size} bytes long; at most ${this.#config.maxUpdateSize} are allowed.`,
        undefined,
      );
      return;
    }
    if (f.kind === "bad-utf8") {
      fail("malformed-update", "The update is not valid UTF-8.", undefined);
      return;
    }
    let u: Update;
    try {
      u = readUpdate(f.text, this.#config);
      checkNames(u);
    } catch (e) {
      // Anything else is a bug here, but still only this update's problem.
      if (!(e instanceof LichatError) || e.failure === "unprintable") {
        fail("malformed-update", "The update could not be read.", undefined);
      } else fail(e.failure, e.message, e.updateId);
      return;
    }
    // A signed update (shirakumo-sign, §17) is signed over its from and
    // clock, so both must be there and the clock stays as it is.
    const signed = this.#signatureFields.some((f) => u[f] !== undefined);
    if (signed && (u.from === undefined || u.clock === undefined)) {
      fail("malformed-update", "A signed update must have its from and clock.", u.id);
      return;
    }
    const clock = universalTime(now);
    if (signed) {
      // Left as signed.
    } else if (u.clock === undefined) {
      u.clock = clock;
    } else if (this.#config.clockSkew > 0) {
      const skew = Number(u.clock) - clock;
      if (Math.abs(skew) > this.#config.clockSkew) {
        fail(
          "clock-skewed",
          `Your clock is off by ${skew} seconds; the server's time is used.`,
          u.id,
        );
        u.clock = clock;
      }
    }
    // §5.1 step 5 fills a missing `from` with the user's name; the actor
    // still checks a given one.
    if (u.from === undefined && c.user !== undefined) u.from = c.user;
    out.push({ kind: "update", conn, update: u, printed: this.#print(u, c) });
  }

  /**
   * The wire text of an update the actor may relay unchanged, when asked to
   * print those. Only after the handshake: before it, the actor holds updates
   * back (password check) and must have them whole.
   */
  #print(u: Update, c: ConnState): string | undefined {
    if (c.user === undefined || !this.#prePrint.has(u.type)) return undefined;
    try {
      return printUpdate(u);
    } catch {
      return undefined; // the actor will say so, if it gets that far
    }
  }

  /** §4.2 flood control: false drops the update. */
  #floodOk(conn: number, fl: Flood, f: Frame, now: number, out: StageEvent[]): boolean {
    if (now - fl.windowStart >= this.#config.floodFrame * 1000) {
      fl.windowStart = now;
      fl.count = 0;
      fl.warned = false;
    }
    fl.count++;
    if (fl.count <= this.#config.floodLimit) return true;
    if (!fl.warned) {
      fl.warned = true;
      out.push({
        kind: "failure",
        conn,
        failure: "too-many-updates",
        text:
          `More than ${this.#config.floodLimit} updates in ${this.#config.floodFrame} seconds; updates are dropped until the window ends.`,
        id: f.kind === "text" ? peekId(f.text) : undefined,
      });
    } else if (fl.count > this.#config.floodLimit * 2) {
      // Twice the limit despite the warning: the flood is severe (§4.2).
      out.push({ kind: "flood-close", conn });
      this.#conns.delete(conn);
    }
    return false;
  }
}

/** UTF-8 length of `s`, counting no further than just past `limit`. */
function byteLength(s: string, limit: number): number {
  if (s.length * 3 <= limit) return s.length; // cannot exceed the limit
  return new TextEncoder().encode(s).length;
}

/** The `:id` of an update's text, read cheaply for replies to dropped updates. */
function peekId(text: string): Id | undefined {
  const m = /:id[\t\n\v\f\r ]+(\d+)(?=[\s)])/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : BigInt(m[1]);
}
