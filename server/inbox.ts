/**
 * What the state actor is given: the jobs of its inbox, and where its time
 * and randomness come from.
 *
 * @module
 */
import type { StageEvent } from "../workers/messages.ts";
import type { Clock } from "./clock.ts";
import type { Meters } from "./metrics/meters.ts";
import type { Transport } from "./state/model.ts";

/** What the actor's inbox holds: requests, handled one at a time, in order. */
export type Job =
  /** A transport accepted a connection. */
  | {
    readonly kind: "open";
    readonly conn: number;
    readonly transport: Transport;
    readonly address: string;
  }
  /** The parser stage's events. */
  | { readonly kind: "events"; readonly events: readonly StageEvent[] }
  /** The transport lost the connection (`reason`: why, for the log, if not the peer's doing). */
  | { readonly kind: "gone"; readonly conn: number; readonly reason?: string }
  /** Once a second: pings, timeouts, expiry. */
  | { readonly kind: "tick" }
  /** A continuation of asynchronous work started by a handler. */
  | { readonly kind: "continue"; readonly run: () => void }
  /** Say goodbye to every connection. */
  | { readonly kind: "shutdown" };

/** Where the actor's time and randomness come from. */
export interface Environment {
  /** The clock. */
  readonly clock: Clock;
  /** `n` random bytes (default: the system's cryptographic source). */
  readonly random?: (n: number) => Uint8Array;
  /** What to count into for /metrics (default: counters of its own). */
  readonly meters?: Meters;
}
