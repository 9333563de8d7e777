/**
 * An IRC connection's output: lines written in the order they were queued,
 * everything queued in one turn in one socket write, and no more than
 * `maxLines` queued behind a write the peer does not take. (What the server
 * sends waits in the connection table meanwhile, bounded there; what waits
 * here are replies the gateway makes itself.)
 *
 * @module
 */

const encoder = new TextEncoder();

/** Something lines can be written to (a socket). */
export interface ByteSink {
  write(data: Uint8Array): Promise<number>;
}

/** Ordered, batched, bounded line output; see the module doc. */
export class LineWriter {
  readonly #sink: ByteSink;
  readonly #maxLines: number;
  #queue: string[] = [];
  #writing: Promise<void> | undefined;
  /** A socket write is under way (the peer may not be reading). */
  #inFlight = false;
  #failed = false;
  /** Called once when more than `maxLines` wait, or the socket fails. */
  onStuck: () => void = () => {};

  /** Write to `sink`, holding at most `maxLines` behind a pending write. */
  constructor(sink: ByteSink, maxLines: number) {
    this.#sink = sink;
    this.#maxLines = maxLines;
  }

  /** Lines waiting to be written. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Queue lines (without CR LF); resolves once they are written (or cannot be). */
  push(lines: readonly string[]): Promise<void> {
    if (this.#failed) return Promise.resolve();
    for (const l of lines) this.#queue.push(l);
    if (this.#inFlight && this.#queue.length > this.#maxLines) {
      this.#fail();
      return Promise.resolve();
    }
    return this.#writing ??= this.#drain();
  }

  /** Resolves once everything queued so far is written. */
  flushed(): Promise<void> {
    return this.#writing ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    // Let the rest of this turn's lines join the first write.
    await Promise.resolve();
    try {
      while (this.#queue.length > 0 && !this.#failed) {
        const data = encoder.encode(this.#queue.join("\r\n") + "\r\n");
        this.#queue = [];
        let done = 0;
        this.#inFlight = true;
        while (done < data.length) done += await this.#sink.write(data.subarray(done));
        this.#inFlight = false;
      }
    } catch {
      this.#fail();
    } finally {
      this.#writing = undefined;
    }
  }

  #fail(): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#queue = [];
    this.onStuck();
  }
}
