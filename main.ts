/**
 * Starts a Lichat server: `deno run --allow-net main.ts [options]`.
 * `--help` lists the options; see server/options.ts.
 *
 * @module
 */
import { helpText, OptionError, parseOptions } from "./server/options.ts";
import { setupLogging, stopLogging } from "./server/log.ts";
import { LichatServer } from "./server/server.ts";

if (import.meta.main) {
  let options;
  try {
    options = parseOptions(Deno.args);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    console.error(`lichat: ${e.message} (see --help)`);
    Deno.exit(2);
  }
  if (options === "help") {
    console.log(helpText());
    Deno.exit(0);
  }
  await setupLogging(options.logLevel);
  let server: LichatServer;
  try {
    server = await LichatServer.start(options);
  } catch (e) {
    console.error(`lichat: cannot start: ${(e as Error).message}`);
    Deno.exit(1);
  }
  const stop = async () => {
    await server.shutdown();
    await stopLogging(); // flushes what is still on its way to stderr
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  // New TLS connections get the certificate as the files now hold it.
  Deno.addSignalListener("SIGHUP", () => server.reloadCertificates());
}
