/**
 * The option table's parsers: the command line and plain objects (what a
 * config file will hold) give the same options through the same checks.
 */
import assert from "node:assert/strict";
import {
  argValues,
  defaultOptions,
  objectValues,
  OPTION_SPECS,
  OptionError,
  optionsFromObject,
  parseOptions,
  resolveOptions,
  type ServerOptions,
} from "../../server/options.ts";

/** The defaults as they were before the table (name and workers depend on the machine). */
const DEFAULTS: Omit<ServerOptions, "name" | "workers"> = {
  hostname: "0.0.0.0",
  port: 1111,
  pingInterval: 60,
  idleTimeout: 120,
  handshakeTimeout: 10,
  closeTimeout: 1,
  salt: "",
  hashIterations: 600000,
  floodFrame: 30,
  floodLimit: 40,
  connectionLimit: 10000,
  maxConnectionsPerUser: 20,
  maxChannelsPerUser: 200,
  maxEmotes: 500,
  maxEmoteSize: 262144,
  maxIdentityShares: 20,
  history: 1000,
  historyDays: 0,
  historyPerChannel: 0,
  searchResults: 50,
  linkUrl: "",
  linkStorage: 67108864,
  maxUpdateSize: 1048576,
  maxDepth: 32,
  maxElements: 4096,
  maxQueue: 4096,
  ircPort: 0,
  ircsPort: 0,
  ircMaxLine: 8703,
  logLevel: "info",
  logFormat: "text",
  metricsPort: 0,
  metricsHostname: "127.0.0.1",
  clockSkew: 0,
  profileLifetime: 365,
  channelLifetime: 60,
  wsPort: 1113,
  wsHostname: "0.0.0.0",
  wsPath: "/",
  wsOrigin: [],
  tlsCert: "",
  tlsKey: "",
  tlsPort: 1112,
  wssPort: 1114,
  trustedProxies: [],
  motd: "Welcome to Lichat.",
  backlog: 100,
  database: "",
  admins: [],
  dataContentTypes: [
    "image/*",
    "audio/*",
    "video/*",
    "text/plain",
    "application/pdf",
    "application/octet-stream",
  ],
};

function parsed(args: string[]): ServerOptions {
  const o = parseOptions(args);
  assert.notEqual(o, "help");
  return o as ServerOptions;
}

function refused(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => e instanceof OptionError && e.message === message);
}

Deno.test("options: the defaults are the ones every flag had", () => {
  const { name, workers, ...rest } = defaultOptions();
  assert.deepEqual(rest, DEFAULTS);
  assert.ok(name.length > 0);
  assert.ok(workers >= 1);
  assert.deepEqual(parsed([]), defaultOptions());
  assert.equal(parseOptions(["--port", "1", "--help"]), "help");
});

Deno.test("options: each call makes fresh lists, so changing one leaves the next alone", () => {
  defaultOptions().dataContentTypes.push("x/y");
  parsed([]).admins.push("root");
  assert.deepEqual(defaultOptions().dataContentTypes, DEFAULTS.dataContentTypes);
  assert.deepEqual(defaultOptions().admins, []);
});

Deno.test("options: every flag sets its own key, and nothing else", () => {
  for (const s of OPTION_SPECS) {
    const n = s.kind === "int" ? Math.max(s.min, 77) : 0;
    // A switch is set to what it is not by default; text of a few words takes
    // the last, which is never the default.
    const b = s.kind === "bool" && s.default === false;
    const text = s.kind === "string" && s.choices ? s.choices[s.choices.length - 1] : "some text";
    const sample = {
      int: String(n),
      string: text,
      list: "a, b,,c",
      level: "debug",
      bool: String(b),
    };
    const value = { int: n, string: text, list: ["a", "b", "c"], level: "debug", bool: b };
    const args = [`--${s.flag}`, sample[s.kind]];
    // idle-timeout must stay longer than the default ping interval.
    if (s.key === "pingInterval") args.push("--idle-timeout", String(n + 1));
    const o: Record<string, unknown> = parsed(args);
    assert.deepEqual(o[s.key], value[s.kind], s.flag);
    const defaults: Record<string, unknown> = defaultOptions();
    const changed = Object.keys(o).filter((k) =>
      JSON.stringify(o[k]) !== JSON.stringify(defaults[k])
    );
    assert.deepEqual(changed, s.key === "pingInterval" ? [s.key, "idleTimeout"] : [s.key]);
    assert.deepEqual(objectValues({ [s.flag]: sample[s.kind] }), { [s.key]: value[s.kind] });
  }
});

