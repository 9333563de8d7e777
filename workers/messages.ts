/**
 * What the main isolate and the parser stage say to each other.
 *
 * Both directions are batched: one message carries every operation or event
 * of one event-loop turn, because each `postMessage` costs more than parsing
 * a chat line (deno#11561).
 *
 * @module
 */
import { concatBytes, type Id, type Update } from "../protocol/mod.ts";

/** The parser's settings, a subset of the server options. */
export interface ParserConfig {
  /** Largest update in bytes. */
  readonly maxUpdateSize: number;
  /** Deepest list nesting. */
  readonly maxDepth: number;
  /** Most elements per list. */
  readonly maxElements: number;
  /** Flood-control window in seconds. */
  readonly floodFrame: number;
  /** Updates allowed per window. */
  readonly floodLimit: number;
  /** Allowed clock difference in seconds; 0 disables the check. */
  readonly clockSkew: number;
  /**
   * Decode a read's updates in one call (see `FramerOptions.decodeChunks`);
   * only where the texts are copied afterwards, as across a worker boundary.
   */
  readonly decodeChunks?: boolean;
  /**
   * Update classes the server relays exactly as received (channel chatter):
   * printed here, so that the main isolate need not. Worth it only where
   * the stage runs on another thread.
   */
  readonly prePrint?: readonly string[];
  /**
   * Fields that mark a signed update (shirakumo-sign): its clock is kept as
   * sent, and it must have `from` and `clock`.
   */
  readonly signatureFields?: readonly string[];
}

/** An operation for the parser stage. */
export type StageOp =
  /** A new connection. */
  | { readonly op: "open"; readonly conn: number }
  /** Bytes read from a stream transport (TCP); `bytes` is transferred. */
  | { readonly op: "bytes"; readonly conn: number; readonly bytes: Uint8Array }
  /** One whole update from a message transport (WebSocket). */
  | { readonly op: "text"; readonly conn: number; readonly text: string }
  /** The connection finished its handshake as user `name` (fills in a missing `from`). */
  | { readonly op: "user"; readonly conn: number; readonly name: string }
  /** The connection is gone; forget its state. */
  | { readonly op: "close"; readonly conn: number };

/** The failure updates the parser stage can decide on its own. */
export type StageFailure =
  | "malformed-update"
  | "update-too-long"
  | "invalid-update"
  | "bad-name"
  | "too-many-updates"
  | "clock-skewed";

/** What the parser stage reports about a connection. */
export type StageEvent =
  /**
   * A parsed update that passed §5.1 steps 1–4 and flood control. With
   * `prePrint`, a relayed one carries its wire text (`printed`, in the stage)
   * or bytes with the NUL (`bytes`, once on the main isolate); such an
   * update crosses without its long strings (see `packEvents`).
   */
  | {
    readonly kind: "update";
    readonly conn: number;
    readonly update: Update;
    printed?: string;
    bytes?: Uint8Array;
    /** The update lost its long strings on the way; `bytes` has them. */
    stripped?: boolean;
  }
  /** A failure to send back; `id` is the offending update's, when known. */
  | {
    readonly kind: "failure";
    readonly conn: number;
    readonly failure: StageFailure;
    readonly text: string;
    readonly id: Id | undefined;
  }
  /** The connection floods on after being told: close it. */
  | { readonly kind: "flood-close"; readonly conn: number };

/** Main isolate to worker. */
export type ToWorker =
  | { readonly t: "config"; readonly config: ParserConfig }
  /** New limits (a reload), for the connections already open too. */
  | { readonly t: "reconfigure"; readonly config: ParserConfig }
  /** A batch of operations, at the main isolate's `now` (the server's clock, ms). */
  | { readonly t: "ops"; readonly ops: StageOp[]; readonly now: number };

