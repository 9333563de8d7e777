/**
 * Prints the README's option table from {@linkcode OPTION_SPECS}:
 * `deno run build/readme_options.ts`. `tests/readme_test.ts` checks the
 * README against the same specs.
 *
 * @module
 */
import { OPTION_SPECS } from "../server/options.ts";

/** The Markdown table of every option. */
export function optionTable(): string {
  const rows = ["| option | default | meaning |", "| --- | --- | --- |"];
  for (const s of OPTION_SPECS) {
    rows.push(`| \`--${s.flag}\` | \`${s.shownDefault}\` | ${s.help} |`);
  }
  return rows.join("\n");
}

if (import.meta.main) console.log(optionTable());
