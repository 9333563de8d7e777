/**
 * The project's terminal client and a real IRC client (WeeChat, else
 * irssi) in one channel, both ways: join, messages, topic, a private
 * message, kick and part. Skips, saying why, when neither IRC client (or
 * `script`, for the terminal client's pseudo-terminal) is installed.
 */
import { mini } from "../helpers/mini.ts";
import { withServer } from "../helpers/server.ts";
import { hasScript } from "../helpers/terminal.ts";
import { installed, type RealClient, seen, startIrssi, startWeechat } from "./real_clients.ts";

const WEECHAT = await installed("weechat-headless");
const IRSSI = await installed("irssi") && await installed("tmux");
const SCRIPT = await hasScript();
const start: ((port: number, nick: string) => Promise<RealClient>) | undefined = WEECHAT
  ? startWeechat
  : IRSSI
  ? startIrssi
  : undefined;
if (!start) console.warn("neither weechat-headless nor irssi is installed: skipped.");
if (!SCRIPT) console.warn("no `script` command for a pseudo-terminal: skipped.");

Deno.test({
  name: "terminal client and an IRC client chat in one channel both ways",
  ignore: !start || !SCRIPT,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withServer({ ircPort: -1 }, async (srv) => {
      const t = mini(srv, "alice");
      const c = await start!(srv.server.ircPort!, "dave");
      try {
        await t.see(/\*\* Connected to /);
        await t.enter("/create tea");
        await t.see(/Created tea/);
        await t.enter("/topic Oolong");
        await c.command("/join #tea");
        await seen(c, "#tea", /Oolong/);
        await t.see(/\*\* dave joined tea/);
        await t.enter("hello from the terminal");
        await seen(c, "#tea", /alice.*hello from the terminal/);
        await c.command("/msg #tea hello from IRC");
        await t.see(/<dave> hello from IRC/);
        await c.command("/msg alice psst");
        await t.see(/psst/);
        await t.enter("/kick dave");
        await seen(c, "#tea", /kicked/i);
        await t.see(/alice kicked dave from tea/);
        await c.command("/join #tea");
        await t.until((s) => s.split("** dave joined tea").length > 2, "dave joining again");
        await c.command("/part #tea");
        await t.see(/\*\* dave left tea/);
        await t.enter("/quit");
        await t.exit();
      } finally {
        t.kill();
        await c.stop();
      }
    }),
});
