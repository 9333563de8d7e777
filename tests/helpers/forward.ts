/**
 * A byte forwarder in front of a real server, for tests: plain TCP or
 * TLS-terminating (with a certificate made by {@linkcode makeCertificates}),
 * and able to hold new connections back (closing them at once) while a test
 * arranges something.
 *
 * @example
 * ```ts
 * import { Forwarder, makeCertificates } from "./forward.ts";
 * const certs = await makeCertificates(); // undefined without openssl
 * const fwd = Forwarder.start(1111, certs); // TLS on fwd.port, plain to 1111
 * fwd.close();
 * ```
 *
 * @module
 */

/** A CA and a server certificate it signed, for `localhost` and 127.0.0.1, in PEM. */
export interface Certificates {
  /** The CA's certificate: what a client must trust. */
  readonly caCert: string;
  /** The server's certificate. */
  readonly cert: string;
  /** The server's private key. */
  readonly key: string;
  /** Where the CA's certificate is, as a file. */
  readonly caFile: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/** Is the `openssl` command there? */
export async function hasOpenssl(): Promise<boolean> {
  try {
    return (await new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

/**
 * Make a private CA and a server certificate signed by it, with `openssl`, in
 * a fresh temporary directory. Undefined when openssl is missing.
 */
export async function makeCertificates(): Promise<Certificates | undefined> {
  if (!(await hasOpenssl())) return undefined;
  const dir = await Deno.makeTempDir({ prefix: "lichat-tls-" });
  const days = ["-days", "2"];
  await openssl([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-subj",
    "/CN=Lichat test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
    ...days,
  ], dir);
  await openssl([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  ], dir);
  await Deno.writeTextFile(
    `${dir}/ext.cnf`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" +
      "extendedKeyUsage=serverAuth\n",
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-extfile",
    "ext.cnf",
    ...days,
  ], dir);
  return {
    caCert: await Deno.readTextFile(`${dir}/ca.pem`),
    cert: await Deno.readTextFile(`${dir}/server.pem`),
    key: await Deno.readTextFile(`${dir}/server.key`),
    caFile: `${dir}/ca.pem`,
  };
}

/** Forwards every connection on its own port to a target port on loopback. */
export class Forwarder {
  readonly #listener: Deno.Listener;
  readonly #target: number;
  readonly #open = new Set<Deno.Conn>();
  /** While true, new connections are closed at once. */
  holding = false;
  /** Connections accepted (and forwarded, or held back). */
  accepted = 0;

  private constructor(listener: Deno.Listener, target: number) {
    this.#listener = listener;
    this.#target = target;
    this.#accept();
  }

  /** Listen on a free loopback port; with `certs`, terminate TLS there. */
  static start(target: number, certs?: Certificates): Forwarder {
    const opts = { hostname: "127.0.0.1", port: 0 };
    const listener = certs
      ? Deno.listenTls({ ...opts, cert: certs.cert, key: certs.key })
      : Deno.listen(opts);
    return new Forwarder(listener, target);
  }

  /** The port clients connect to. */
  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        this.accepted++;
        if (this.holding) {
          conn.close();
          continue;
        }
        this.#pipe(conn);
      }
    } catch {
      // Closed.
    }
  }

  async #pipe(conn: Deno.Conn): Promise<void> {
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: this.#target });
    } catch {
      conn.close();
      return;
    }
    this.#open.add(conn).add(upstream);
    const end = () => {
      for (const c of [conn, upstream]) {
        this.#open.delete(c);
        try {
          c.close();
        } catch {
          // Already closed.
        }
      }
    };
    await Promise.allSettled([
      conn.readable.pipeTo(upstream.writable, { preventClose: true }),
      upstream.readable.pipeTo(conn.writable, { preventClose: true }),
    ].map((p) => p.finally(end)));
  }

  /** Drop every forwarded connection (as a restarting server would). */
  dropAll(): void {
    for (const c of [...this.#open]) {
      try {
        c.close();
      } catch {
        // Already closed.
      }
    }
    this.#open.clear();
  }

  /** Stop listening and drop every connection. */
  close(): void {
    try {
      this.#listener.close();
    } catch {
      // Already closed.
    }
    this.dropAll();
  }
}
