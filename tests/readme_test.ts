/** The README and `--help` list every option, so neither can fall behind the code. */
import assert from "node:assert/strict";
import { helpText, OPTION_SPECS, optionTable } from "../server/options.ts";

/** A Markdown table row's cells, without `deno fmt`'s padding. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

Deno.test("README's option table is the one the option table makes", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const [head, rule, ...rows] = optionTable().split("\n");
  const lines = readme.split("\n");
  const at = lines.findIndex((l) => l.startsWith("| option ") && l.includes("| meaning "));
  assert.ok(at >= 0, "README has no option table");
  assert.deepEqual(cells(lines[at]), cells(head));
  assert.match(lines[at + 1], /^\|[- |]+\|$/, rule);
  const body = lines.slice(at + 2);
  const end = body.findIndex((l) => !l.startsWith("|"));
  const shown = end < 0 ? body : body.slice(0, end);
  assert.deepEqual(shown.map(cells), rows.map(cells), "run `deno run build/readme_options.ts`");
});

Deno.test("--help lists every option", () => {
  const help = helpText();
  for (const s of OPTION_SPECS) assert.ok(help.includes(`--${s.flag} `), s.flag);
});

Deno.test("README starts with the two commands that start the server and run the tests", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const head = readme.split("\n").slice(0, 6).join("\n");
  // Deno itself, not under npx: npx leaves it running when it is sent SIGTERM.
  assert.match(head, /npm install && node_modules\/\.bin\/deno run --allow-net main\.ts/);
  assert.match(head, /npm install && npx deno task test/);
});

Deno.test("README's permission table matches the default rules", async () => {
  const DEFAULT_RULES = (await extensionSet()).rules;
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const kinds = ["primary", "regular", "anonymous"] as const;
  const types = new Set(kinds.flatMap((k) => Object.keys(DEFAULT_RULES[k])));
  for (const t of types) {
    const row = readme.split("\n").find((l) => new RegExp(`^\\| \`${t}\` +\\|`).test(l));
    assert.ok(row, `no README row for ${t}`);
    const cells = row.split("|").slice(2, 5).map((c) => c.trim());
    assert.deepEqual(cells, kinds.map((k) => DEFAULT_RULES[k][t] ?? "anyone"), t);
  }
});

Deno.test("README names every extension the server announces", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  for (const e of (await extensionSet()).announced) assert.ok(readme.includes(`\`${e}\``), e);
});

/** The tables the server derives from its extension list, with every extension offered. */
async function extensionSet() {
  const { ExtensionSet } = await import("../server/extension_set.ts");
  const { CORE } = await import("../server/updates/mod.ts");
  const { EXTENSIONS } = await import("../server/extensions/mod.ts");
  const { defaultOptions } = await import("../server/options.ts");
  return new ExtensionSet([CORE, ...EXTENSIONS], { ...defaultOptions(), linkUrl: "http://x/" });
}
