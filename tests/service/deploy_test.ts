/**
 * deploy/: the systemd unit passes `systemd-analyze verify` and its security
 * review (where systemd is installed), and the command lines of the unit
 * and of the Containerfile really run the server with the permissions they
 * grant: configuration read, database written, metrics served, reload and
 * stop by signal. Their paths are moved into a temporary directory.
 */
import assert from "node:assert/strict";
import { scrape } from "../helpers/prometheus.ts";
import { freePort } from "../helpers/server.ts";
import { connectRetrying, ROOT, Served } from "../helpers/service.ts";

const root = ROOT.pathname.replace(/\/$/, "");
const unitFile = new URL("deploy/systemd/lichat.service", ROOT);
const containerFile = new URL("deploy/Containerfile", ROOT);

function haveSystemdAnalyze(): boolean {
  try {
    return new Deno.Command("systemd-analyze", { args: ["--version"], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** The unit's `Key=` values, in order. */
function unitValues(text: string, key: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${key}=`)).map((l) =>
    l.slice(key.length + 1)
  );
}

/** A temporary /etc/lichat, /var/lib/lichat and /var/cache/lichat, and what moves paths there. */
async function places() {
  const dir = await Deno.makeTempDir({ prefix: "lichat-deploy-" });
  for (const d of ["etc", "state", "cache"]) await Deno.mkdir(`${dir}/${d}`);
  const move = (s: string) =>
    s.replaceAll("/opt/lichat", root).replaceAll("/etc/lichat", `${dir}/etc`)
      .replaceAll("/var/lib/lichat", `${dir}/state`).replaceAll(
        "/var/cache/lichat",
        `${dir}/cache`,
      );
  return { dir, move };
}

Deno.test({
  name: "the systemd unit passes systemd-analyze verify and its security review",
  ignore: !haveSystemdAnalyze(),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lichat-unit-" });
    // verify checks that ExecStart's program exists: the checkout stands in for /opt/lichat.
    const unit = `${dir}/lichat.service`;
    await Deno.writeTextFile(
      unit,
      (await Deno.readTextFile(unitFile)).replaceAll("/opt/lichat", root),
    );
    const verify = new Deno.Command("systemd-analyze", {
      args: ["verify", unit],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    const said = new TextDecoder().decode(verify.stderr) + new TextDecoder().decode(verify.stdout);
    assert.ok(verify.success, said);
    assert.equal(said.trim(), "", "no warning either (an unknown key is only a warning)");
    // Exposure 0–10 (shown), 0–100 here: "OK" is below 3.
    const security = new Deno.Command("systemd-analyze", {
      args: ["security", "--offline=yes", "--threshold=25", unit],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    assert.ok(security.success, new TextDecoder().decode(security.stdout));
    await Deno.remove(dir, { recursive: true });
  },
});

/** Run `argv` as the deployment does, with `env`, and check it serves, reloads and stops. */
async function deployed(
  argv: string[],
  env: Record<string, string>,
  configDir: string,
  stateDir: string,
) {
  const port = freePort();
  const metrics = freePort();
  const example = await Deno.readTextFile(new URL("deploy/lichat.toml", ROOT));
  await Deno.writeTextFile(
    `${configDir}/lichat.toml`,
    example + `\nport = ${port}\nhostname = "127.0.0.1"\nws-port = 0\n` +
      `metrics-port = ${metrics}\nmotd = "Deployed."\n`,
  );
  const [command, ...args] = argv;
  const s = Served.start(
    [...args, "--metrics-port", String(metrics), "--metrics-hostname", "127.0.0.1"],
    [],
    command.startsWith("/") ? command : `${root}/${command}`,
    env,
  );
  try {
    const c = await connectRetrying(port);
    await c.handshake("alice");
    assert.ok(c.texts.some((t) => t.includes('"Deployed."')), "the configuration was read");
    await c.send('(register :id 2 :password "alice-pw")');
    await c.expect("register");
    const m = await scrape(metrics);
    assert.ok(m.value("lichat_database_write_seconds_count")! >= 1, "the database is written");
    s.kill("SIGHUP");
    await s.log.waitFor(/Configuration reloaded; nothing changed/);
    assert.equal((await s.stop()).code, 0);
    c.close();
    assert.ok((await Deno.stat(`${stateDir}/lichat.db`)).isFile);
  } finally {
    await s.reap();
  }
}

Deno.test({
  name: "the unit's ExecStart runs the server with no more permission than it grants",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const unit = await Deno.readTextFile(unitFile);
    const { dir, move } = await places();
    const [exec] = unitValues(unit, "ExecStart");
    assert.equal(unitValues(unit, "WorkingDirectory")[0], "/opt/lichat");
    const env = Object.fromEntries(
      unitValues(unit, "Environment").flatMap((e) => e.split(" ")).map((kv) => kv.split("=")),
    );
    assert.equal(env.DENO_DIR, "/var/cache/lichat");
    await deployed(
      move(exec).split(" "),
      { DENO_DIR: move(env.DENO_DIR) },
      `${dir}/etc`,
      `${dir}/state`,
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "the Containerfile's ENTRYPOINT runs the server with no more permission than it grants",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const text = await Deno.readTextFile(containerFile);
    const entry = text.split("\n").find((l) => l.startsWith("ENTRYPOINT "));
    assert.ok(entry);
    const argv: string[] = JSON.parse(entry.slice("ENTRYPOINT ".length));
    assert.match(text, /^WORKDIR \/opt\/lichat$/m);
    const { dir, move } = await places();
    await deployed(argv.map(move), {}, `${dir}/etc`, `${dir}/state`);
    await Deno.remove(dir, { recursive: true });
  },
});
