/**
 * How the terminal client shows what arrives: `HH:MM <from> text` for what
 * is said (with `[channel]` in front when it is not the current channel, a
 * private conversation by the other user's name), `** …` (dim) for
 * everything else; mentions of the user highlighted.
 *
 * @example
 * ```ts
 * import { Formatter } from "./format.ts";
 * import { Style } from "./style.ts";
 * const f = new Formatter(new Style(false), {
 *   me: () => "alice", current: () => "lobby", label: (c) => c, serverName: () => "Home",
 *   said: () => undefined,
 * });
 * f.format({ type: "message", id: 1, from: "bob", channel: "lobby", text: "hi", clock: 3900000000 });
 * // "HH:MM <bob> hi"
 * ```
 *
 * @module
 */
import { fromUniversalTime, type Id, isSym, type Update, type Value } from "../../protocol/mod.ts";
import { isFailure, isNotice } from "../pending.ts";
import { markMentions, type Style } from "./style.ts";

/** What formatting needs to know of the session. */
export interface View {
  /** The user's own name. */
  me(): string;
  /** The current channel. */
  current(): string;
  /** How to show a channel: a private conversation by the other member's name. */
  label(channel: string): string;
  /** The server's name (its primary channel). */
  serverName(): string;
  /** An earlier message in `channel` by `from` with id `id`, if remembered. */
  said(channel: string, from: string, id: Id): Update | undefined;
}

/** `HH:MM` of an update's clock (or of now). */
export function hhmm(u: Update): string {
  const d = u.clock === undefined ? new Date() : new Date(fromUniversalTime(u.clock));
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** A field's value as text. */
export function show(v: Value | undefined): string {
  if (v === undefined) return "";
  if (Array.isArray(v)) return v.map(show).join(", ");
  if (isSym(v)) return v.name;
  return String(v);
}

function shorten(text: string, n = 40): string {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

function size(payload: Value | undefined): string {
  const n = typeof payload === "string" ? Math.floor(payload.length * 3 / 4) : 0;
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/** Turns updates into lines for the screen. */
export class Formatter {
  readonly #s: Style;
  readonly #v: View;

  /** Format with `style`, asking `view` about the session. */
  constructor(style: Style, view: View) {
    this.#s = style;
    this.#v = view;
  }

  /** A notice line. */
  notice(text: string): string {
    return this.#s.dim(`** ${text}`);
  }

  /** An error line. */
  error(text: string): string {
    return this.#s.error(`** Error: ${text}`);
  }

  #where(u: Update): string {
    const c = typeof u.channel === "string" ? u.channel : "";
    return c === "" || c === this.#v.current() ? "" : this.#s.bold(`[${this.#v.label(c)}]`) + " ";
  }

  #said(u: Update, text: string, suffix = ""): string {
    const from = show(u.from);
    const marked = from.toLowerCase() === this.#v.me().toLowerCase()
      ? undefined
      : markMentions(text, this.#v.me(), (m) => this.#s.mention(m));
    return `${hhmm(u)} ${this.#where(u)}<${this.#s.name(from)}> ${marked ?? text}${suffix}`;
  }

  /** The line to print for an incoming update, or undefined for none. */
  format(u: Update): string | undefined {
    const ch = typeof u.channel === "string" ? this.#v.label(u.channel) : "";
    switch (u.type) {
      case "message":
        return this.#said(u, show(u.text));
      case "shirakumo:edit":
        return u.text === ""
          ? this.notice(`${show(u.from)} deleted a message in ${ch}`)
          : this.#said(u, show(u.text), this.#s.dim(" (edited)"));
      case "shirakumo:data":
        return this.#said(
          u,
          this.#s.dim(
            `sent ${show(u.filename) || "a file"} (${show(u["content-type"])}, ${size(u.payload)})`,
          ),
        );
      case "shirakumo:react": {
        const m = this.#v.said(show(u.channel), show(u.target), u["update-id"] as Id);
        const what = m ? `"${shorten(show(m.text))}"` : "a message";
        return this.notice(
          `${show(u.from)} reacted ${show(u.emote)} to ${show(u.target)}'s ${what}`,
        );
      }
      case "shirakumo:set-channel-info":
        return this.notice(`${show(u.key)} of ${ch}: ${show(u.text) || "(none)"}`);
      case "join":
      case "leave": {
        const verb = u.type === "join" ? "joined" : "left";
        if (!show(u.channel).startsWith("@")) return this.notice(`${show(u.from)} ${verb} ${ch}`);
        const peer = ch === show(u.from) ? "" : ` with ${ch}`;
        return this.notice(`${show(u.from)} ${verb} the private conversation${peer}`);
      }
      case "kick":
        return this.notice(`${show(u.from)} kicked ${show(u.target)} from ${ch}`);
      case "users":
        return this.notice(`Users in ${ch}: ${show(u.users)}`);
      case "channels":
        return this.notice(`Channels: ${show(u.channels)}`);
      case "user-info":
        return this.notice(
          `${show(u.target)}: ${show(u.connections)} connection(s), ${
            u.registered && show(u.registered) !== "nil" ? "registered" : "not registered"
          }`,
        );
      case "register":
        return this.notice("Registered; from now on log in with --password or LICHAT_PASSWORD.");
      case "ping":
      case "pong":
      case "connect":
      case "disconnect":
      case "shirakumo:backfill":
      case "shirakumo:search":
      case "shirakumo:typing":
      case "shirakumo:channel-info":
        return undefined;
      default:
        if (isFailure(u) || isNotice(u)) {
          return this.error(`${u.type}${u.text ? `: ${show(u.text)}` : ""}`);
        }
        return this.notice(`${u.type} from ${show(u.from) || "?"}`);
    }
  }
}
