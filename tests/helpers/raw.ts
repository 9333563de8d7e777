/**
 * A raw TCP Lichat client for tests: sends exact bytes, and parses what comes
 * back with the protocol library so tests compare fields, not strings.
 *
 * @example
 * ```ts
 * import { RawClient } from "./raw.ts";
 * const c = await RawClient.connect(1111);
 * c.send('(connect :id 1 :version "2.0" :from "alice" :extensions ())');
 * const reply = await c.next(); // { type: "connect", … }
 * ```
 *
 * @module
 */
import { Framer, readUpdate, type Update } from "../../protocol/mod.ts";
import { replacer, UpdateInbox } from "./inbox.ts";

export { replacer };

const enc = new TextEncoder();

let ids = 1000;

/** A fresh update id for tests. */
export function nextId(): number {
  return ++ids;
}

/** A test client on a raw socket. */
export class RawClient extends UpdateInbox {
  readonly #conn: Deno.Conn;
  readonly #framer = new Framer({ maxSize: 64 * 1024 * 1024 });
  #closed = false;
  #paused: Promise<void> | undefined;
  #closedPromise: Promise<void>;
  /** The name the server gave this client in its `connect` reply. */
  name = "";
  /** Every update's text as received, for checks on the printed form. */
  readonly texts: string[] = [];

  private constructor(conn: Deno.Conn) {
    super();
    this.#conn = conn;
    this.#closedPromise = this.#read();
  }

  /** Connect to a server on loopback. */
  static async connect(port: number, hostname = "127.0.0.1"): Promise<RawClient> {
    return new RawClient(await Deno.connect({ hostname, port }));
  }

  /** Connect over TLS to a server on loopback, trusting the CA certificates `caCerts` (PEM). */
  static async connectTls(port: number, caCerts: string[]): Promise<RawClient> {
    const conn = await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts });
    await conn.handshake();
    return new RawClient(conn);
  }

  /** A client on a connection opened already (after a PROXY header, or TLS started by hand). */
  static over(conn: Deno.Conn): RawClient {
    return new RawClient(conn);
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        if (this.#paused) await this.#paused;
        const n = await this.#conn.read(buf);
        if (n === null) break;
        for (const f of this.#framer.push(buf.subarray(0, n))) {
          if (f.kind !== "text") throw new Error(`server sent a bad frame: ${f.kind}`);
          this.texts.push(f.text);
          this.deliver(readUpdate(f.text));
        }
      }
    } catch {
      // Closed underneath us.
    }
    this.#closed = true;
    this.end();
  }

  /** Has the server closed the connection? */
  get closed(): boolean {
    return this.#closed;
  }

  /** Send raw bytes or text as they are. */
  async sendRaw(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? enc.encode(data) : data;
    let done = 0;
    while (done < bytes.length) done += await this.#conn.write(bytes.subarray(done));
  }

  /** Send one update's text followed by NUL. */
  send(text: string): Promise<void> {
    return this.sendRaw(text + "\0");
  }

  /** Resolves once the server has closed the connection (or rejects after `timeout`). */
  async waitClosed(timeout = 3000): Promise<void> {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.#closedPromise,
        new Promise((_, reject) => t = setTimeout(() => reject(new Error("still open")), timeout)),
      ]);
    } finally {
      clearTimeout(t);
    }
  }

  /**
   * Complete the §4.1 handshake as `name`: the connect reply, the primary
   * channel's join and the welcome message are consumed; returns the reply.
   */
  async handshake(name: string | undefined, password?: string, version = "2.0"): Promise<Update> {
    const id = nextId();
    const from = name === undefined ? "" : ` :from "${name}"`;
    const pw = password === undefined ? "" : ` :password "${password}"`;
    await this.send(`(connect :id ${id} :version "${version}"${from}${pw} :extensions ())`);
    const reply = await this.next();
    if (reply.type !== "connect") {
      throw new Error(`handshake failed: ${JSON.stringify(reply, replacer)}`);
    }
    this.name = reply.from!;
    await this.waitFor("message", (u) => u.from !== this.name);
    return reply;
  }

  /**
   * Resolves once the server has closed the socket as seen by writing to it
   * (the write is reset), or rejects after `timeout`. For a client that does
   * not read ({@linkcode pauseReading}) and so cannot see the stream end.
   * It writes lone NULs: empty frames, which the server ignores.
   */
  async waitWriteFails(timeout = 3000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      try {
        await this.#conn.write(new Uint8Array(1));
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`the server still accepts writes after ${timeout} ms`);
  }

  /** Stop reading from the socket, as a stuck client would; `close` still works. */
  pauseReading(): void {
    this.#paused ??= new Promise(() => {});
  }

  /** Close the socket (idempotent). */
  close(): void {
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }
}
