/**
 * The WebSocket transport: Deno's HTTP server and WebSocket upgrade, one
 * update per text message. Each update is sent as its wire form, trailing NUL
 * included, as Shirakumo's lichat-ws-server does and lichat-js expects.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import type { ServerOptions } from "../options.ts";
import type { Peer, Printed } from "../outlet.ts";
import type { TransportHooks } from "./tcp.ts";

const log = getLogger(["lichat", "server", "ws"]);

/** Hooks of a message transport: whole texts instead of bytes. */
export interface MessageHooks extends TransportHooks {
  /** One text message arrived. */
  text(conn: number, text: string): void;
  /** Something that is not an update arrived: answer with `malformed-update`. */
  reject(conn: number, text: string): void;
}

/** A WebSocket as a {@linkcode Peer}. */
export class WebSocketPeer implements Peer {
  readonly transport = "websocket" as const;
  readonly #ws: WebSocket;

  /** Wrap an upgraded socket. */
  constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  write(batch: readonly Printed[]): Promise<void> {
    if (this.#ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    // One update per message, the NUL kept as lichat-ws-server does.
    for (const p of batch) for (const t of p.texts) this.#ws.send(t + "\0");
    return Promise.resolve();
  }

  close(): void {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) {
      try {
        this.#ws.close(1000, "Bye");
      } catch {
        // Already closing.
      }
    }
  }
}

/** What answers plain HTTP requests to the listener: a response, or undefined for none. */
export type HttpRoute = (url: URL, request: Request) => Response | undefined;

/**
 * Serve WebSocket upgrades on `options.wsHostname:wsPort` at
 * `options.wsPath`, and what `route` answers (link payloads) over HTTP.
 */
export function serveWebSocket(
  options: ServerOptions,
  hooks: MessageHooks,
  route: HttpRoute = () => undefined,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({
    hostname: options.wsHostname,
    port: options.wsPort,
    onListen: (addr) =>
      log.info("WebSocket listening on {host}:{port}", { host: addr.hostname, port: addr.port }),
  }, (req, info) => {
    const url = new URL(req.url);
    const routed = route(url, req);
    if (routed) return routed;
    if (url.pathname !== options.wsPath) return new Response("Not found\n", { status: 404 });
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response(
        "This is a Lichat WebSocket endpoint; connect with a WebSocket client.\n",
        {
          status: 426,
          headers: { upgrade: "websocket" },
        },
      );
    }
    const origin = req.headers.get("origin");
    if (options.wsOrigin.length > 0 && origin !== null && !options.wsOrigin.includes(origin)) {
      return new Response("Origin not allowed\n", { status: 403 });
    }
    // The peer's address must be read before the upgrade consumes the request.
    const addr = info.remoteAddr;
    const address = addr.hostname.includes(":")
      ? `[${addr.hostname}]:${addr.port}`
      : `${addr.hostname}:${addr.port}`;
    const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((s) =>
      s.trim().toLowerCase()
    );
    const { socket, response } = Deno.upgradeWebSocket(req, {
      protocol: offered.includes("lichat") ? "lichat" : undefined,
      idleTimeout: 0,
    });
    let id = 0;
    socket.onopen = () => {
      id = hooks.open(new WebSocketPeer(socket), address);
    };
    socket.onmessage = (e) => {
      if (typeof e.data === "string") hooks.text(id, e.data);
      else hooks.reject(id, "Binary messages are not Lichat updates; send text.");
    };
    socket.onclose = () => {
      if (id === 0) return;
      hooks.gone(id);
    };
    socket.onerror = () => {};
    return response;
  });
}
