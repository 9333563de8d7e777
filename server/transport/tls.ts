/**
 * Lichat over TLS (`--tls-port`, the spec's 1112) and the TLS side of
 * WebSocket over TLS (`--wss-port`). Each listener is a plain `Deno.listen`
 * socket whose connections are wrapped in a server-side `node:tls` socket:
 * `Deno.listenTls` would start the handshake before a trusted proxy's PROXY
 * header (sent in the clear, ahead of it) could be read, and Deno has no
 * server-side `startTls`. The certificate is a {@linkcode TlsCertificate}
 * that each new connection takes as it is then: reloading it changes what
 * later connections see, and no connection is dropped.
 *
 * @module
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { getLogger } from "@logtape/logtape";
import { type Peer, Printed } from "../outlet.ts";
import { startsLikeProxy } from "./proxy.ts";
import { type Intake, intakeOf, type TransportHooks, UNTRUSTED_PROXY } from "./tcp.ts";

const log = getLogger(["lichat", "server", "tls"]);

/** The certificate and key files, read at start and again on each {@linkcode reload}. */
export class TlsCertificate {
  readonly #certFile: string;
  readonly #keyFile: string;
  #context: tls.SecureContext;

  /** Read `certFile` and `keyFile` (PEM); throws if they cannot be read or used. */
  constructor(certFile: string, keyFile: string) {
    this.#certFile = certFile;
    this.#keyFile = keyFile;
    this.#context = this.#read();
  }

  #read(): tls.SecureContext {
    const cert = Deno.readTextFileSync(this.#certFile);
    const key = Deno.readTextFileSync(this.#keyFile);
    let matches;
    try {
      // The context takes anything; a bad pair would fail each handshake later.
      matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
    } catch (e) {
      throw new Error(`${this.#certFile} and ${this.#keyFile}: ${(e as Error).message}`);
    }
    if (!matches) throw new Error(`${this.#keyFile} is not the key of ${this.#certFile}`);
    return tls.createSecureContext({ cert, key });
  }

  /** What new connections are given now. */
  get context(): tls.SecureContext {
    return this.#context;
  }

  /** Read the files again; on failure the certificate in use stays, and the error is thrown. */
  reload(): void {
    this.#context = this.#read();
  }
}

/** A Deno connection, with bytes already read from it put back first, as a Node stream. */
function duplexOf(conn: Deno.Conn, first: Uint8Array | undefined): Duplex {
  let pending = first && first.length > 0 ? first : undefined;
  return new Duplex({
    read() {
      if (pending) {
        const p = pending;
        pending = undefined;
        this.push(p);
        return;
      }
      const buf = new Uint8Array(16384);
      conn.read(buf).then(
        (n) => this.push(n === null ? null : buf.subarray(0, n)),
        () => this.push(null),
      );
    },
    write(chunk: Uint8Array, _encoding, done) {
      (async () => {
        let sent = 0;
        while (sent < chunk.length) sent += await conn.write(chunk.subarray(sent));
      })().then(() => done(), (e) => done(e));
    },
    final(done) {
      try {
        conn.closeWrite();
      } catch {
        // Closed already.
      }
      done();
    },
    destroy(_error, done) {
      try {
        conn.close();
      } catch {
        // Closed already.
      }
      done(null);
    },
  });
}

/**
 * Accept connections on `listener`, read a trusted peer's PROXY header, and
 * hand each TLS socket, once its handshake is done within
 * `intake.timeoutMs`, to `secured` with the client's address.
 */
export async function acceptTls(
  listener: Deno.TcpListener,
  intake: Intake,
  certificate: TlsCertificate,
  secured: (socket: tls.TLSSocket, address: string) => void,
): Promise<void> {
  try {
    for await (const conn of listener) {
      wrap(conn, intake, certificate, secured);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource)) log.error("Accept failed: {error}", { error: e });
  }
}

async function wrap(
  conn: Deno.TcpConn,
  intake: Intake,
  certificate: TlsCertificate,
  secured: (socket: tls.TLSSocket, address: string) => void,
): Promise<void> {
  const from = await intakeOf(conn, intake);
  if (!from) return;
  if (from.bad) {
    // Nothing can be said in the clear on a TLS port: the log says it.
    log.warning("TLS connection from {address} refused: {reason}", {
      address: from.address,
      reason: from.bad,
    });
    return conn.close();
  }
  const socket = new tls.TLSSocket(duplexOf(conn, from.rest), {
    isServer: true,
    secureContext: certificate.context,
  });
  const timer = setTimeout(() => socket.destroy(), intake.timeoutMs);
  socket.once("secure", () => {
    clearTimeout(timer);
    secured(socket, from.address);
  });
  socket.on("error", (e: Error) => {
    clearTimeout(timer);
    log.info("TLS connection from {address} failed: {message}", {
      address: from.address,
      message: e.message,
    });
    socket.destroy();
  });
}

/** A TLS socket as a {@linkcode Peer}. */
export class TlsPeer implements Peer {
  readonly transport = "tcp" as const;
  readonly #socket: tls.TLSSocket;

  /** Wrap a secured socket. */
  constructor(socket: tls.TLSSocket) {
    this.#socket = socket;
  }

  write(batch: readonly Printed[]): Promise<void> {
    const data = Printed.join(batch);
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.write(data, () => resolve());
    });
  }

  close(): void {
    // After what is queued: close_notify, then the socket closes.
    this.#socket.end();
  }
}

/** Serve Lichat over TLS: each secured socket is a connection like a TCP one. */
export function serveLichatTls(
  listener: Deno.TcpListener,
  hooks: TransportHooks,
  intake: Intake,
  certificate: TlsCertificate,
): Promise<void> {
  return acceptTls(listener, intake, certificate, (socket, address) => {
    const id = hooks.open(new TlsPeer(socket), address);
    log.info("TLS connection {id} opened from {address}", { id, address });
    let first = true;
    let refused = false;
    socket.on("data", (chunk: Uint8Array) => {
      if (first && startsLikeProxy(chunk)) {
        // A PROXY header inside TLS: no proxy sends that.
        hooks.reject(id, UNTRUSTED_PROXY);
        refused = true;
      }
      first = false;
      if (!refused) hooks.bytes(id, new Uint8Array(chunk));
    });
    socket.once("close", () => {
      hooks.gone(id);
      log.info("TLS connection {id} from {address} closed", { id, address });
    });
  });
}
