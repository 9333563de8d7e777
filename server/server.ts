/**
 * The server: listeners, the parser stage, the state actor and the
 * connection table, wired together.
 *
 * ```
 * socket bytes ─▶ transport ─▶ stage (workers: frame, parse, check §5.1 1–4, flood)
 *                                   │ parsed updates, one batch per turn
 *                                   ▼
 *                        state actor (apply, §5.1 5–8, decide recipients)
 *                                   │ (update, recipients)
 *                                   ▼
 *              connection table (print once, queue, one write per turn) ─▶ socket
 * ```
 *
 * @example
 * ```ts
 * import { LichatServer } from "./server.ts";
 * import { defaultOptions } from "./options.ts";
 * const server = await LichatServer.start({ ...defaultOptions(), port: 0, wsPort: 0, workers: 0 });
 * console.log(server.tcpPort);
 * await server.shutdown();
 * ```
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { defaultRegistry, nameKey } from "../protocol/mod.ts";
import type { ParserConfig, StageEvent } from "../workers/messages.ts";
import { InlineStage, type Stage, WorkerPool } from "../workers/stage.ts";
import { StateActor } from "./actor.ts";
import { type Clock, systemClock } from "./clock.ts";
import { EXTENSIONS } from "./extensions/mod.ts";
import { CORE } from "./updates/mod.ts";
import { metricsRegistry } from "./metrics/exposition.ts";
import { type Health, serveMetrics } from "./metrics/http.ts";
import { Meters } from "./metrics/meters.ts";
import { timeWrites } from "./metrics/timed_store.ts";
import type { ServerOptions } from "./options.ts";
import { ConnectionTable } from "./outlet.ts";
import { applyLive, changedOptions, type Changes, logChanges } from "./reload.ts";
import { MemoryStore, type Store } from "./state/store.ts";
import { SqliteStore } from "./state/sqlite.ts";
import { type DatabaseLock, lockDatabase } from "./state/lock.ts";
import { TrustedProxies } from "./transport/proxy.ts";
import { type Intake, serveTcp } from "./transport/tcp.ts";
import { serveLichatTls, TlsCertificate } from "./transport/tls.ts";
import { type MessageHooks, serveWebSocket, webSocketHandler } from "./transport/websocket.ts";
import { serveWss, type WssListener } from "./transport/wss.ts";
import { serveIrc, serveIrcTls } from "./irc/listener.ts";
import { transportHooks } from "./intake.ts";

const log = getLogger(["lichat", "server"]);

/** What a server may be started with besides its options. */
export interface StartWith {
  /** Lasting storage (default: the `--database` file, else in memory). */
  readonly store?: Store;
  /** The clock (default: the system's). */
  readonly clock?: Clock;
}

/** A running server. */
export class LichatServer {
  /** The settings it runs with. */
  readonly options: ServerOptions;
  /** The state actor (tests inspect its state). */
  readonly actor: StateActor;
  readonly #table: ConnectionTable;
  readonly #stage: Stage;
  readonly #tcp: Deno.TcpListener;
  readonly #ws: Deno.HttpServer<Deno.NetAddr> | undefined;
  /** The certificate of the TLS listeners, with `--tls-cert`. */
  readonly #certificate: TlsCertificate | undefined;
  readonly #tls: Deno.TcpListener | undefined;
  readonly #wssListener: Deno.TcpListener | undefined;
  readonly #wss: WssListener | undefined;
  /** The operator's listener (/health, /metrics), with `--metrics-port`. */
  readonly #metrics: Deno.HttpServer<Deno.NetAddr> | undefined;
  readonly #irc: Deno.TcpListener | undefined;
  readonly #ircs: Deno.TcpListener | undefined;
  readonly #tasks: Promise<void>[] = [];
  readonly #stopTicks: () => void;
  /** The store to close at shutdown, when this server opened it. */
  readonly #store: Store | undefined;
  /** The lock on the `--database` file, when this server opened it. */
  #lock: DatabaseLock | undefined;
  #nextConn = 1;
  #stopped = false;