Deno.test("options: bad command lines are refused in one line naming the flag", () => {
  refused(() => parseOptions(["--port", "abc"]), '--port needs a whole number, not "abc"');
  refused(() => parseOptions(["--flood-limit=-1"]), '--flood-limit needs a whole number, not "-1"');
  // Without "=", node's parseArgs takes "-1" for a flag.
  assert.throws(() => parseOptions(["--flood-limit", "-1"]), OptionError);
  refused(() => parseOptions(["--port", "70000"]), "--port must be at most 65535, not 70000");
  refused(
    () => parseOptions(["--log-format", "xml"]),
    '--log-format must be one of text, json, not "xml"',
  );
  refused(() => parseOptions(["--ws-port", "65536"]), "--ws-port must be at most 65535, not 65536");
  assert.equal(parsed(["--ws-port", "65535"]).wsPort, 65535);
  refused(
    () => parseOptions(["--profile-lifetime", "29"]),
    "--profile-lifetime must be at least 30, not 29",
  );
  assert.equal(parsed(["--profile-lifetime", "30"]).profileLifetime, 30);
  refused(
    () => parseOptions(["--max-queue", "99999999999999999999"]),
    "--max-queue must be at most 9007199254740991, not 99999999999999999999",
  );
  refused(
    () => parseOptions(["--log-level", "loud"]),
    '--log-level must be one of trace, debug, info, warning, error, fatal, not "loud"',
  );
  refused(
    () => parseOptions(["--idle-timeout", "60"]),
    "--idle-timeout must be longer than --ping-interval",
  );
  refused(
    () => parseOptions(["--ping-interval", "120"]),
    "--idle-timeout must be longer than --ping-interval",
  );
  assert.throws(
    () => parseOptions(["--bogus"]),
    (e: unknown) =>
      e instanceof OptionError && /bogus/.test(e.message) && !e.message.includes("\n"),
  );
  assert.throws(() => parseOptions(["stray"]), OptionError);
  assert.throws(() => parseOptions(["--port"]), OptionError);
});

Deno.test("options: a plain object takes flags or keys, numbers or text, lists or commas", () => {
  const o = optionsFromObject({
    "port": 2222,
    "ws-port": "2223",
    pingInterval: 5,
    "idle-timeout": 10,
    admins: ["root", " ops ", ""],
    "data-content-types": "image/png, text/plain",
    motd: "Hi",
    logLevel: "error",
  });
  assert.equal(o.port, 2222);
  assert.equal(o.wsPort, 2223);
  assert.equal(o.pingInterval, 5);
  assert.equal(o.idleTimeout, 10);
  assert.deepEqual(o.admins, ["root", "ops"]);
  assert.deepEqual(o.dataContentTypes, ["image/png", "text/plain"]);
  assert.equal(o.motd, "Hi");
  assert.equal(o.logLevel, "error");
  assert.equal(o.backlog, DEFAULTS.backlog);
  assert.deepEqual(optionsFromObject({}), defaultOptions());
});

Deno.test("options: a plain object goes through the same checks as the command line", () => {
  refused(() => optionsFromObject({ port: 70000 }), "--port must be at most 65535, not 70000");
  refused(() => optionsFromObject({ port: "70000" }), "--port must be at most 65535, not 70000");
  refused(() => optionsFromObject({ backlog: -1 }), "--backlog must be at least 0, not -1");
  refused(() => optionsFromObject({ backlog: 1.5 }), "--backlog needs a whole number, not 1.5");
  refused(() => optionsFromObject({ backlog: true }), "--backlog needs a whole number, not true");
  refused(() => optionsFromObject({ motd: 5 }), "--motd needs text, not 5");
  refused(() => optionsFromObject({ motd: ["a"] }), '--motd needs text, not ["a"]');
  refused(
    () => optionsFromObject({ admins: 3 }),
    "--admins needs comma-separated text or a list of text",
  );
  refused(
    () => optionsFromObject({ "log-level": "loud" }),
    '--log-level must be one of trace, debug, info, warning, error, fatal, not "loud"',
  );
  refused(
    () => optionsFromObject({ "idle-timeout": 30 }),
    "--idle-timeout must be longer than --ping-interval",
  );
  refused(() => optionsFromObject({ bogus: 1 }), 'unknown option "bogus"');
  refused(() => optionsFromObject({ help: true }), 'unknown option "help"');
  refused(
    () => optionsFromObject({ "ws-port": 1, wsPort: 2 }),
    '"ws-port" and "wsPort" both set --ws-port',
  );
});

Deno.test("options: later layers win, and the checks between options come last", () => {
  const file = objectValues({ "ping-interval": 200, motd: "from the file", port: 3000 });
  const args = argValues(["--idle-timeout", "300", "--port", "4000"]);
  assert.notEqual(args, "help");
  const o = resolveOptions(file, args as Exclude<typeof args, "help">);
  assert.equal(o.pingInterval, 200);
  assert.equal(o.idleTimeout, 300);
  assert.equal(o.motd, "from the file");
  assert.equal(o.port, 4000);
  refused(() => resolveOptions(file), "--idle-timeout must be longer than --ping-interval");
});

Deno.test("options: the table's flags and keys are unique and spell the same name", () => {
  const flags = new Set(OPTION_SPECS.map((s) => s.flag));
  const keys = new Set(OPTION_SPECS.map((s) => s.key));
  assert.equal(flags.size, OPTION_SPECS.length);
  assert.equal(keys.size, OPTION_SPECS.length);
  for (const s of OPTION_SPECS) {
    assert.equal(s.flag.replace(/-(.)/g, (_, c: string) => c.toUpperCase()), s.key, s.flag);
    if (s.kind === "int" && s.longerThan) assert.ok(keys.has(s.longerThan), s.flag);
  }
});

Deno.test("options: what is fixed at start is not marked live", () => {
  const live = new Map(OPTION_SPECS.map((s) => [s.key, s.live]));
  for (
    const k of [
      "port",
      "hostname",
      "wsPort",
      "wsHostname",
      "wsPath",
      "database",
      "workers",
      "salt",
      "name",
    ]
  ) {
    assert.equal(live.get(k), false, k);
  }
  for (
    const k of [
      "motd",
      "admins",
      "logLevel",
      "floodLimit",
      "floodFrame",
      "maxUpdateSize",
      "connectionLimit",
    ]
  ) {
    assert.equal(live.get(k), true, k);
  }
});
