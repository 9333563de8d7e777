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
import { replacer, UpdateInbox } from "./inbox.ts";
import { nextId } from "./raw.ts";

/** A test client over WebSocket. */
export class WsClient extends UpdateInbox {
  /** The underlying socket. */
  readonly ws: WebSocket;
  #closed: Promise<CloseEvent>;
  /** Raw text messages as received, for framing checks. */
  readonly messages: string[] = [];
  /** The name the server gave this client. */
  name = "";

  private constructor(ws: WebSocket) {
    super();
    this.ws = ws;
    ws.onmessage = (e) => {
      const text = e.data as string;
      this.messages.push(text);
      this.deliver(readUpdate(text.endsWith("\0") ? text.slice(0, -1) : text));
    };
    this.#closed = new Promise((resolve) => {
      ws.onclose = (e) => {
        resolve(e);
        this.end();
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

  /** Send one update's text as one message. */
  send(text: string): void {
    this.ws.send(text);
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
