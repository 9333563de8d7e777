/** The gateway's pure parts: IRC lines, framing, the name escapes and text conversion. */
import assert from "node:assert/strict";
import { isValidName } from "../../protocol/mod.ts";
import { LineFramer } from "../../server/irc/framer.ts";
import { formatMessage, parseMessage } from "../../server/irc/message.ts";
import { ircChannel, ircNick, lichatChannel, lichatNick } from "../../server/irc/names.ts";
import { cutLine, fromIrcText, stripFormatting, toIrcLines } from "../../server/irc/text.ts";

Deno.test("IRC lines: tags, source, command and parameters both ways", () => {
  const m = parseMessage("@a=1\\s2;b :nick!u@h privmsg #c  :hello : there")!;
  assert.deepEqual(m, {
    tags: { a: "1 2", b: "" },
    source: "nick!u@h",
    command: "PRIVMSG",
    params: ["#c", "hello : there"],
  });
  assert.equal(formatMessage(m), "@a=1\\s2;b :nick!u@h PRIVMSG #c :hello : there");
  assert.equal(formatMessage({ tags: {}, command: "X", params: ["a", ""] }), "X a :");
  assert.equal(formatMessage({ tags: {}, command: "X", params: [":a"] }), "X ::a");
  assert.deepEqual(parseMessage("PING")!.params, []);
  assert.equal(parseMessage("   "), undefined);
  assert.equal(parseMessage("@t=x;y=\\:\\\\ CMD")!.tags.y, ";\\");
});

Deno.test("IRC framing: LF, CR LF and CR end lines; too long and bad UTF-8 are told", () => {
  const f = new LineFramer(10);
  const enc = new TextEncoder();
  assert.deepEqual(f.push(enc.encode("A\r\nB\nC\rD")), [
    { kind: "line", text: "A" },
    { kind: "line", text: "B" },
    { kind: "line", text: "C" },
  ]);
  assert.deepEqual(f.push(enc.encode("E\r\n")), [{ kind: "line", text: "DE" }]);
  assert.deepEqual(f.push(enc.encode("0123456789X")), [{ kind: "too-long" }]);
  assert.deepEqual(f.push(enc.encode("more\r\nok\r\n")), [{ kind: "line", text: "ok" }]);
  assert.deepEqual(f.push(new Uint8Array([0xc3, 0x0a])), [{ kind: "bad-utf8" }]);
});

Deno.test("names: every Lichat name is an IRC name that maps back to it", () => {
  const names = [
    "alice",
    "Guest 1a2b",
    "50% off",
    "a,b!c@d*e?f:g",
    "#hash",
    "&amp",
    "+plus",
    "~tilde",
    "$dollar",
    "snow☃man",
    "日本語",
  ];
  for (const n of names) {
    assert.ok(isValidName(n), n);
    const nick = ircNick(n);
    assert.ok(!/[ ,!@*?:]/.test(nick) && !/^[#&$+~]/.test(nick), nick);
    assert.equal(lichatNick(nick), n);
    const channel = ircChannel(n);
    assert.ok(channel.startsWith("#") && !/[ ,]/.test(channel), channel);
    assert.equal(lichatChannel(channel), n);
  }
  assert.equal(ircNick("Guest 1a2b"), "Guest%201a2b");
  assert.equal(ircChannel("#rust"), "##rust");
  assert.equal(lichatChannel("##rust"), "#rust");
  assert.equal(lichatChannel("#@a1b2"), "@a1b2");
  assert.equal(lichatNick("50%"), undefined);
  assert.equal(lichatNick("a%2"), undefined);
  assert.equal(lichatNick("x".repeat(33)), undefined);
  assert.equal(lichatChannel("nohash"), undefined);
  assert.equal(lichatNick("lower%2fcase"), "lower/case");
});

Deno.test("text: formatting dropped, ACTION as *name text*, Lichat lines cut to fit", () => {
  assert.equal(stripFormatting("\x02b\x02 \x0312,4c\x03 \x1di\x1d \x0fr"), "b c i r");
  assert.equal(fromIrcText("\x01ACTION waves\x01", "ada"), "*ada waves*");
  assert.equal(fromIrcText("\x01ACTION \x02big\x02 wave", "ada"), "*ada big wave*");
  assert.equal(fromIrcText("\x01PING 123\x01", "ada"), undefined);
  assert.deepEqual(toIrcLines("*ada waves*", "ADA", 100), { action: true, lines: ["waves"] });
  assert.deepEqual(toIrcLines("*bob waves*", "ada", 100), {
    action: false,
    lines: ["*bob waves*"],
  });
  assert.deepEqual(toIrcLines("a\r\nb\x01\n\nc", "ada", 100), {
    action: false,
    lines: ["a", "b", "c"],
  });
  const cut = cutLine("ab😀cd", 5);
  assert.deepEqual(cut, ["ab", "😀c", "d"]);
  for (const piece of cutLine("é".repeat(300), 101)) {
    assert.ok(new TextEncoder().encode(piece).length <= 101);
  }
});
