/**
 * Scenes for the IRC gateway's tests: a server with the gateway on, and
 * Lichat and IRC users in one channel.
 *
 * @module
 */
import type { ServerOptions } from "../../server/options.ts";
import type { IrcClient, IrcMessage } from "../helpers/irc.ts";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { settle } from "../helpers/scene.ts";
import { serverTest, type TestServer } from "../helpers/server.ts";

/** A test against a server with the IRC gateway on a free port. */
export function ircTest(
  name: string,
  fn: (srv: TestServer) => Promise<void>,
  overrides: Partial<ServerOptions> = {},
): void {
  serverTest(name, fn, { ircPort: -1, ...overrides });
}

/**
 * `lichat` (the first creates `channel`) and `irc` users in `channel`,
 * everything on its way to them arrived and dropped.
 */
export async function mixedChannel(
  srv: TestServer,
  channel: string,
  lichat: string[],
  irc: string[],
  caps: string[] = [],
): Promise<{ l: RawClient[]; i: IrcClient[] }> {
  const l: RawClient[] = [];
  for (const n of lichat) l.push(await srv.user(n));
  await l[0].send(`(create :id ${nextId()} :channel "${channel}")`);
  await l[0].waitFor("join", (u) => u.channel === channel);
  for (const c of l.slice(1)) {
    await c.send(`(join :id ${nextId()} :channel "${channel}")`);
    await c.waitFor("join", (u) => u.channel === channel && u.from === c.name);
  }
  const i: IrcClient[] = [];
  for (const n of irc) {
    const c = await srv.ircUser(n, { caps });
    await c.send(`JOIN #${channel}`);
    await c.waitFor("366", (m) => m.params[1] === `#${channel}`);
    i.push(c);
  }
  await settle(l);
  await Promise.all(i.map((c) => c.quiet()));
  return { l, i };
}

/** The message's last parameter (its text). */
export function text(m: IrcMessage): string {
  return m.params[m.params.length - 1];
}
