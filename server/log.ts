/**
 * Logging setup: LogTape (from npm; @std/log is gone from Deno's standard
 * library and JSR is unreachable here) with one sink on standard error, as
 * text lines or JSON lines (`--log-format`). Categories follow the
 * originals' hierarchy: `lichat.server`, `lichat.server.tcp`,
 * `lichat.server.ws`, `lichat.server.actor`, `lichat.server.outlet`.
 *
 * What the levels carry: `info` a line per connection opened and closed,
 * moderation, start, reload and shutdown; `warning` failed logins and
 * registrations (with the address: deploy/fail2ban reads them), floods and
 * dropped slow readers; `debug` each update's class and id. Passwords, OTP
 * tokens, identity keys and what users say appear only at `trace`, which
 * logs every update whole.
 *
 * Level and format change on a reload: the sink stays (a stream has one
 * writer at a time), its formatter and LogTape's levels are swapped.
 *
 * @module
 */
import {
  configure,
  getStreamSink,
  getTextFormatter,
  jsonLinesFormatter,
  type LogRecord,
  reset,
  type Sink,
  type TextFormatter,
} from "@logtape/logtape";
import type { LogLevel } from "./options.ts";

/** Text that reads the same bare: no spaces, quotes or control characters. */
const PLAIN = /^[\w.:@/+\-[\]]+$/;

/**
 * Text lines with words bare and anything else quoted and escaped, so that
 * a name with a space or a line break cannot pass for more of the line.
 */
const text = getTextFormatter({
  value: (v, inspect) =>
    typeof v === "string" ? (PLAIN.test(v) ? v : JSON.stringify(v)) : inspect(v),
});
let format: TextFormatter = text;
/** The stream sink on standard error, made once (it holds the stream's writer). */
let stream: (Sink & AsyncDisposable) | undefined;

/** Writes to {@linkcode stream}; not disposable, so a reconfiguration keeps the stream. */
const sink: Sink = (record: LogRecord) => stream?.(record);

/**
 * Send `lichat.*` logs at `level` and above to standard error, as `"text"`
 * lines or `"json"` lines. Called again, it changes both.
 */
export async function setupLogging(level: LogLevel, as = "text"): Promise<void> {
  format = as === "json" ? jsonLinesFormatter : text;
  stream ??= getStreamSink(Deno.stderr.writable, { formatter: (r) => format(r) });
  await configure({
    reset: true,
    sinks: { stderr: sink },
    loggers: [
      { category: ["lichat"], lowestLevel: level, sinks: ["stderr"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
    ],
  });
}

/** Turn logging off, after writing out what is still on its way to standard error. */
export async function stopLogging(): Promise<void> {
  await reset();
  const s = stream;
  stream = undefined;
  await s?.[Symbol.asyncDispose]();
}
