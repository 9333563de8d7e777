/**
 * What a WebSocket upgrade must be before it is accepted: the opening
 * handshake of RFC 6455 §4.2.1 (answered 400 when broken, 426 with the
 * version this server speaks for another version, §4.2.2 and §4.4) and an
 * origin the server allows.
 *
 * The default origins are the server's own: a page that the listener itself
 * served (its origin's host is the `Host` the browser reached the listener
 * by) and `--link-url`'s, plus requests without an `Origin` (programs, not
 * browsers). `--ws-origin` adds to them; `any` lets every origin in.
 *
 * @example
 * ```ts
 * import { refusedUpgrade } from "./upgrade.ts";
 * const req = new Request("http://chat.example/", {
 *   headers: { upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13" },
 * });
 * refusedUpgrade(req, { wsOrigin: [], linkUrl: "" })?.status; // 400: no Sec-WebSocket-Key
 * ```
 *
 * @module
 */

/** Why an upgrade is refused: the status, and the reason for the answer and the log. */
export interface RefusedUpgrade {
  /** 400, 403 or 426. */
  readonly status: number;
  /** One line. */
  readonly reason: string;
  /** Headers the answer carries (426: the version spoken). */
  readonly headers?: Record<string, string>;
}

/** The only WebSocket version there is (RFC 6455 §11.3.6). */
const VERSION = "13";

/** The comma-separated tokens of a header, lower-cased. */
function tokens(header: string | null): string[] {
  return (header ?? "").split(",").map((t) => t.trim().toLowerCase());
}

/** A `Sec-WebSocket-Key`: base64 of 16 bytes (§4.1, item 7). */
function validKey(key: string | null): boolean {
  return key !== null && /^[A-Za-z0-9+/]{21}[AQgw]==$/.test(key.trim());
}

/** The origin of `url`, or undefined when it is not a URL. */
function originOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

/** Is `origin` one of the server's own for a request that came with `host`? */
function ownOrigin(origin: string, host: string | null, linkUrl: string): boolean {
  if (linkUrl && originOf(linkUrl) === origin) return true;
  if (!host || !URL.canParse(origin)) return false;
  const o = new URL(origin);
  if (o.protocol !== "http:" && o.protocol !== "https:") return false;
  // The same host and port, the scheme's default port written or not: the
  // page came from this listener (http), or from a TLS proxy in front of it.
  const reached = `${o.protocol}//${host}`;
  return URL.canParse(reached) && new URL(reached).host === o.host;
}

/**
 * May a browser page of `origin` (null: none sent) connect, given the
 * request's `host` and the options?
 */
export function originAllowed(
  origin: string | null,
  host: string | null,
  options: { readonly wsOrigin: readonly string[]; readonly linkUrl: string },
): boolean {
  if (origin === null || options.wsOrigin.includes("any")) return true;
  return options.wsOrigin.includes(origin) || ownOrigin(origin, host, options.linkUrl);
}

/**
 * Why the upgrade request `req` (one that asks `Upgrade: websocket`) is
 * refused, or undefined when it may be upgraded.
 */
export function refusedUpgrade(
  req: Request,
  options: { readonly wsOrigin: readonly string[]; readonly linkUrl: string },
): RefusedUpgrade | undefined {
  const h = req.headers;
  if (req.method !== "GET") return { status: 400, reason: `a ${req.method} upgrade, not GET` };
  if (!tokens(h.get("connection")).includes("upgrade")) {
    return { status: 400, reason: "no Connection: Upgrade" };
  }
  const version = h.get("sec-websocket-version");
  if (version === null) return { status: 400, reason: "no Sec-WebSocket-Version" };
  if (version.trim() !== VERSION) {
    return {
      status: 426,
      reason: `Sec-WebSocket-Version ${version.slice(0, 20)}, not ${VERSION}`,
      headers: { "sec-websocket-version": VERSION },
    };
  }
  if (!validKey(h.get("sec-websocket-key"))) {
    return { status: 400, reason: "no valid Sec-WebSocket-Key" };
  }
  if (!originAllowed(h.get("origin"), h.get("host"), options)) {
    return { status: 403, reason: `origin ${h.get("origin")!.slice(0, 100)} not allowed` };
  }
  return undefined;
}

/** The answer to a refused upgrade. */
export function refusal(r: RefusedUpgrade): Response {
  return new Response(`Bad WebSocket upgrade: ${r.reason}.\n`, {
    status: r.status,
    headers: r.headers,
  });
}
