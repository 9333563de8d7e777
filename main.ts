/**
 * Starts a Lichat server: `deno run --allow-net main.ts [--config FILE] [options]`.
 * `--help` lists the options; see server/options.ts and server/options/config.ts.
 *
 * Signals: SIGINT or SIGTERM shut down gracefully (exit 0), a second one
 * during that exits at once (130 or 143); SIGHUP reads the configuration
 * again and applies what can change while running.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { helpText, OptionError } from "./server/options.ts";
import { loadOptions } from "./server/options/config.ts";
import { setupLogging, stopLogging } from "./server/log.ts";
import { LichatServer } from "./server/server.ts";

const log = getLogger(["lichat", "server"]);

/** Exit statuses of a second signal, as a shell reports a death by it. */
const AT_ONCE = { SIGINT: 130, SIGTERM: 143 } as const;

/** Read the configuration again and apply it (SIGHUP). */
async function reload(server: LichatServer): Promise<void> {
  log.info("SIGHUP: reading the configuration again");
  let next;
  try {
    next = loadOptions(Deno.args);
  } catch (e) {
    // A bad file changes nothing; the server goes on as it was.
    const message = e instanceof Error ? e.message : String(e);
    log.error("Configuration not reloaded, nothing changed: {message}", { message });
    return;
  }
  if (next === "help") return;
  server.reload(next);
  await setupLogging(server.options.logLevel, server.options.logFormat);
  // New TLS connections get the certificate as the files now hold it.
  server.reloadCertificates();
}

if (import.meta.main) {
  let options;
  try {
    options = loadOptions(Deno.args);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    console.error(`lichat: ${e.message} (see --help)`);
    Deno.exit(2);
  }
  if (options === "help") {
    console.log(helpText());
    Deno.exit(0);
  }
  await setupLogging(options.logLevel, options.logFormat);
  let server: LichatServer;
  try {
    server = await LichatServer.start(options);
  } catch (e) {
    console.error(`lichat: cannot start: ${(e as Error).message}`);
    Deno.exit(1);
  }
  let stopping = false;
  const stop = (signal: keyof typeof AT_ONCE) => async () => {
    if (stopping) {
      log.warning("{signal} again: exiting at once", { signal });
      // A moment for the line to reach stderr, not more.
      setTimeout(() => Deno.exit(AT_ONCE[signal]), 100);
      await stopLogging();
      Deno.exit(AT_ONCE[signal]);
    }
    stopping = true;
    log.info("{signal}: shutting down (again to exit at once)", { signal });
    await server.shutdown();
    await stopLogging(); // writes out what is still on its way to stderr
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", stop("SIGTERM"));
  Deno.addSignalListener("SIGHUP", () => {
    if (!stopping) void reload(server);
  });
}
