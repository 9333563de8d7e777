/**
 * What people read about the options, made from the table: `--help` and the
 * README's option table (`deno run build/readme_options.ts` prints it;
 * tests/readme_test.ts checks the README against it).
 *
 * @example
 * ```ts
 * import { helpText } from "./help.ts";
 * console.log(helpText()); // "Usage: deno run --allow-net main.ts [options]\n…"
 * ```
 *
 * @module
 */
import type { OptionSpec } from "./spec.ts";
import { OPTION_GROUPS, OPTION_SPECS } from "./table.ts";
import { METAVARS } from "./values.ts";

/** The default as people read it: the row's `shown`, else the value printed. */
export function shownDefault(s: OptionSpec): string {
  if (s.shown !== undefined) return s.shown;
  const d = s.default;
  if (typeof d === "function") throw new Error(`--${s.flag} has a computed default and no shown`);
  const text = Array.isArray(d) ? d.join(",") : String(d);
  return text === "" ? '""' : text;
}

/** What values the row allows beyond its kind, as a sentence ("" for none). */
export function allowed(s: OptionSpec): string {
  if (s.kind !== "int") return s.choices ? `One of ${s.choices.join(", ")}.` : "";
  const parts = [];
  if (s.max !== undefined) parts.push(`From ${s.min} to ${s.max}`);
  else if (s.min > 0) parts.push(`At least ${s.min}`);
  if (s.longerThan !== undefined) {
    const other = OPTION_SPECS.find((o) => o.key === s.longerThan);
    parts.push(`${parts.length ? "longer" : "Longer"} than --${other?.flag ?? s.longerThan}`);
  }
  return parts.length ? parts.join(", ") + "." : "";
}

/** The row's help text with what it allows. */
export function describe(s: OptionSpec): string {
  const bounds = allowed(s);
  return bounds ? `${s.help} ${bounds}` : s.help;
}

/** The `--help` text: every option under its group's heading. */
export function helpText(): string {
  const lines = [
    "Usage: deno run --allow-net main.ts [options]",
    "",
    "A Lichat server (TCP and WebSocket).",
  ];
  for (const g of OPTION_GROUPS) {
    lines.push("", `${g.title}:`);
    for (const s of g.options) {
      lines.push(
        `  --${s.flag} ${METAVARS[s.kind]}`,
        `      ${describe(s)} Default: ${shownDefault(s)}.`,
      );
    }
  }
  lines.push(
    "",
    "Command line only:",
    "  --config FILE",
    "      Read options from a TOML file (deploy/lichat.toml lists every one); flags win over it. SIGHUP reads it again.",
    "  --help",
    "      Print this text and exit.",
  );
  return lines.join("\n");
}

/** The README's Markdown table of every option (before `deno fmt` pads it). */
export function optionTable(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = ["| option | default | meaning |", "| --- | --- | --- |"];
  for (const s of OPTION_SPECS) {
    rows.push(`| \`--${s.flag}\` | \`${cell(shownDefault(s))}\` | ${cell(describe(s))} |`);
  }
  return rows.join("\n");
}
