/**
 * Real certificates for tests, made at test time with openssl: a private
 * CA and a server certificate it signed for 127.0.0.1 and localhost.
 *
 * @example
 * ```ts
 * import { haveOpenssl, makeCertificates } from "./tls.ts";
 * if (await haveOpenssl()) {
 *   const { ca, cert, key } = await makeCertificates(Deno.makeTempDirSync(), "one");
 * }
 * ```
 *
 * @module
 */

/** Files of a certificate made for a test, and the CA's PEM text. */
export interface TestCertificate {
  /** The CA's certificate, PEM text (what a client trusts). */
  readonly ca: string;
  /** The server certificate's file. */
  readonly cert: string;
  /** Its private key's file. */
  readonly key: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Is openssl installed? Tests that need it skip, saying so, when not. */
export async function haveOpenssl(): Promise<boolean> {
  try {
    return (await new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

/** What a test without openssl says as it skips. */
export const NO_OPENSSL = "openssl is not installed (.ci/run installs it): TLS test skipped";

/** Make a CA and a server certificate signed by it in `dir`, files named after `name`. */
export async function makeCertificates(dir: string, name: string): Promise<TestCertificate> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(
    ["req", "-x509", ...ec, "-keyout", `${name}-ca.key`, "-out", `${name}-ca.pem`, "-days", "2"]
      .concat(["-subj", `/CN=Lichat test CA ${name}`]),
    dir,
  );
  await openssl(
    ["req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", "/CN=localhost"],
    dir,
  );
  await Deno.writeTextFile(
    `${dir}/${name}.ext`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${name}-ca.pem`,
    "-CAkey",
    `${name}-ca.key`,
    "-CAcreateserial",
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ], dir);
  return {
    ca: await Deno.readTextFile(`${dir}/${name}-ca.pem`),
    cert: `${dir}/${name}.pem`,
    key: `${dir}/${name}.key`,
  };
}