/**
 * Worker to main isolate: the events of one batch, in order, as JSON text
 * when they fit it (no bigint anywhere), else structured-cloned. V8 reads
 * JSON about twice as fast as it deserializes a clone, and it is the main
 * isolate's time that counts. Pre-printed updates travel as one transferred
 * buffer, `printed`, cut at `printedEnd`, for the events listed in `printedAt`.
 */
export interface FromWorker {
  /** Milliseconds the batch took to parse (for /metrics). */
  readonly took?: number;
  /** The events as JSON text. */
  readonly json?: string;
  /** The events, when JSON cannot carry them. */
  readonly events?: StageEvent[];
  /** Every pre-printed update, NUL-terminated, in event order. */
  readonly printed?: Uint8Array;
  /** Which events the pieces of `printed` belong to. */
  readonly printedAt?: number[];
  /** Where in `printed` each piece ends (after its NUL). */
  readonly printedEnd?: number[];
}

const encoder = new TextEncoder();

/** Pack a batch of events for the way back (see {@linkcode FromWorker}). */
export function packEvents(events: StageEvent[]): FromWorker {
  const printedAt: number[] = [];
  const printedEnd: number[] = [];
  const pieces: Uint8Array[] = [];
  let size = 0;
  // Short texts are joined and encoded in one call, then cut at their NULs
  // here; a long one (a data payload) is encoded alone, so that no one has
  // to search its bytes for the NUL.
  let run = "";
  const flush = () => {
    if (run === "") return;
    const b = encoder.encode(run);
    run = "";
    for (let z = b.indexOf(0); z >= 0; z = b.indexOf(0, z + 1)) printedEnd.push(size + z + 1);
    pieces.push(b);
    size += b.length;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.kind !== "update" || e.printed === undefined) continue;
    printedAt.push(i);
    if (e.printed.length <= LONG_STRING) {
      run += e.printed + "\0";
    } else {
      flush();
      const b = encoder.encode(e.printed + "\0");
      pieces.push(b);
      size += b.length;
      printedEnd.push(size);
    }
    e.printed = undefined;
    if (stripLongStrings(e.update)) e.stripped = true;
  }
  flush();
  const printed = printedAt.length > 0
    ? { printed: concatBytes(pieces), printedAt, printedEnd }
    : {};
  // JSON must scan every character; a clone copies a string whole. Small
  // updates go faster as JSON, ones carrying large strings (data) as a clone.
  if (events.some(hasLongString)) return { events, ...printed };
  try {
    return { json: JSON.stringify(events), ...printed };
  } catch {
    return { events, ...printed }; // a bigint: JSON has none
  }
}

/** Strings above this many characters make a batch go as a clone. */
const LONG_STRING = 1024;

/**
 * Drop the long strings of a pre-printed update (true if there were any):
 * the main isolate sends its bytes and checks only short fields (channel,
 * from, content type), so a data payload need not be copied across a
 * second time.
 */
function stripLongStrings(u: Update): boolean {
  let stripped = false;
  for (const k in u) {
    const v = u[k];
    if (typeof v === "string" && v.length > LONG_STRING) {
      u[k] = "";
      stripped = true;
    }
  }
  return stripped;
}

function hasLongString(e: StageEvent): boolean {
  if (e.kind !== "update") return false;
  const u = e.update;
  for (const k in u) {
    const v = u[k];
    if (typeof v === "string" && v.length > LONG_STRING) return true;
  }
  return false;
}

/** Unpack what {@linkcode packEvents} made. */
export function unpackEvents(msg: FromWorker): StageEvent[] {
  const events: StageEvent[] = msg.json !== undefined ? JSON.parse(msg.json) : msg.events!;
  const { printed, printedAt, printedEnd } = msg;
  if (printed && printedAt && printedEnd) {
    let start = 0;
    for (let k = 0; k < printedAt.length; k++) {
      const end = printedEnd[k];
      (events[printedAt[k]] as { bytes?: Uint8Array }).bytes = printed.subarray(start, end);
      start = end;
    }
  }
  return events;
}
