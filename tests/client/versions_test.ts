/**
 * Version negotiation against a small Lichat 1.4 server written here, the way
 * the 2019 lichat-tcp-server (lichat-serverlib) answered: it refuses 2.0 with
 * `incompatible-version :compatible-versions ("1.4")` and closes, answers a
 * 1.4 `connect` `from` its own name, and speaks the bare 1.4 names of the
 * first extensions (`data`, `backfill`, `edit`).
 */
import assert from "node:assert/strict";
import { Client, pickVersion } from "../../client/mod.ts";
import type { UpdateOf } from "../../client/mod.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A raw 1.4-style server: records every update text it gets. */
class OldServer {
  readonly listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  readonly received: string[] = [];
  readonly connections: Deno.Conn[] = [];
  #serving: Promise<void>;

  constructor() {
    this.#serving = this.#accept();
  }

  get port(): number {
    return (this.listener.addr as Deno.NetAddr).port;
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.listener) {
        this.connections.push(conn);
        this.#serve(conn).catch(() => {});
      }
    } catch {
      // Closed.
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const write = (text: string) => conn.write(enc.encode(text + "\0"));
    let buffer = "";
    const buf = new Uint8Array(65536);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) return;
      buffer += dec.decode(buf.subarray(0, n));
      let nul;
      while ((nul = buffer.indexOf("\0")) >= 0) {
        const text = buffer.slice(0, nul);
        buffer = buffer.slice(nul + 1);
        this.received.push(text);
        const head = /^\(([^\s)]+)/.exec(text)![1];
        const id = /:id (\d+)/.exec(text)![1];
        const clock = ":clock 3900000000";
        if (head === "connect" && !text.includes(':version "1.4"')) {
          await write(
            `(incompatible-version :id 1 ${clock} :from "OldServer" :update-id ${id} ` +
              `:text "The server and client versions are not compatible." :compatible-versions ("1.4"))`,
          );
          conn.close();
          return;
        }
        if (head === "connect") {
          await write(
            `(connect :id ${id} ${clock} :from "OldServer" :password () :version "1.4" ` +
              `:extensions ("shirakumo-backfill" "shirakumo-data" "shirakumo-emotes"))`,
          );
          await write(`(join :id 2 ${clock} :from "alice" :channel "OldServer")`);
        } else if (head === "join") {
          await write(`(join :id ${id} ${clock} :from "alice" :channel "lobby")`);
        } else if (head === "data" || head === "edit") {
          await write(text); // distributed back to the sender, as it was
        } else if (head === "backfill") {
          // 1.4: the backlog, with no end marker.
          await write(
            `(data :id 40 ${clock} :from "bob" :channel "lobby" :content-type "text/plain" ` +
              `:filename "old.txt" :payload "b2xk")`,
          );
          await write(`(edit :id 41 ${clock} :from "bob" :channel "lobby" :text "fixed")`);
        } else if (head === "disconnect") {
          await write(`(disconnect :id ${id} ${clock} :from "OldServer")`);
          conn.close();
          return;
        }
      }
    }
  }

  async close(): Promise<void> {
    this.listener.close();
    for (const c of this.connections) {
      try {
        c.close();
      } catch {
        // Already closed.
      }
    }
    await this.#serving;
  }
}

Deno.test("pickVersion takes the newest version the client speaks", () => {
  assert.equal(pickVersion(["1.4"]), "1.4");
  assert.equal(pickVersion(["1.3", "1.10", "1.4"]), "1.10");
  assert.equal(pickVersion(["1.5", "2.0", "3.0"]), "2.0");
  assert.equal(pickVersion(["3.0", "0.9"]), undefined);
});

Deno.test({
  name: "client: a 1.4 server gets 1.4 and its bare names; the app sees the spec's",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const old = new OldServer();
    const c = new Client({ username: "alice", hostname: "127.0.0.1", port: old.port });
    try {
      const data: UpdateOf<"shirakumo:data">[] = [];
      const edits: UpdateOf<"shirakumo:edit">[] = [];
      c.on("shirakumo:data", (u) => data.push(u));
      c.on("shirakumo:edit", (u) => edits.push(u));
      const reply = await c.open();
      assert.equal(reply.version, "1.4");
      assert.equal(c.version, "1.4");
      // The 1.4 reply is from the server's user: the client keeps its name.
      assert.equal(reply.from, "OldServer");
      assert.equal(c.username, "alice");
      assert.match(old.received[0], /^\(connect .*:version "2\.0"/);
      assert.match(old.received[1], /^\(connect .*:version "1\.4"/);
      assert.equal((await c.request("join", { channel: "lobby" })).channel, "lobby");
      assert.ok(c.channels.has("lobby"));

      const sent = c.sendData("lobby", { name: "hi.txt", data: enc.encode("hi") });
      assert.equal(sent.type, "shirakumo:data");
      c.send("shirakumo:edit", { channel: "lobby", text: "edited" });
      // 1.4's backfill has no end marker: the request resolves once sent.
      const bf = await c.request("shirakumo:backfill", { channel: "lobby" });
      assert.equal(bf.type, "shirakumo:backfill");
      const deadline = Date.now() + 5000;
      while ((data.length < 2 || edits.length < 2) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const wire = old.received.map((t) => /^\(([^\s)]+)/.exec(t)![1]);
      assert.deepEqual(wire.slice(2), ["join", "data", "edit", "backfill"]);
      assert.ok(!old.received.some((t) => t.includes("shirakumo:")), old.received.join("\n"));
      assert.match(old.received[3], /:from "alice"/);

      assert.deepEqual(data.map((u) => [u.type, u.from, u.filename]), [
        ["shirakumo:data", "alice", "hi.txt"],
        ["shirakumo:data", "bob", "old.txt"],
      ]);
      assert.deepEqual(edits.map((u) => [u.type, u.from, u.text]), [
        ["shirakumo:edit", "alice", "edited"],
        ["shirakumo:edit", "bob", "fixed"],
      ]);
    } finally {
      await c.close();
      await old.close();
    }
  },
});
