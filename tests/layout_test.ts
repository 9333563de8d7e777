/**
 * The layout keeps the architecture: the core never imports an extension
 * (only the wiring imports their list), and no source file grows past 400
 * lines.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const MAX_LINES = 400;

/** Every TypeScript file under `dir` (relative to the root), generated ones excepted. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(new URL(dir, root))) {
    const path = `${dir}${e.name}`;
    if (e.isDirectory && e.name !== "node_modules" && !e.name.startsWith(".")) {
      out.push(...sources(path + "/"));
    } else if (e.isFile && e.name.endsWith(".ts") && !e.name.endsWith(".generated.ts")) {
      out.push(path);
    }
  }
  return out;
}

/** The modules a file imports (static imports and re-exports), as paths from the root. */
function imports(path: string): string[] {
  const text = Deno.readTextFileSync(new URL(path, root));
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s+"(\.[^"]+)"/g)) {
    found.push(new URL(m[1], new URL(path, root)).href.slice(root.href.length));
  }
  return found;
}

const isExtension = (p: string) => p.startsWith("server/extensions/");

Deno.test("the core never imports an extension; only the wiring imports the list", () => {
  const core = sources("server/").filter((p) => !isExtension(p));
  assert.ok(core.includes("server/actor.ts") && core.length > 20, "found the core");
  const offending: string[] = [];
  for (const file of core) {
    for (const dep of imports(file).filter(isExtension)) {
      if (file === "server/server.ts" && dep === "server/extensions/mod.ts") continue;
      offending.push(`${file} imports ${dep}`);
    }
  }
  assert.deepEqual(offending, []);
});

Deno.test("every extension module is in the list or used by one that is", () => {
  const modules = sources("server/extensions/").filter((p) => !p.endsWith("/mod.ts"));
  const listed = new Set(imports("server/extensions/mod.ts"));
  const used = new Set(modules.flatMap(imports));
  const orphans = modules.filter((m) => !listed.has(m) && !used.has(m));
  assert.deepEqual(orphans, []);
});

Deno.test(`no source file is over ${MAX_LINES} lines`, () => {
  const files = [
    "main.ts",
    ...["protocol/", "server/", "workers/", "client/", "tests/", "bench/", "build/"]
      .flatMap(sources),
  ];
  const long = files
    .map((f) => [f, Deno.readTextFileSync(new URL(f, root)).split("\n").length - 1] as const)
    .filter(([, n]) => n > MAX_LINES)
    .map(([f, n]) => `${f}: ${n}`);
  assert.deepEqual(long, []);
});
