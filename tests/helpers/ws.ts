/**
 * A WebSocket Lichat client for tests, with the same API as
 * {@linkcode RawClient}: one update per text message.
 *
 * @example
 * ```ts
 * import { WsClient } from "./ws.ts";
 * const c = await WsClient.connect("ws://127.0.0.1:1113/");
 * await c.handshake("alice");
 * ```
 *
 * @module
 */
import { readUpdate, type Update } from "../../protocol/mod.ts";
import { nextId, replacer } from "./raw.ts";

/** A test client over WebSocket. */
export class WsClient {
  readonly ws: WebSocket;
  readonly #queue: Update[] = [];
  #waiters: (() => void)[] = [];
  #closed: Promise<CloseEvent>;
  /** Raw text messages as received, for framing checks. */
  readonly messages: string[] = [];
  /** The name the server gave this client. */
  name = "";

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.onmessage = (e) => {
      const text = e.data as string;
      this.messages.push(text);
      this.#queue.push(readUpdate(text.endsWith("\0") ? text.slice(0, -1) : text));
      this.#wake();
    };
    this.#closed = new Promise((resolve) => {
      ws.onclose = (e) => {
        resolve(e);
        this.#wake();
      };
    });
  }

  /** Open a WebSocket to `url`, offering `protocols`. */
  static connect(url: string, protocols: string[] = ["lichat"]): Promise<WsClient> {
    const ws = new WebSocket(url, protocols);
    const c = new WsClient(ws);
    return new Promise((resolve, reject) => {
      ws.onopen = () => resolve(c);
      ws.onerror = () => reject(new Error(`cannot open ${url}`));
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Send one update's text as one message. */
  send(text: string): void {
    this.ws.send(text);
  }

  /** The next update, or an error after `timeout` ms or on close. */
  async next(timeout = 3000): Promise<Update> {
    const deadline = Date.now() + timeout;
    while (this.#queue.length === 0) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error("closed while waiting");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no update within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.#queue.shift()!;
  }

  /** The next update, which must be of `type`. */
  async expect(type: string, timeout = 3000): Promise<Update> {
    const u = await this.next(timeout);
    if (u.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(u, replacer)}`);
    return u;
  }

  /** Skip updates until one of `type` matching `pred`. */
  async waitFor(
    type: string,
    pred: (u: Update) => boolean = () => true,
    timeout = 3000,
  ): Promise<Update> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const u = await this.next(Math.max(1, deadline - Date.now()));
      if (u.type === type && pred(u)) return u;
    }
  }

  /** Everything that arrives within `ms`. */
  async drain(ms = 100): Promise<Update[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.#queue.splice(0);
  }

  /** Complete the handshake as `name`; consumes the primary join and the welcome. */
  async handshake(name: string, password?: string): Promise<Update> {
    const pw = password === undefined ? "" : ` :password "${password}"`;
    this.send(`(connect :id ${nextId()} :version "2.0" :from "${name}"${pw} :extensions ())`);
    const reply = await this.next();
    if (reply.type !== "connect") {
      throw new Error(`handshake failed: ${JSON.stringify(reply, replacer)}`);
    }
    this.name = reply.from!;
    await this.waitFor("message", (u) => u.from !== this.name);
    return reply;
  }

  /** The close event, once the connection is closed. */
  async waitClosed(timeout = 3000): Promise<CloseEvent> {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        this.#closed,
        new Promise<never>((_, reject) =>
          t = setTimeout(() => reject(new Error("still open")), timeout)
        ),
      ]);
    } finally {
      clearTimeout(t);
    }
  }

  /** Close from the client side. */
  close(): void {
    if (this.ws.readyState <= WebSocket.OPEN) this.ws.close();
  }
}
