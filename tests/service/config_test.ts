/**
 * The configuration file: deploy/lichat.toml is the one the option table
 * makes and gives the defaults, a file's options go under the flags, and a
 * bad file is refused in one line naming it.
 */
import assert from "node:assert/strict";
import { defaultOptions, OPTION_SPECS, OptionError } from "../../server/options.ts";
import { configValues, loadOptions, splitConfig } from "../../server/options/config.ts";
import { configExample } from "../../server/options/example.ts";

const example = new URL("../../deploy/lichat.toml", import.meta.url);

Deno.test("deploy/lichat.toml is the example the option table makes", async () => {
  const file = await Deno.readTextFile(example);
  assert.equal(
    file,
    configExample(),
    "run `deno run build/config_example.ts > deploy/lichat.toml`",
  );
});

Deno.test("deploy/lichat.toml names every option once, with its help, and gives the defaults", () => {
  const text = configExample();
  for (const s of OPTION_SPECS) {
    assert.equal(text.split("\n").filter((l) => l.startsWith(`#${s.flag} = `)).length, 1, s.flag);
    assert.ok(text.includes(s.help.split(" ").slice(0, 3).join(" ")), `help of --${s.flag}`);
  }
  // Uncommented, every line parses, and to the default (machine-made ones aside).
  const uncommented = text.split("\n").map((l) => /^#[a-z-]+ = /.test(l) ? l.slice(1) : l);
  const layer: Record<string, unknown> = configValues(uncommented.join("\n"), "lichat.toml");
  const defaults: Record<string, unknown> = defaultOptions();
  for (const s of OPTION_SPECS) {
    if (typeof s.default === "function") continue;
    assert.deepEqual(layer[s.key], defaults[s.key], s.flag);
  }
  assert.equal(Object.keys(layer).length, OPTION_SPECS.length);
});

Deno.test("--config: the file's options under the flags, keys as flags or as option keys", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lichat-config-" });
  const path = `${dir}/lichat.toml`;
  await Deno.writeTextFile(
    path,
    'port = 2222\nmotd = "From the file"\nadmins = ["root", "boss"]\npingInterval = 30\n' +
      'data-content-types = "image/png, text/plain"\nlog-level = "debug"\n',
  );
  const o = loadOptions(["--config", path, "--port", "3333"]);
  assert.notEqual(o, "help");
  if (o === "help") return;
  assert.equal(o.port, 3333, "the flag wins");
  assert.equal(o.motd, "From the file");
  assert.deepEqual(o.admins, ["root", "boss"]);
  assert.equal(o.pingInterval, 30);
  assert.deepEqual(o.dataContentTypes, ["image/png", "text/plain"]);
  assert.equal(o.logLevel, "debug");
  assert.equal(o.wsPort, defaultOptions().wsPort, "what neither sets keeps its default");
  const same = loadOptions([`--config=${path}`]);
  assert.ok(same !== "help" && same.port === 2222);
  assert.equal(loadOptions(["--config", path, "--help"]), "help");
  await Deno.remove(dir, { recursive: true });
});

function refused(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof OptionError && pattern.test(e.message));
}

Deno.test("a bad configuration is one line naming the file and what is wrong", () => {
  refused(() => configValues("bogus = 1", "a.toml"), /^a\.toml: unknown option "bogus"$/);
  refused(() => configValues('port = "high"', "a.toml"), /^a\.toml: --port needs a whole number/);
  refused(() => configValues("port = 70000", "a.toml"), /^a\.toml: --port must be at most 65535/);
  refused(() => configValues("port = 1\nport = 2", "a.toml"), /^a\.toml:2:\d+: /);
  refused(() => configValues("motd = 'unclosed", "a.toml"), /^a\.toml:1:\d+: /);
  refused(() => configValues("[listeners]\nport = 1", "a.toml"), /unknown option "listeners"/);
  refused(() => configValues('port = 1\n"port" = 2', "a.toml"), /^a\.toml:2:/);
  refused(
    () => configValues("ping-interval = 1\npingInterval = 2", "a.toml"),
    /"ping-interval" and "pingInterval" both set --ping-interval/,
  );
  refused(() => configValues('log-format = "xml"', "a.toml"), /--log-format must be one of/);
  refused(() => loadOptions(["--config", "/nonexistent/lichat.toml"]), /cannot read/);
  refused(() => splitConfig(["--config"]), /--config needs a file name/);
  refused(() => splitConfig(["--config", "a", "--config=b"]), /--config is given twice/);
  assert.deepEqual(splitConfig(["--port", "1", "--config", "a"]), {
    path: "a",
    rest: ["--port", "1"],
  });
});
