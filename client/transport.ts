/**
 * How the client reaches a server: TCP (Deno) or WebSocket (Deno and
 * browsers; only the standard WebSocket API is used on that path).
 *
 * @module
 */
import { Framer } from "../protocol/framer.ts";

/** One connection to a server, carrying update texts (without NUL). */
export interface Transport {
  /** Connect. */
  open(): Promise<void>;
  /** Send one update's wire text. */
  send(text: string): Promise<void>;
  /** Close (idempotent). */
  close(): void;
  /** Called with each update text received. */
  onText: (text: string) => void;
  /** Called once when the connection ends, for whatever reason. */
  onClose: () => void;
}

const encoder = new TextEncoder();

/**
 * TCP: updates are NUL-terminated.
 *
 * @example
 * ```ts
 * import { TcpTransport } from "./transport.ts";
 * const t = new TcpTransport("localhost", 1111);
 * ```
 */
export class TcpTransport implements Transport {
  /** The server's host. */
  readonly hostname: string;
  /** The server's port. */
  readonly port: number;
  #conn: Deno.TcpConn | undefined;
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  /** A transport to `hostname:port`. */
  constructor(hostname: string, port: number) {
    this.hostname = hostname;
    this.port = port;
  }

  async open(): Promise<void> {
    this.#conn = await Deno.connect({ hostname: this.hostname, port: this.port });
    this.#conn.setNoDelay(true);
    this.#read(this.#conn);
  }

  async #read(conn: Deno.TcpConn): Promise<void> {
    // Generous: the client trusts its server more than the server its clients.
    const framer = new Framer({ maxSize: 64 * 1024 * 1024 });
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) break;
        for (const f of framer.push(buf.subarray(0, n))) {
          if (f.kind === "text") this.onText(f.text);
        }
      }
    } catch {
      // Closed.
    }
    this.close();
  }

  async send(text: string): Promise<void> {
    if (!this.#conn || this.#closed) throw new Error("not connected");
    const bytes = encoder.encode(text + "\0");
    let done = 0;
    while (done < bytes.length) done += await this.#conn.write(bytes.subarray(done));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn?.close();
    } catch {
      // Already closed.
    }
    this.onClose();
  }
}

/**
 * WebSocket: one update per text message, offering the `lichat` subprotocol.
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "./transport.ts";
 * const t = new WebSocketTransport("ws://localhost:1113/");
 * ```
 */
export class WebSocketTransport implements Transport {
  /** The server's URL. */
  readonly url: string;
  #ws: WebSocket | undefined;
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  /** A transport to a `ws://` or `wss://` URL. */
  constructor(url: string) {
    this.url = url;
  }

  open(): Promise<void> {
    const ws = new WebSocket(this.url, ["lichat"]);
    this.#ws = ws;
    return new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot connect to ${this.url}`));
      ws.onmessage = (e) => {
        if (typeof e.data !== "string") return;
        // The server ends each message with NUL, as the original does.
        const text = e.data.endsWith("\0") ? e.data.slice(0, -1) : e.data;
        this.onText(text);
      };
      ws.onclose = () => this.close();
    });
  }

  send(text: string): Promise<void> {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error("not connected"));
    }
    this.#ws.send(text);
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ws && this.#ws.readyState <= WebSocket.OPEN) this.#ws.close(1000);
    this.onClose();
  }
}
