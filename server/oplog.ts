/**
 * The lines an operator reads: each connection's close with its user,
 * address, transport and reason; failed logins and registrations as
 * warnings with the address first (deploy/fail2ban/ matches them, so a
 * user name cannot pose as another address); moderation by whom and on
 * what. Values are logged as properties, which the text format quotes and
 * escapes, so a name cannot start a line of its own.
 *
 * Nothing here logs a password, a token, a key or what anyone says.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { isSym, printUpdate, type Update, type Value } from "../protocol/mod.ts";
import type { Meters } from "./metrics/meters.ts";
import type { Connection } from "./state/model.ts";

/** Failures that refuse a login (a password or one-time password tried). */
const LOGIN_FAILURES: ReadonlySet<string> = new Set(["invalid-password", "no-such-profile"]);

/** Failures that refuse a registration. */
const REGISTRATION_FAILURES: ReadonlySet<string> = new Set(["registration-rejected"]);

/**
 * Moderation updates and the fields that say what they did; one that needs
 * `when` is a query without it (`permissions` without rules to set).
 */
const MODERATION: ReadonlyMap<string, { fields: readonly string[]; when?: string }> = new Map([
  ["kick", { fields: ["channel", "target"] }],
  ["grant", { fields: ["channel", "update", "target"] }],
  ["deny", { fields: ["channel", "update", "target"] }],
  ["permissions", { fields: ["channel"], when: "permissions" }],
  ["shirakumo:kill", { fields: ["target"] }],
  ["shirakumo:ban", { fields: ["target"] }],
  ["shirakumo:unban", { fields: ["target"] }],
  ["shirakumo:destroy", { fields: ["channel"] }],
  ["shirakumo:ip-ban", { fields: ["ip", "mask"] }],
  ["shirakumo:ip-unban", { fields: ["ip", "mask"] }],
  ["shirakumo:pause", { fields: ["channel", "by"] }],
  ["shirakumo:quiet", { fields: ["channel", "target"] }],
  ["shirakumo:unquiet", { fields: ["channel", "target"] }],
  ["shirakumo:assign-role", { fields: ["channel", "target", "role"] }],
  ["shirakumo:remove-role", { fields: ["channel", "target", "role"] }],
]);

/** The host of an address as the transports write it (`1.2.3.4:5`, `[::1]:5`). */
export function hostOf(address: string): string {
  const v6 = /^\[(.*)\]:\d+$/.exec(address);
  if (v6) return v6[1];
  const colon = address.lastIndexOf(":");
  return colon > 0 && address.indexOf(":") === colon ? address.slice(0, colon) : address;
}

/** A field as a log shows it: names and numbers as they are, symbols by name. */
function shown(v: Value | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if (isSym(v)) {
    return v.package === "lichat" || v.package === "keyword" ? v.name : `${v.package}:${v.name}`;
  }
  return String(v);
}

/** What one actor writes to the operator's log; see the module doc. */
export class OperatorLog {
  readonly #log: Logger;
  readonly #meters: Meters;
  /** The last failure each connection was sent: why it is closed, when it is. */
  readonly #lastFailure = new WeakMap<Connection, string>();
  /** The moderation update being handled, for the closes it causes. */
  #acting: string | undefined;
  /** Failures sent while a moderation update is handled. */
  #failed = 0;

  /** Write to `log`, counting into `meters`. */
  constructor(log: Logger, meters: Meters) {
    this.#log = log;
    this.#meters = meters;
  }

  /** A failure of `type` is sent to `conn` in answer to `request`. */
  failed(conn: Connection, request: { id: unknown; from?: unknown } | undefined, type: string) {
    this.#meters.failure(type);
    this.#failed++;
    this.#lastFailure.set(conn, type);
    const login = LOGIN_FAILURES.has(type);
    if (!login && !REGISTRATION_FAILURES.has(type)) return;
    const user = conn.user?.name ?? (typeof request?.from === "string" ? request.from : "");
    this.#log.warning(
      `Failed ${login ? "login" : "registration"} from {host}: {failure} for {user}`,
      {
        host: hostOf(conn.address),
        failure: type,
        user,
        address: conn.address,
        conn: conn.id,
      },
    );
  }

  /** Handle `u` from `conn` with `run`; when it is moderation and nothing failed, log it. */
  moderated<T>(conn: Connection, u: Update, run: () => T): T {
    const m = MODERATION.get(u.type);
    if (!m || (m.when !== undefined && u[m.when] === undefined)) return run();
    const failedBefore = this.#failed;
    this.#acting = `${u.type} by ${conn.user?.name}`;
    try {
      return run();
    } finally {
      this.#acting = undefined;
      if (this.#failed === failedBefore) {
        const what = m.fields.filter((f) => u[f] !== undefined).map((f) => `${f} ${shown(u[f])}`);
        this.#log.info("Moderation: {user} sent {type} {what}", {
          user: conn.user?.name ?? "",
          type: u.type,
          what: what.join(", "),
          host: hostOf(conn.address),
        });
      }
    }
  }

  /** A connection opened (before its handshake, so without a user). */
  opened(id: number, address: string, transport: string): void {
    this.#log.info("Connection {conn} opened from {address} ({transport})", {
      conn: id,
      address,
      transport,
    });
  }

  /**
   * `conn` is closed, for `reason` when the caller knows it (`peer-closed`,
   * `server-shutdown`, `flood`, `slow-reader`, `handshake-timeout`); else
   * for the moderation being handled (`shirakumo:kill by NAME`), the last
   * failure it was sent (`invalid-password`, `connection-unstable`), or
   * `server-closed`.
   */
  closed(conn: Connection, reason: string | undefined, nowSeconds: number): void {
    const why = reason ?? this.#acting ?? this.#lastFailure.get(conn) ?? "server-closed";
    this.#log.info(
      "Connection {conn} closed: {reason}; user {user} from {address} ({transport}), {seconds} s",
      {
        conn: conn.id,
        reason: why,
        user: conn.user?.name ?? "-",
        address: conn.address,
        transport: conn.transport,
        seconds: Math.max(0, nowSeconds - conn.connectedOn),
      },
    );
  }
}

/**
 * Log an update a connection sent: its class and id at `debug`, the whole
 * of it, as on the wire, only at `trace`.
 */
export function logUpdate(log: Logger, conn: number, u: Update): void {
  if (!log.isEnabledFor("trace")) {
    log.debug("Connection {conn} sent {type} {id}", { conn, type: u.type, id: u.id });
    return;
  }
  let update: string;
  try {
    update = printUpdate(u);
  } catch {
    update = `(${u.type} …)`;
  }
  log.trace("Connection {conn} sent {update}", { conn, update });
}
