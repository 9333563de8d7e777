/**
 * A raw IRC client for tests: sends exact lines, parses what comes back,
 * and registers the way modern clients do (CAP LS 302, REQ, SASL, END).
 *
 * @example
 * ```ts
 * import { IrcClient } from "./irc.ts";
 * const c = await IrcClient.connect(6667);
 * await c.register("ada");
 * c.send("JOIN #lobby");
 * await c.waitFor("366");
 * ```
 *
 * @module
 */
import { formatMessage, type IrcMessage, parseMessage } from "../../server/irc/message.ts";
import { Arrivals } from "./inbox.ts";

export type { IrcMessage };

const enc = new TextEncoder();
let tokens = 0;

/** How to register. */
export interface Registration {
  /** Capabilities to request (`sasl` is added for `sasl`). */
  readonly caps?: readonly string[];
  /** A PASS to send. */
  readonly pass?: string;
  /** SASL PLAIN credentials. */
  readonly sasl?: { readonly account: string; readonly password: string };
}

/** A test IRC client on a raw socket. */
export class IrcClient {
  readonly #conn: Deno.Conn;
  readonly #arrivals = new Arrivals<IrcMessage>();
  readonly #closed: Promise<void>;
  #paused: Promise<void> | undefined;
  /** Every line received, as sent. */
  readonly lines: string[] = [];
  /** The nick the server welcomed this client with. */
  nick = "";

  private constructor(conn: Deno.Conn) {
    this.#conn = conn;
    this.#closed = this.#read();
  }

  /** Connect on loopback. */
  static async connect(port: number): Promise<IrcClient> {
    return new IrcClient(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  /** Connect on loopback over TLS, trusting the CA `ca` (PEM). */
  static async connectTls(port: number, ca: string): Promise<IrcClient> {
    return new IrcClient(await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts: [ca] }));
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(65536);
    const dec = new TextDecoder();
    let rest = "";
    try {
      for (;;) {
        if (this.#paused) await this.#paused;
        const n = await this.#conn.read(buf);
        if (n === null) break;
        rest += dec.decode(buf.subarray(0, n), { stream: true });
        const parts = rest.split("\r\n");
        rest = parts.pop()!;
        for (const line of parts) {
          this.lines.push(line);
          const m = parseMessage(line);
          if (m) this.#arrivals.push(m);
        }
      }
    } catch {
      // Closed underneath us.
    }
    this.#arrivals.end();
  }

  /** Has the server closed the connection? */
  get closed(): boolean {
    return this.#arrivals.ended;
  }

  /** Send raw bytes. */
  async sendRaw(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? enc.encode(data) : data;
    let done = 0;
    while (done < bytes.length) done += await this.#conn.write(bytes.subarray(done));
  }

  /** Send lines, each with CR LF. */
  send(...lines: string[]): Promise<void> {
    return this.sendRaw(lines.map((l) => l + "\r\n").join(""));
  }

  /** Send a message built from parts. */
  sendMessage(m: Omit<IrcMessage, "tags"> & { tags?: Record<string, string> }): Promise<void> {
    return this.send(formatMessage({ tags: {}, ...m }));
  }

  /** The next message, or an error after `timeout` ms or when the connection ends. */
  next(timeout = 3000): Promise<IrcMessage> {
    return this.#arrivals.next(timeout, "an IRC message");
  }

  /** Skip messages until one with `command` (and matching `pred`). */
  async waitFor(
    command: string,
    pred: (m: IrcMessage) => boolean = () => true,
    timeout = 3000,
  ): Promise<IrcMessage> {
    const deadline = Date.now() + timeout;
    const skipped: string[] = [];
    for (;;) {
      let m: IrcMessage;
      try {
        m = await this.next(Math.max(1, deadline - Date.now()));
      } catch (e) {
        throw new Error(
          `${(e as Error).message} (waiting for ${command}; got ${skipped.join(" | ")})`,
        );
      }
      if (m.command === command && pred(m)) return m;
      skipped.push(formatMessage(m));
    }
  }

  /**
   * Everything that arrives before the PONG to a PING sent now: the PING
   * becomes a Lichat ping, answered after whatever the server did before.
   */
  async quiet(): Promise<IrcMessage[]> {
    const token = `q${++tokens}`;
    await this.send(`PING ${token}`);
    const before: IrcMessage[] = [];
    for (;;) {
      const m = await this.next();
      if (m.command === "PONG" && m.params[m.params.length - 1] === token) return before;
      before.push(m);
    }
  }

  /**
   * Register as `nick` and wait for the end of the MOTD; returns what came
   * from 001 on. The nick the server welcomed is kept in `nick`.
   */
  async register(nick: string, how: Registration = {}): Promise<IrcMessage[]> {
    const caps = [...(how.caps ?? []), ...(how.sasl ? ["sasl"] : [])];
    await this.send("CAP LS 302");
    if (how.pass !== undefined) await this.send(`PASS ${how.pass}`);
    await this.send(`NICK ${nick}`, "USER u 0 * :Test user");
    await this.waitFor("CAP", (m) => m.params[1] === "LS");
    if (caps.length > 0) {
      await this.send(`CAP REQ :${caps.join(" ")}`);
      await this.waitFor("CAP", (m) => m.params[1] === "ACK");
    }
    if (how.sasl) {
      await this.send("AUTHENTICATE PLAIN");
      await this.waitFor("AUTHENTICATE");
      const creds = `\0${how.sasl.account}\0${how.sasl.password}`;
      const b64 = btoa(String.fromCharCode(...enc.encode(creds)));
      await this.send(`AUTHENTICATE ${b64}`);
      const done = await this.waitFor("903", () => true);
      void done;
    }
    await this.send("CAP END");
    const welcome = await this.waitFor("001");
    this.nick = welcome.params[0];
    const after: IrcMessage[] = [welcome];
    for (;;) {
      const m = await this.next();
      after.push(m);
      if (m.command === "376" || m.command === "422") return after;
    }
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(timeout = 3000): Promise<void> {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.#closed,
        new Promise((_, reject) => t = setTimeout(() => reject(new Error("still open")), timeout)),
      ]);
    } finally {
      clearTimeout(t);
    }
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
