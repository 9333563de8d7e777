/**
 * The example configuration file, made from the option table:
 * `deno run build/config_example.ts > deploy/lichat.toml` writes it, and
 * tests/server/config_test.ts fails when the file differs. Every option is
 * there with its help, commented out at its default, as sshd_config does:
 * a file that sets only what it changes keeps the new defaults of a newer
 * server.
 *
 * @example
 * ```ts
 * import { configExample } from "./example.ts";
 * configExample().includes("#port = 1111"); // true
 * ```
 *
 * @module
 */
import { describe, shownDefault } from "./help.ts";
import type { OptionSpec } from "./spec.ts";
import { OPTION_GROUPS } from "./table.ts";

/** What the example shows for options whose default is worked out on the machine. */
const COMPUTED_EXAMPLES: Readonly<Record<string, string | number>> = {
  name: "Lichat",
  workers: 1,
};

const WIDTH = 80;

/** `text` as `# ` comment lines of at most {@linkcode WIDTH} characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > WIDTH && line !== "#") {
      lines.push(line);
      line = "#";
    }
    line += " " + word;
  }
  lines.push(line);
  return lines;
}

/** A value in TOML: JSON's strings and arrays of strings are TOML's too. */
function toml(value: unknown): string {
  return JSON.stringify(value).replaceAll('","', '", "');
}

/** The commented-out `key = value` line of one row. */
function setting(s: OptionSpec): string {
  if (typeof s.default === "function") {
    const example = COMPUTED_EXAMPLES[s.flag];
    if (example === undefined) throw new Error(`--${s.flag} needs an example value`);
    return `#${s.flag} = ${toml(example)}`;
  }
  return `#${s.flag} = ${toml(s.default)}`;
}

/** The text of the example configuration file. */
export function configExample(): string {
  const out = [
    ...comment(
      "Lichat server configuration (TOML), read with `--config FILE`. Every option is listed, " +
        "commented out at its default: uncomment what you change. Keys are the command-line " +
        "flags without their dashes; a flag given on the command line wins over this file.",
    ),
    "#",
    ...comment(
      'SIGHUP (`systemctl reload lichat`) reads the file again: options marked "Live" change ' +
        "at once, for the connections already open too; the others are logged as needing a " +
        "restart and keep their value until then.",
    ),
    "#",
    "# Made from the option table (server/options/) by `deno run build/config_example.ts`.",
  ];
  for (const g of OPTION_GROUPS) {
    out.push("", "", `# ── ${g.title} ${"─".repeat(Math.max(3, WIDTH - 7 - g.title.length))}`);
    for (const s of g.options) {
      const when = s.live ? "Live." : "Needs a restart.";
      out.push("", ...comment(`${describe(s)} Default: ${shownDefault(s)}. ${when}`), setting(s));
    }
  }
  return out.join("\n") + "\n";
}
