/** shirakumo-otp: one-time passwords (TOTP) on top of a profile's password. */
import assert from "node:assert/strict";
import { decodeBase32, totp, validOtpKey, verifyTotp } from "../../server/extensions/totp.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

// RFC 6238's secret, "12345678901234567890", in base32.
const KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

Deno.test("TOTP: RFC 6238's SHA-1 test vectors, and the window", async () => {
  const secret = decodeBase32(KEY)!;
  for (
    const [t, code] of [[59, "94287082"], [1111111109, "07081804"], [
      20000000000,
      "65353130",
    ]] as const
  ) assert.equal(await totp(secret, t, 8), code);
  const now = 1_700_000_000_000;
  const code = await totp(secret, now / 1000);
  assert.ok(await verifyTotp(KEY, code, now));
  assert.ok(await verifyTotp(KEY, code, now + 30_000), "one step late");
  assert.ok(!(await verifyTotp(KEY, code, now + 90_000)), "three steps late");
  assert.ok(!(await verifyTotp(KEY, "12345", now)));
  assert.ok(validOtpKey(KEY) && !validOtpKey("GEZDG") && !validOtpKey("not base32!"));
});

serverTest("otp: a registered key makes connect need the current code", async (srv) => {
  const a = await srv.user("alice");
  await a.send(`(register :id 1 :password "alice-pw" shirakumo:otp-key "short")`);
  await expectFailure(a, "shirakumo:invalid-otp-key", 1);
  await a.send(`(register :id 2 :password "alice-pw" shirakumo:otp-key "${KEY}")`);
  assert.equal((await a.expect("register")).id, 2);
  const login = async (token?: string) => {
    const c = await srv.client();
    const otp = token === undefined ? "" : ` shirakumo:otp-token "${token}"`;
    await c.send(
      `(connect :id 3 :version "2.0" :from "alice" :password "alice-pw" :extensions ()${otp})`,
    );
    return (await c.next()).type;
  };
  assert.equal(await login(), "invalid-password");
  assert.equal(await login("000000"), "invalid-password");
  assert.equal(await login(await totp(decodeBase32(KEY)!, Date.now() / 1000)), "connect");
  // An empty key turns it off.
  await a.send('(register :id 4 :password "alice-pw" shirakumo:otp-key "")');
  await a.expect("register");
  assert.equal(await login(), "connect");
  const reply = await (await srv.client()).handshake("bob");
  assert.ok((reply.extensions as string[]).includes("shirakumo-otp"));
});
