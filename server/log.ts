/**
 * Logging setup: LogTape (from npm; @std/log is gone from Deno's standard
 * library and JSR is unreachable here) with one console sink. Categories
 * follow the originals' hierarchy: `lichat.server`, `lichat.server.tcp`,
 * `lichat.server.ws`, `lichat.server.actor`, `lichat.server.outlet`.
 *
 * @module
 */
import { configure, getStreamSink, reset } from "@logtape/logtape";
import type { LogLevel } from "./options.ts";

/** Send `lichat.*` logs at `level` and above to standard error. */
export async function setupLogging(level: LogLevel): Promise<void> {
  await configure({
    reset: true,
    sinks: { console: getStreamSink(Deno.stderr.writable) },
    loggers: [
      { category: ["lichat"], lowestLevel: level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}

/** Turn logging off again (tests). */
export async function stopLogging(): Promise<void> {
  await reset();
}
