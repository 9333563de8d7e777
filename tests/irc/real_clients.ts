/**
 * Real IRC clients from Debian, driven headless for tests: irssi in a tmux
 * session (keys sent with `send-keys`), WeeChat's headless build through
 * its FIFO. Both log every buffer to files, which the tests read: what the
 * user would see, waited for until it is there.
 *
 * @module
 */

/** A running IRC client. */
export interface RealClient {
  /** The client's name. */
  readonly name: string;
  /** Type a command (`/join #tea`) as the user would. */
  command(line: string): Promise<void>;
  /** What the client logged for a channel or query (`#tea`, `alice`), "" before anything. */
  log(target: string): Promise<string>;
  /** Stop the client and remove its files. */
  stop(): Promise<void>;
}

/** Is `program` on the PATH? */
export async function installed(program: string): Promise<boolean> {
  try {
    const { code } = await new Deno.Command("sh", {
      args: ["-c", `command -v ${program}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  const { code, stderr } = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" })
    .output();
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
}

async function readOr(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return "";
  }
}

/** The file in `dir` whose name, lowered, is `name` lowered (clients lower some names). */
async function findFile(dir: string, name: string): Promise<string | undefined> {
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.name.toLowerCase() === name.toLowerCase()) return `${dir}/${e.name}`;
    }
  } catch {
    // Not made yet.
  }
  return undefined;
}

let sessions = 0;

/** irssi as `nick`, connected to the gateway on `port`, in its own tmux server. */
export async function startIrssi(port: number, nick: string): Promise<RealClient> {
  const home = await Deno.makeTempDir({ prefix: "lichat-irssi-" });
  const logs = `${home}/logs`;
  await Deno.mkdir(logs);
  await Deno.writeTextFile(
    `${home}/config`,
    `settings = {
  core = { real_name = "${nick}"; user_name = "${nick}"; nick = "${nick}"; };
  "irc/core" = { cmd_queue_speed = "0msec"; cmds_max_at_once = "1000"; usermode = ""; };
  "fe-common/core" = { autolog = "yes"; autolog_path = "${logs}/$0.log"; autolog_level = "all"; };
};
`,
  );
  const socket = `lichat-irc-${Deno.pid}-${++sessions}`;
  const tmux = (...args: string[]) => run("tmux", ["-L", socket, ...args]);
  await tmux(
    "new-session",
    "-d",
    "-s",
    "main",
    "-x",
    "200",
    "-y",
    "50",
    `env HOME=${home} irssi --home=${home} --connect=127.0.0.1 --port=${port} --nick=${nick}`,
  );
  return {
    name: "irssi",
    async command(line) {
      await tmux("send-keys", "-t", "main", "-l", line);
      await tmux("send-keys", "-t", "main", "Enter");
    },
    async log(target) {
      const f = await findFile(logs, `${target}.log`);
      return f ? await readOr(f) : "";
    },
    async stop() {
      await tmux("kill-server").catch(() => {});
      await Deno.remove(home, { recursive: true }).catch(() => {});
    },
  };
}

/** WeeChat (weechat-headless) as `nick`, connected to the gateway on `port`. */
export async function startWeechat(port: number, nick: string): Promise<RealClient> {
  const dir = await Deno.makeTempDir({ prefix: "lichat-weechat-" });
  const setup = [
    "/set logger.file.flush_delay 0",
    "/set fifo.file.enabled on",
    // No client-side anti-flood delay: the test waits for each step anyway.
    "/set irc.server_default.anti_flood_prio_high 0",
    "/set irc.server_default.anti_flood_prio_low 0",
    `/server add lichat 127.0.0.1/${port} -notls -nicks=${nick} -username=${nick}`,
    "/connect lichat",
  ].join(";");
  const child = new Deno.Command("weechat-headless", {
    args: ["--dir", dir, "-r", setup],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let fifo: string | undefined;
  const deadline = Date.now() + 15_000;
  while (!fifo) {
    for await (const e of Deno.readDir(dir)) if (e.name.startsWith("weechat_fifo")) fifo = e.name;
    if (!fifo) {
      if (Date.now() > deadline) throw new Error("WeeChat made no FIFO");
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const path = `${dir}/${fifo}`;
  return {
    name: "weechat",
    async command(line) {
      // One command per write: WeeChat reads the FIFO line by line.
      const f = await Deno.open(path, { write: true });
      try {
        await f.write(new TextEncoder().encode(`irc.server.lichat *${line}\n`));
      } finally {
        f.close();
      }
    },
    async log(target) {
      const f = await findFile(`${dir}/logs`, `irc.lichat.${target}.weechatlog`);
      return f ? await readOr(f) : "";
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Gone already.
      }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** Wait until the client's log for `target` matches `pattern` (polling, not sleeping for a guess). */
export async function seen(
  c: RealClient,
  target: string,
  pattern: RegExp,
  timeout = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await c.log(target);
    if (pattern.test(text)) return;
    if (Date.now() > deadline) {
      throw new Error(`${c.name} never showed ${pattern} in ${target}; it has:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
