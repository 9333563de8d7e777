/**
 * How the client reaches a server: TCP, with or without TLS (Deno), or
 * WebSocket, `ws://` or `wss://` (Deno and browsers; only the standard
 * WebSocket API is used on that path unless a private CA is given).
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
 * TLS settings: the system's root certificates are trusted, and with these
 * also a private CA's (PEM), for servers with a self-made certificate.
 */
export interface TlsOptions {
  /** A PEM file of CA certificates to trust besides the system's (needs --allow-read). */
  caFile?: string;
  /** PEM texts of CA certificates to trust besides the system's. */
  caCerts?: string[];
}

/** The CA certificates of `tls`, the file read; undefined for none. */
export async function caCertsOf(tls: TlsOptions): Promise<string[] | undefined> {
  const certs = [...(tls.caCerts ?? [])];
  if (tls.caFile !== undefined) certs.push(await Deno.readTextFile(tls.caFile));
  return certs.length > 0 ? certs : undefined;
}

/**
 * TCP: updates are NUL-terminated. With `tls`, over TLS (lichat.mess §7:
 * port 1112 by convention), checking the server's certificate and name.
 *
 * @example
 * ```ts
 * import { TcpTransport } from "./transport.ts";
 * const t = new TcpTransport("localhost", 1111);
 * const s = new TcpTransport("chat.example", 1112, { caFile: "ca.pem" });
 * ```
 */
export class TcpTransport implements Transport {
  /** The server's host. */
  readonly hostname: string;
  /** The server's port. */
  readonly port: number;
  /** TLS settings, when TLS is used. */
  readonly tls: TlsOptions | undefined;
  #conn: Deno.Conn | undefined;
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  /** A transport to `hostname:port`, over TLS when `tls` is given. */
  constructor(hostname: string, port: number, tls?: TlsOptions) {
    this.hostname = hostname;
    this.port = port;
    this.tls = tls;
  }

  async open(): Promise<void> {
    if (this.tls) {
      const caCerts = await caCertsOf(this.tls);
      const conn = await Deno.connectTls({ hostname: this.hostname, port: this.port, caCerts });
      // Fail here, with the certificate's error, rather than at the first write.
      try {
        await conn.handshake();
      } catch (e) {
        conn.close();
        throw e;
      }
      this.#conn = conn;
    } else {
      const conn = await Deno.connect({ hostname: this.hostname, port: this.port });
      conn.setNoDelay(true);
      this.#conn = conn;
    }
    this.#read(this.#conn);
  }

  async #read(conn: Deno.Conn): Promise<void> {
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
 * A `wss://` URL uses TLS; a private CA (`tls`) needs Deno (its HTTP client).
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "./transport.ts";
 * const t = new WebSocketTransport("ws://localhost:1113/");
 * const s = new WebSocketTransport("wss://chat.example/", { caFile: "ca.pem" });
 * ```
 */
export class WebSocketTransport implements Transport {
  /** The server's URL. */
  readonly url: string;
  /** Extra CA certificates for `wss://`, if any. */
  readonly tls: TlsOptions | undefined;
  #ws: WebSocket | undefined;
  #closed = false;
  onText: (text: string) => void = () => {};
  onClose: () => void = () => {};

  /** A transport to a `ws://` or `wss://` URL. */
  constructor(url: string, tls?: TlsOptions) {
    this.url = url;
    this.tls = tls;
  }

  async open(): Promise<void> {
    const caCerts = this.tls ? await caCertsOf(this.tls) : undefined;
    // Deno's non-standard option; browsers never get here (they have no private CAs to give).
    const ws = caCerts
      ? new WebSocket(this.url, {
        protocols: ["lichat"],
        client: Deno.createHttpClient({ caCerts }),
      })
      : new WebSocket(this.url, ["lichat"]);
    this.#ws = ws;
    await new Promise<void>((resolve, reject) => {
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

/** Where and how to connect (a subset of the client's options). */
export interface Endpoint extends TlsOptions {
  /** TCP host. */
  hostname: string;
  /** TCP port. */
  port: number;
  /** TCP over TLS. */
  tls?: boolean;
  /** A `ws://` or `wss://` URL: WebSocket instead of TCP. */
  url?: string;
}

/**
 * The transport an endpoint asks for: WebSocket for a URL (trusting
 * `caFile`/`caCerts` too for `wss://`), else TCP, over TLS with `tls`.
 *
 * @example
 * ```ts
 * import { transportFor } from "./transport.ts";
 * const t = transportFor({ hostname: "chat.example", port: 1112, tls: true });
 * ```
 */
export function transportFor(e: Endpoint): Transport {
  const tls = e.caFile !== undefined || e.caCerts !== undefined
    ? { caFile: e.caFile, caCerts: e.caCerts }
    : {};
  if (e.url) return new WebSocketTransport(e.url, tls);
  return new TcpTransport(e.hostname, e.port, e.tls ? tls : undefined);
}
