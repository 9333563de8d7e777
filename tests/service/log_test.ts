/**
 * The log an operator reads, from a real server process: a line per
 * connection opened and closed with user, address, transport and reason;
 * failed logins and registrations at warning with the address (and
 * deploy/fail2ban's filter matching exactly those); moderation; start and
 * shutdown; JSON lines with --log-format json. A whole session with every
 * kind of secret, logged at debug, shows none of them.
 */
import assert from "node:assert/strict";
import { decodeBase32, totp } from "../../server/extensions/totp.ts";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { freePort } from "../helpers/server.ts";
import { connectRetrying, loopbackArgs, ROOT, Served } from "../helpers/service.ts";

/** Secrets of the session: none may be in the log. */
const PASSWORD = "hunter22-Zq";
const BOB_PASSWORD = "bob-Secret-77";
const WRONG = "not-the-Pw-31";
const ROOT_PASSWORD = "root-Pw-1234";
const OTP_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const TEXT = "the-Secret-Message-Text";

async function user(port: number, name: string, password?: string, otp?: string) {
  const c = await connectRetrying(port);
  const pw = password === undefined ? "" : ` :password "${password}"`;
  const token = otp === undefined ? "" : ` shirakumo:otp-token "${otp}"`;
  await c.send(
    `(connect :id ${nextId()} :version "2.0" :from "${name}"${pw}${token} :extensions ())`,
  );
  return c;
}

/** Send `update` and wait for the reply of `type`. */
async function ask(c: RawClient, update: string, type: string) {
  await c.send(update);
  return await c.waitFor(type);
}

/** A session with each secret in it; returns the values the server made (the identity key, the token). */
async function session(port: number): Promise<string[]> {
  const a = await user(port, "alice");
  await a.waitFor("connect");
  await ask(a, `(register :id ${nextId()} :password "short")`, "registration-rejected");
  await ask(
    a,
    `(register :id ${nextId()} :password "${PASSWORD}" shirakumo:otp-key "${OTP_KEY}")`,
    "register",
  );
  a.close();
  const wrong = await user(port, "alice", WRONG);
  await wrong.waitFor("invalid-password");
  const token = await totp(decodeBase32(OTP_KEY)!, Date.now() / 1000);
  const a2 = await user(port, "alice", PASSWORD, token);
  await a2.waitFor("connect");
  const b = await user(port, "bob");
  await b.waitFor("connect");
  await ask(b, `(register :id ${nextId()} :password "${BOB_PASSWORD}")`, "register");
  await ask(a2, `(create :id ${nextId()} :channel "room")`, "join");
  await ask(b, `(join :id ${nextId()} :channel "room")`, "join");
  const share = await ask(
    a2,
    `(shirakumo:share-identity :id ${nextId()})`,
    "shirakumo:share-identity",
  );
  const key = share.key as string;
  await ask(
    b,
    `(shirakumo:assume-identity :id ${nextId()} :target "alice" :key "${key}")`,
    "shirakumo:assume-identity",
  );
  await a2.send(`(message :id ${nextId()} :channel "room" :text "${TEXT}")`);
  await b.waitFor("message", (u) => u.text === TEXT);
  // Moderation by the admin.
  await ask(a2, `(kick :id ${nextId()} :channel "room" :target "bob")`, "kick");
  // An admin's rights need the admin registered and logged in with its password.
  const first = await user(port, "root");
  await first.waitFor("connect");
  await ask(first, `(register :id ${nextId()} :password "${ROOT_PASSWORD}")`, "register");
  await ask(first, `(disconnect :id ${nextId()})`, "disconnect");
  await first.waitClosed();
  const root = await user(port, "root", ROOT_PASSWORD);
  await root.waitFor("connect");
  await ask(root, `(shirakumo:kill :id ${nextId()} :target "bob")`, "shirakumo:kill");
  await b.waitClosed();
  for (const c of [a2, root]) {
    await ask(c, `(ping :id ${nextId()})`, "pong");
    c.close();
  }
  return [key, token];
}

