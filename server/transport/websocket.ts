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
import { refusal, refusedUpgrade } from "./upgrade.ts";
import { hostOf } from "../ip.ts";
import { forwardedAddress, joinAddress, type TrustedProxies } from "./proxy.ts";

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

/** Answers one HTTP request that came from `peer` (`host:port`). */
export type PeerHandler = (req: Request, peer: string) => Response;

/**
 * The WebSocket listener's requests: what `route` answers (link payloads),
 * else WebSocket upgrades at `options.wsPath`. The client's address is the
 * peer's, or what a trusted proxy's `Forwarded` / `X-Forwarded-For` says.
 */
export function webSocketHandler(
  options: ServerOptions,
  hooks: MessageHooks,
  route: HttpRoute,
  trusted: TrustedProxies,
): PeerHandler {
  return (req, peer) => {
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
    const refused = refusedUpgrade(req, options);
    if (refused) {
      log.warning("Refused a WebSocket upgrade from {address}: {reason}", {
        address: peer,
        reason: refused.reason,
      });
      return refusal(refused);
    }
    // The address must be read before the upgrade consumes the request.
    const address = trusted.trusts(hostOf(peer))
      ? forwardedAddress(req.headers, trusted) ?? peer
      : peer;
    return upgrade(req, hooks, address);
  };
}

/** Upgrade `req` to a Lichat WebSocket connection from `address`. */
function upgrade(req: Request, hooks: MessageHooks, address: string): Response {
  const offered = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((s) =>
    s.trim().toLowerCase()
  );
  let upgraded;
  try {
    upgraded = Deno.upgradeWebSocket(req, {
      protocol: offered.includes("lichat") ? "lichat" : undefined,
      idleTimeout: 0,
    });
  } catch (e) {
    const reason = (e as Error).message.split("\n")[0];
    log.warning("Refused a WebSocket upgrade from {address}: {reason}", { address, reason });
    return refusal({ status: 400, reason });
  }
  const { socket, response } = upgraded;
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
}

/** Deno.serve's options for a listener on `hostname:port`. */
export function httpOptions(hostname: string, port: number, what: string): Deno.ServeTcpOptions {
  return {
    hostname,
    port,
    onListen: (addr) =>
      log.info(`${what} listening on {host}:{port}`, { host: addr.hostname, port: addr.port }),
    // One line, not Deno's trace: a bug in a handler, not the client's fault.
    onError: (e) => {
      log.error("HTTP request failed: {message}", { message: (e as Error)?.message ?? e });
      return new Response("Internal error\n", { status: 500 });
    },
  };
}

/** Serve `handler` on `options.wsHostname:wsPort`. */
export function serveWebSocket(
  options: ServerOptions,
  handler: PeerHandler,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    httpOptions(options.wsHostname, options.wsPort, "WebSocket"),
    (req, info) => handler(req, joinAddress(info.remoteAddr.hostname, info.remoteAddr.port)),
  );
}
