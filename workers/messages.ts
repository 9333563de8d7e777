/**
 * What the main isolate and the parser stage say to each other.
 *
 * Both directions are batched: one message carries every operation or event
 * of one event-loop turn, because each `postMessage` costs more than parsing
 * a chat line (deno#11561).
 *
 * @module
 */
import type { Id, Update } from "../protocol/mod.ts";

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
}

/** An operation for the parser stage. */
export type StageOp =
  /** A new connection. */
  | { readonly op: "open"; readonly conn: number }
  /** Bytes read from a stream transport (TCP); `bytes` is transferred. */
  | { readonly op: "bytes"; readonly conn: number; readonly bytes: Uint8Array }
  /** One whole update from a message transport (WebSocket). */
  | { readonly op: "text"; readonly conn: number; readonly text: string }
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
  /** A parsed update that passed §5.1 steps 1–4 and flood control. */
  | { readonly kind: "update"; readonly conn: number; readonly update: Update }
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
  | { readonly t: "ops"; readonly ops: StageOp[] };

/** Worker to main isolate. */
export interface FromWorker {
  /** Events of one batch, in order. */
  readonly events: StageEvent[];
}