Deno.test({
  name: "the log at debug: connections, failures, moderation, start and stop, and no secret",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const s = Served.start([
      ...loopbackArgs(port),
      "--log-level",
      "debug",
      "--admins",
      "root",
      "--name",
      "Srv",
    ]);
    try {
      const made = await session(port);
      assert.equal((await s.stop()).code, 0);
      await s.log.ended();
      const log = s.log.text;
      for (const secret of [PASSWORD, BOB_PASSWORD, WRONG, OTP_KEY, TEXT, ...made]) {
        assert.ok(!log.includes(secret), `the log shows ${secret}:\n${log}`);
      }
      const has = (re: RegExp, n = 1) =>
        assert.equal(s.log.lines.filter((l) => re.test(l)).length, n, `${re}:\n${log}`);
      has(/\[INF\] lichat·server: Lichat server Srv listening on 127\.0\.0\.1:\d+$/);
      has(/\[DBG\] lichat·server·actor: Connection \d+ sent message \d+$/);
      has(/\[INF\] .*Connection \d+ opened from 127\.0\.0\.1:\d+ \(tcp\)$/, 6);
      has(
        /\[INF\] .*Connection \d+ closed: peer-closed; user alice from 127\.0\.0\.1:\d+ \(tcp\), \d+ s$/,
        2,
      );
      has(/Connection \d+ closed: invalid-password; user - from 127\.0\.0\.1:\d+ \(tcp\)/);
      has(
        /Connection \d+ closed: "shirakumo:kill by root"; user bob from 127\.0\.0\.1:\d+ \(tcp\)/,
      );
      has(/\[WRN\] .*: Failed login from 127\.0\.0\.1: invalid-password for alice$/);
      has(/\[WRN\] .*: Failed registration from 127\.0\.0\.1: registration-rejected for alice$/);
      has(/\[INF\] .*: Moderation: alice sent kick "channel room, target bob"/);
      has(/\[INF\] .*: Moderation: root sent shirakumo:kill "target bob"/);
      has(/SIGTERM: shutting down/);
      has(/Lichat server Srv stopped$/);
      await fail2ban(log, 2);
    } finally {
      await s.reap();
    }
  },
});

Deno.test({
  name: "--log-format json: one JSON object per line, with the values as properties",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const s = Served.start([...loopbackArgs(port), "--log-format", "json"]);
    try {
      const c = await user(port, "ghost", WRONG);
      await c.waitFor("no-such-profile");
      assert.equal((await s.stop()).code, 0);
      await s.log.ended();
      const records = s.log.lines.map((l) => JSON.parse(l));
      const failed = records.find((r) => r.level === "WARN");
      assert.equal(failed.logger, "lichat.server.actor");
      assert.equal(failed.properties.host, "127.0.0.1");
      assert.equal(failed.properties.failure, "no-such-profile");
      assert.equal(failed.properties.user, "ghost");
      assert.ok(records.some((r) => r.properties.reason === "no-such-profile"));
      assert.ok(!s.log.text.includes(WRONG));
      await fail2ban(s.log.text, 1);
    } finally {
      await s.reap();
    }
  },
});

/** Is Debian's fail2ban-regex here? */
function haveFail2ban(): boolean {
  try {
    return new Deno.Command("fail2ban-regex", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** deploy/fail2ban's filter matches exactly `count` lines of `log`, each for 127.0.0.1. */
async function fail2ban(log: string, count: number): Promise<void> {
  if (!haveFail2ban()) {
    console.log("fail2ban-regex is not installed (Debian's fail2ban): the filter is not checked");
    return;
  }
  const file = await Deno.makeTempFile({ prefix: "lichat-log-" });
  await Deno.writeTextFile(file, log);
  const filter = new URL("deploy/fail2ban/filter.d/lichat.conf", ROOT).pathname;
  // `--out ip`: the address each matching line gives, one per line.
  const out = new Deno.Command("fail2ban-regex", {
    args: ["--out", "ip", file, filter],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  await Deno.remove(file);
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, text + new TextDecoder().decode(out.stderr));
  assert.deepEqual(text.trim().split("\n"), Array(count).fill("127.0.0.1"), text);
}
