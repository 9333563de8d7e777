/** The log never carries a password, even at --log-level debug, which logs every update. */
import assert from "node:assert/strict";
import { connectRetrying, deno, linesMatching, reap, serverArgs } from "../helpers/process.ts";
import { freePort } from "../helpers/server.ts";

Deno.test({
  name: "--log-level debug logs updates without their passwords",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const child = deno([...serverArgs(port), "--log-level", "debug"]).spawn();
    try {
      const c = await connectRetrying(port);
      await c.handshake("alice");
      await c.send('(register :id 2 :password "sekrit-one")');
      await c.expect("register");
      await c.send(
        '(connect :id 3 :version "2.0" :from "alice" :password "sekrit-two" :extensions ())',
      );
      await c.expect("already-connected");
      c.close();
      // The close is logged after every update the connection sent.
      const { text } = await linesMatching(child.stderr, /Connection \d+ closed: /, 1);
      assert.match(text, /sent "?register/, "updates are logged");
      assert.doesNotMatch(text, /sekrit/);
    } finally {
      await reap(child);
    }
  },
});
