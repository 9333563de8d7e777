/**
 * Runs of relayed messages: a client that pipelines messages to one channel
 * sends updates that all pass or all fail the same checks, because those
 * checks look only at the connection, the channel and `from` (§5.1 steps
 * 5–8, §5.4.5), and a message changes none of them. The actor checks the
 * first of a run and sends the rest on as one block of bytes.
 *
 * @module
 */
import type { StageEvent } from "../workers/messages.ts";

/** An update event that a worker printed. */
export type PrintedEvent = Extract<StageEvent, { kind: "update" }> & { bytes: Uint8Array };

/**
 * How many events from `i` on form a run: pre-printed `message` updates of
 * one connection with the same `channel` and `from`, whose bytes follow one
 * another in one buffer. At least 1.
 *
 * @example
 * ```ts
 * import { runLength } from "./runs.ts";
 * runLength([], 0); // 1: a lone event is a run of its own
 * ```
 */
export function runLength(events: readonly StageEvent[], i: number): number {
  const e = events[i];
  if (!isPrintedMessage(e)) return 1;
  const { channel, from } = e.update;
  let end = e.bytes.byteOffset + e.bytes.length;
  let j = i + 1;
  for (; j < events.length; j++) {
    const f = events[j];
    if (
      !isPrintedMessage(f) || f.conn !== e.conn || f.update.channel !== channel ||
      f.update.from !== from || f.bytes.buffer !== e.bytes.buffer || f.bytes.byteOffset !== end
    ) break;
    end += f.bytes.length;
  }
  return j - i;
}

function isPrintedMessage(e: StageEvent | undefined): e is PrintedEvent {
  return e?.kind === "update" && e.bytes !== undefined && e.update.type === "message";
}

/** The bytes of events `from`…`to` (inclusive) of a run, as one view. */
export function runBytes(events: readonly StageEvent[], from: number, to: number): Uint8Array {
  const a = (events[from] as PrintedEvent).bytes;
  const b = (events[to] as PrintedEvent).bytes;
  return new Uint8Array(a.buffer, a.byteOffset, b.byteOffset + b.length - a.byteOffset);
}
