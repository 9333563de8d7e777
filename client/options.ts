/**
 * The client's settings and lifecycle events.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from "./options.ts";
 * const opts: ClientOptions = { username: "alice", hostname: "chat.example", tls: true };
 * ```
 *
 * @module
 */
import type { TlsOptions, Transport } from "./transport.ts";
import type { UpdateOf, UpdateType } from "./types.ts";

/** Settings of a {@linkcode Client}; every one has the original's default. */
export interface ClientOptions extends TlsOptions {
  /** The user name (default: the host name where readable, else `Lichat-User`). */
  username?: string;
  /** The password of a registered name (default: none). */
  password?: string;
  /** Server host for TCP (default `localhost`). */
  hostname?: string;
  /** Server port for TCP (default 1111, or 1112 with `tls`). */
  port?: number;
  /** TCP over TLS (default false); `caFile`/`caCerts` add a private CA (also for `wss://`). */
  tls?: boolean;
  /** A `ws://` or `wss://` URL: use WebSocket instead of TCP. */
  url?: string;
  /** Milliseconds `request` waits for its reply (default 10000). */
  requestTimeout?: number;
  /** Seconds of silence before the client pings the server (default 60; 0 disables). */
  pingInterval?: number;
  /** Reconnect after a lost connection, re-joining its channels (default false). */
  reconnect?: boolean;
  /** Longest pause between reconnection attempts in ms (default 30000). */
  maxBackoff?: number;
  /** Extensions to announce in `connect` (default `["shirakumo-data"]`). */
  extensions?: string[];
  /** Make the transport (tests and custom transports). */
  transport?: () => Transport;
}

/** Lifecycle events beside updates, with what their handlers are given. */
export interface ClientEvents {
  /** The handshake is done. */
  open: [];
  /** An open connection ended. */
  close: [];
  /** The server stopped answering pings; the connection is closed. */
  dead: [];
  /** A reconnection attempt failed; the next comes after `pause` ms. */
  retry: [error: Error, pause: number];
  /** Reconnected and re-joined `channels` (those that could be). */
  reconnect: [channels: string[]];
  /** A channel could not be re-joined after reconnecting. */
  "rejoin-failed": [channel: string, error: Error];
}

/** The name of a lifecycle event. */
export type ClientEvent = keyof ClientEvents;

/** A handler for updates of one type (the original's `process` methods). */
export type UpdateHandler<K extends UpdateType = UpdateType> = (update: UpdateOf<K>) => void;

/** The original's default user name: the host name where readable. */
export function defaultUsername(): string {
  try {
    const d = (globalThis as { Deno?: { hostname(): string } }).Deno;
    if (d) return d.hostname();
  } catch {
    // Needs --allow-sys.
  }
  return "Lichat-User";
}

/** A set of handlers per lifecycle event. */
export class Emitter {
  readonly #handlers = new Map<ClientEvent, Set<(...args: never) => void>>();

  /** Add a handler; returns a function that removes it. */
  on<E extends ClientEvent>(event: E, handler: (...args: ClientEvents[E]) => void): () => void {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, set = new Set());
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Call every handler of `event`; one that throws is reported and skipped. */
  emit<E extends ClientEvent>(event: E, ...args: ClientEvents[E]): void {
    for (const h of this.#handlers.get(event) ?? []) {
      try {
        (h as (...a: ClientEvents[E]) => void)(...args);
      } catch (e) {
        console.error(`${event} handler failed:`, e);
      }
    }
  }
}
