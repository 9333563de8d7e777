/**
 * `lichat://` URLs (shirakumo.mess §25, lichat.mess §7).
 *
 * @example
 * ```ts
 * import { lichatUrl } from "./url.ts";
 * lichatUrl({ hostname: "chat.example", port: 1111 }, "lobby", { from: "alice", id: 5 });
 * // "lichat://chat.example/lobby#alice@5"
 * ```
 *
 * @module
 */
import type { Id } from "../protocol/mod.ts";

/**
 * The URL of a server (a TCP host and port, or a WebSocket URL), or of a
 * channel on it, or of one message there: `lichat://host:port/channel#user@id`.
 * The port is left out when it is the default, 1111, and for WebSocket,
 * whose URL does not tell the server's TCP port.
 */
export function lichatUrl(
  server: { hostname: string; port: number } | string,
  channel?: string,
  message?: { from: string; id: Id },
): string {
  const host = typeof server === "string" ? new URL(server).hostname : server.hostname;
  const port = typeof server === "string" || server.port === 1111 ? "" : `:${server.port}`;
  const path = channel === undefined ? "" : encodeURIComponent(channel);
  const fragment = message
    ? `#${encodeURIComponent(message.from)}@${encodeURIComponent(String(message.id))}`
    : "";
  return `lichat://${host}${port}/${path}${fragment}`;
}
