/**
 * The client library's types: `deno test` type-checks this file, so each
 * `@ts-expect-error` line must really be an error (else the check fails), and
 * the typed calls run against a real server so the types describe what comes.
 */
import assert from "node:assert/strict";
import { Client, FailureError } from "../../client/mod.ts";
import type { Fields, ReplyOf, UpdateOf } from "../../client/mod.ts";
import type { Join, Message, Pong, Users } from "../../protocol/mod.ts";
import { serverTest } from "../helpers/server.ts";

/** Compile-time equality of two types. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
const typeIs = <T extends true>(_: T) => {};

typeIs<Equal<ReplyOf<"create">, UpdateOf<"join">>>(true);
typeIs<Equal<ReplyOf<"join">, UpdateOf<"join">>>(true);
typeIs<Equal<ReplyOf<"ping">, UpdateOf<"pong">>>(true);
typeIs<Equal<ReplyOf<"users">, UpdateOf<"users">>>(true);
typeIs<Equal<ReplyOf<"shirakumo:data">, UpdateOf<"shirakumo:data"> | UpdateOf<"message">>>(true);
// What the client hands out is still the generated interface.
const asJoin = (u: ReplyOf<"create">): Join => u;
const asUsers = (u: ReplyOf<"users">): Users => u;

/** Never called: only compiled. */
function misuses(c: Client): void {
  // @ts-expect-error: a misspelt field.
  c.request("join", { chanel: "x" });
  // @ts-expect-error: a misspelt type.
  c.send("mesage", { channel: "x", text: "hi" });
  // @ts-expect-error: a required field missing.
  c.send("message", { channel: "x" });
  // @ts-expect-error: a field of the wrong type.
  c.send("message", { channel: "x", text: 5 });
  // @ts-expect-error: handlers get the class's interface.
  c.on("message", (u) => u.txt);
  // @ts-expect-error: an unknown class to listen to.
  c.on("mesage", () => {});
  // @ts-expect-error: a reply's fields are typed.
  c.request("users", { channel: "x" }).then((u) => u.users.toFixed());
  // @ts-expect-error: sendData wants bytes.
  c.sendData("x", { name: "a.png", data: "not bytes" });
  const ok: Fields<"message"> = { channel: "x", text: "hi", id: 5, clock: 1, from: "me" };
  c.send("message", ok);
}

serverTest("client types: typed requests, handlers and replies against the server", async (srv) => {
  const a = new Client({ username: "alice", hostname: "127.0.0.1", port: srv.port });
  const b = new Client({ username: "bob", hostname: "127.0.0.1", port: srv.port });
  try {
    assert.equal(typeof misuses, "function");
    assert.equal(typeof asJoin, "function");
    assert.equal(typeof asUsers, "function");
    await a.open();
    await b.open();
    const join: Join = await a.request("create", { channel: "room" });
    assert.equal(join.channel, "room");
    await b.request("join", { channel: "room" });
    const seen: string[] = [];
    const got = new Promise<Message>((resolve) =>
      b.on("message", (u) => {
        seen.push(u.text.toUpperCase()); // u.text is a string
        if (u.channel === "room") resolve(u);
      })
    );
    const sent: Message = a.send("message", { channel: "room", text: "typed" });
    assert.equal(sent.type, "message");
    assert.equal((await got).id, sent.id);
    assert.deepEqual(seen, ["TYPED"]);
    const users = await a.request("users", { channel: "room" });
    assert.deepEqual([...(users.users ?? [])].sort(), ["alice", "bob"]);
    const pong: Pong = await a.request("ping", {});
    assert.equal(pong.type, "pong");
    await assert.rejects(a.request("join", { channel: "room" }), (e) => {
      return e instanceof FailureError && e.failure.type === "already-in-channel";
    });
  } finally {
    await a.close();
    await b.close();
  }
});
