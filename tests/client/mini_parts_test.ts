/** The terminal client's pure parts: completion, history paths and secrets, colours, arguments. */
import assert from "node:assert/strict";
import { parseMiniArgs, UsageError } from "../../client/mini/args.ts";
import { complete, type CompletionSource } from "../../client/mini/completion.ts";
import { historyPath, isSecret, loadHistory, saveHistory } from "../../client/mini/history.ts";
import { markMentions, nameColour, wantColour } from "../../client/mini/style.ts";

const src: CompletionSource = {
  commands: { join: "channel", msg: "user", quit: "none", query: "user" },
  channels: () => ["lobby", "Lounge", "bob"],
  users: () => ["bob", "Bobby", "carol"],
  members: () => ["bob", "carol"],
};

Deno.test("completion: commands, then channels or users by command, then members", () => {
  assert.deepEqual(complete("/q", src), [["/query ", "/quit "], "/q"]);
  assert.deepEqual(complete("/join l", src), [["lobby", "Lounge"], "l"]);
  assert.deepEqual(complete("/msg bo", src), [["bob", "Bobby"], "bo"]);
  assert.deepEqual(complete("/quit x", src), [[], "x"]);
  assert.deepEqual(complete("ca", src), [["carol: "], "ca"]);
  assert.deepEqual(complete("hi ca", src), [["carol"], "ca"]);
  assert.deepEqual(complete("hi ", src), [[], ""]);
});

Deno.test("history: where it lives, and secrets never kept", async () => {
  assert.equal(historyPath({ HOME: "/home/a" }, "Alice"), "/home/a/.config/lichat/history-alice");
  assert.equal(
    historyPath({ XDG_CONFIG_HOME: "/c", HOME: "/h" }, "a b"),
    "/c/lichat/history-a%20b",
  );
  assert.equal(historyPath({}, "a"), undefined);
  assert.ok(isSecret("/register hunter22") && isSecret("  /REGISTER x"));
  assert.ok(!isSecret("/register") && !isSecret("register me"));
  const dir = await Deno.makeTempDir();
  const path = `${dir}/sub/history-a`;
  saveHistory(path, ["newest", "/register pw1", "oldest"]);
  assert.equal(await Deno.readTextFile(path), "oldest\nnewest\n");
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  await Deno.writeTextFile(path, "1\n/register pw2\n2\n3\n");
  assert.deepEqual(await loadHistory(path, 2), ["3", "2"]);
  assert.deepEqual(await loadHistory(`${dir}/none`, 5), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("colours: stable per name, off for NO_COLOR, dumb terminals and pipes", () => {
  assert.equal(nameColour("alice"), nameColour("ALICE"));
  assert.ok(new Set(["a", "b", "c", "d", "e", "f", "g"].map(nameColour)).size > 1);
  assert.equal(wantColour({}, true), true);
  assert.equal(wantColour({ NO_COLOR: "1" }, true), false);
  assert.equal(wantColour({ TERM: "dumb" }, true), false);
  assert.equal(wantColour({}, false), false);
  const mark = (s: string) => `[${s}]`;
  assert.equal(markMentions("hi Alice, and alice2", "alice", mark), "hi [Alice], and alice2");
  assert.equal(markMentions("malice", "alice", mark), undefined);
});

Deno.test("arguments: ports, TLS's default port, and no password in argv", () => {
  assert.equal(parseMiniArgs([]).port, 1111);
  assert.equal(parseMiniArgs(["--tls"]).port, 1112);
  assert.equal(parseMiniArgs(["--no-reconnect"]).reconnect, false);
  assert.equal(parseMiniArgs(["--password"]).askPassword, true);
  assert.throws(() => parseMiniArgs(["--password", "x"]), UsageError);
  assert.throws(() => parseMiniArgs(["--port", "99999"]), /--port must be a port number/);
  assert.throws(() => parseMiniArgs(["--frob"]), UsageError);
});