  private constructor(
    options: ServerOptions,
    store: Store,
    ownStore: boolean,
    clock: Clock,
    meters: Meters,
  ) {
    if (options.linkUrl && options.wsPort === 0) {
      throw new Error(
        "--link-url needs the WebSocket listener (--ws-port), which serves the links",
      );
    }
    this.options = options;
    this.#store = ownStore ? store : undefined;
    this.#table = new ConnectionTable(options.maxQueue, options.closeTimeout * 1000, meters);
    this.actor = new StateActor(
      options,
      this.#table,
      store,
      [CORE, ...EXTENSIONS],
      { clock, meters },
      defaultRegistry,
    );
    const { chatter } = this.actor.extensions;
    this.#table.onOverflow = (conn) =>
      this.actor.submit({ kind: "gone", conn, reason: "slow-reader" });
    this.actor.onBound = (conn, name) => this.#stage.push({ op: "user", conn, name });
    const config = this.#parserConfig();
    const sink = (events: StageEvent[], parseMs?: number) => {
      for (const e of events) if (e.kind === "update") meters.received(e.update.type);
      if (parseMs !== undefined) meters.parse.observe(parseMs / 1000);
      this.actor.submit({ kind: "events", events });
    };
    // Workers print chatter, which the actor sends on as it came; on the
    // main isolate that would only move the work.
    this.#stage = options.workers > 0
      ? new WorkerPool(
        options.workers,
        { ...config, prePrint: [...chatter] },
        sink,
        (e) => {
          meters.workerErrors++;
          log.error("Worker failed: {message}", { message: e.message });
        },
        clock,
      )
      : new InlineStage(config, sink, clock);
    const trusted = new TrustedProxies(options.trustedProxies);
    const intake: Intake = { trusted, timeoutMs: options.handshakeTimeout * 1000 };
    if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) {
      throw new Error("--tls-cert and --tls-key go together");
    }
    if (options.ircsPort > 0 && !options.tlsCert) throw new Error("--ircs-port needs --tls-cert");
    // Read before any listener opens, so that a bad file leaves none open.
    this.#certificate = options.tlsCert
      ? new TlsCertificate(options.tlsCert, options.tlsKey)
      : undefined;
    this.#tcp = Deno.listen({ hostname: options.hostname, port: options.port, transport: "tcp" });
    const hooks = this.#hooks();
    this.#tasks.push(serveTcp(this.#tcp, hooks, intake));
    const http = webSocketHandler(options, hooks, (url, req) => this.#serve(url, req), trusted);
    if (options.wsPort > 0) this.#ws = serveWebSocket(options, http);
    if (this.#certificate) {
      this.#tls = Deno.listen({ hostname: options.hostname, port: options.tlsPort });
      this.#tasks.push(serveLichatTls(this.#tls, hooks, intake, this.#certificate));
      log.info("Lichat over TLS listening on {host}:{port}", {
        host: options.hostname,
        port: this.tlsPort,
      });
      if (options.wsPort > 0) {
        this.#wssListener = Deno.listen({ hostname: options.wsHostname, port: options.wssPort });
        // No PROXY headers here: proxies of WebSocket say who the client is in HTTP.
        const plain: Intake = { trusted: new TrustedProxies([]), timeoutMs: intake.timeoutMs };
        this.#wss = serveWss(this.#wssListener, plain, this.#certificate, http);
        this.#tasks.push(this.#wss.accepting);
      }
    }
    if (options.ircPort > 0) {
      this.#irc = Deno.listen({ hostname: options.hostname, port: options.ircPort });
      this.#tasks.push(serveIrc(this.#irc, options, clock, hooks));
    }
    if (options.ircsPort > 0 && this.#certificate) {
      this.#ircs = Deno.listen({ hostname: options.hostname, port: options.ircsPort });
      this.#tasks.push(serveIrcTls(this.#ircs, options, clock, hooks, intake, this.#certificate));
    }
    this.#stopTicks = clock.every(1000, () => this.actor.submit({ kind: "tick" }));
    if (options.metricsPort > 0) {
      const registry = metricsRegistry({
        meters,
        transports: () => [...this.actor.connections.values()].map((c) => c.transport),
        users: () => this.actor.users.size - 1,
        channels: () => this.actor.channels.size,
      });
      this.#metrics = serveMetrics(
        options.metricsHostname,
        options.metricsPort,
        registry,
        () => this.health(),
      );
    }
    log.info("Lichat server {name} listening on {host}:{port}", {
      name: options.name,
      host: options.hostname,
      port: this.tcpPort,
    });
  }

  /**
   * Start a server with `options`, an optional store (default: the
   * `--database` file, else in memory) and clock (default: the system's).
   * A store passed in stays the caller's; one opened here is closed by
   * {@linkcode shutdown}.
   */
  // deno-lint-ignore require-await -- async so that every failure is a rejection
  static async start(
    options: ServerOptions,
    { store, clock = systemClock }: StartWith = {},
  ): Promise<LichatServer> {
    const meters = new Meters();
    if (store) return new LichatServer(options, store, false, clock, meters);
    const lock = options.database && options.database !== ":memory:"
      ? lockDatabase(options.database)
      : undefined;
    if (lock?.loose !== undefined) {
      log.warning("The database {path} has mode {mode}: others may read its password hashes", {
        path: options.database,
        mode: lock.loose.toString(8),
      });
    }
    let own: Store | undefined;
    try {
      own = options.database
        ? timeWrites(new SqliteStore(options.database, nameKey), meters.databaseWrite)
        : new MemoryStore(nameKey);
      const server = new LichatServer(options, own, true, clock, meters);
      server.#lock = lock;
      return server;
    } catch (e) {
      own?.close?.();
      lock?.release();
      throw e;
    }
  }

  /** The TCP port it listens on. */
  get tcpPort(): number {
    return (this.#tcp.addr as Deno.NetAddr).port;
  }

  /** The port of Lichat over TLS, with `--tls-cert`. */
  get tlsPort(): number | undefined {
    return (this.#tls?.addr as Deno.NetAddr | undefined)?.port;
  }

  /** The port of WebSocket over TLS, with `--tls-cert` and WebSocket on. */
  get wssPort(): number | undefined {
    return (this.#wssListener?.addr as Deno.NetAddr | undefined)?.port;
  }

  /**
   * Read `--tls-cert` and `--tls-key` again (SIGHUP): connections made from
   * now on get the new certificate, those open keep theirs. On failure the
   * old certificate stays and the error is logged. True when reloaded.
   */
  reloadCertificates(): boolean {
    if (!this.#certificate) return false;
    try {
      this.#certificate.reload();
    } catch (e) {
      log.error("Certificates not reloaded, the old ones stay: {message}", {
        message: (e as Error).message,
      });
      return false;
    }
    log.info("Certificates reloaded from {cert}", { cert: this.options.tlsCert });
    return true;
  }

  /** The WebSocket port, if it listens on one. */
  get wsPort(): number | undefined {
    return this.#ws?.addr.port;
  }

  /** The IRC gateway's port, if it listens on one. */
  get ircPort(): number | undefined {
    return this.#irc ? (this.#irc.addr as Deno.NetAddr).port : undefined;
  }

  /** The port of the IRC gateway over TLS, with `--ircs-port` and `--tls-cert`. */
  get ircsPort(): number | undefined {
    return this.#ircs ? (this.#ircs.addr as Deno.NetAddr).port : undefined;
  }

  /** The port of /health and /metrics, with `--metrics-port`. */
  get metricsPort(): number | undefined {
    return this.#metrics?.addr.port;
  }

  /** What the parser stage is told: the limits it enforces. */
  #parserConfig(): ParserConfig {
    const o = this.options;
    return {
      maxUpdateSize: o.maxUpdateSize,
      maxDepth: o.maxDepth,
      maxElements: o.maxElements,
      floodFrame: o.floodFrame,
      floodLimit: o.floodLimit,
      clockSkew: o.clockSkew,
      signatureFields: this.actor.extensions.signatureFields,
    };
  }

  /**
   * Serving, and the state actor answers: it is handed a job and must have
   * run it by the time `submit` returns, which it does unless it is stuck
   * in the middle of a turn.
   */
  health(): Health {
    const problems: string[] = [];
    if (this.#stopped) problems.push("shutting down");
    let answered = false;
    this.actor.submit({ kind: "continue", run: () => answered = true });
    if (!answered) problems.push("the state actor did not answer");
    return { ok: problems.length === 0, problems };
  }

  /**
   * Take the options of a reloaded configuration: those that can change
   * while running (the table's `live`) take effect at once, for open
   * connections too; the others are logged as waiting for a restart. One
   * log line per changed option. Returns what changed.
   */
  reload(next: ServerOptions): Changes {
    // Certificates are re-read by reloadCertificates(), which main.ts calls after this.
    const changes = changedOptions(this.options, next);
    const before = { ...this.options };
    this.actor.submit({
      kind: "continue",
      run: () => {
        applyLive(this.options, next, changes);
        const o = this.options;
        // What was read once at start is told again.
        this.#table.configure(o.maxQueue, o.closeTimeout * 1000);
        this.#stage.configure(this.#parserConfig());
        // --admins is read on each check (server/admins.ts): nothing to tell it.
      },
    });
    logChanges(log, before, next, changes);
    return changes;
  }

  /** An HTTP request the WebSocket listener does not upgrade: what an extension serves. */
  #serve(url: URL, req: Request): Response | undefined {
    for (const serve of this.actor.extensions.hooks("serve")) {
      const r = serve(this.actor, url, req);
      if (r) return r;
    }
    return undefined;
  }

  #hooks(): MessageHooks {
    return transportHooks(this.actor, this.#table, this.#stage, () => this.#nextConn++);
  }

  /**
   * Stop: every connection gets `disconnect`, listeners close, workers end.
   * Resolves once the listeners are down and output is flushed.
   */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    log.info("Shutting down: {count} connections get disconnect", {
      count: this.actor.connections.size,
    });
    this.#stopTicks();
    for (const l of [this.#tcp, this.#tls, this.#wssListener, this.#irc, this.#ircs]) {
      try {
        l?.close();
      } catch {
        // Already closed.
      }
    }
    this.actor.submit({ kind: "shutdown" });
    // Let the disconnects reach the sockets and the sockets close (code 1000
    // for WebSocket) before the HTTP server closes what is left (code 1001).
    for (let i = 0; i < this.options.closeTimeout * 100 && this.#table.size > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all([this.#ws?.shutdown(), this.#wss?.shutdown()]);
    await Promise.allSettled(this.#tasks);
    this.#stage.close();
    this.#store?.close?.();
    this.#lock?.release();
    // Last, so that /health says 503 while the rest goes down.
    await this.#metrics?.shutdown();
    log.info("Lichat server {name} stopped", { name: this.options.name });
  }
}
