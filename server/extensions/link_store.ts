/**
 * The payload store of `shirakumo-link` (shirakumo.mess §12): `data`
 * payloads kept in memory under unguessable tokens and served over HTTP by
 * the WebSocket listener at `/link/<token>`. At most `--link-storage` bytes
 * are kept; the oldest payloads go first, and a channel's go with it.
 *
 * @example
 * ```ts
 * import { LinkStore } from "./link_store.ts";
 * const store = new LinkStore(1024);
 * const token = store.put("lobby", "image/png", "cat.png", new Uint8Array([1, 2]), "t0k3n");
 * store.get(token)?.contentType; // "image/png"
 * ```
 *
 * @module
 */
/** A stored payload. */
export interface Link {
  /** The channel's name key. */
  readonly channel: string;
  /** The payload's content type. */
  readonly contentType: string;
  /** The file name given, if any. */
  readonly filename: string | undefined;
  /** The payload. */
  readonly bytes: Uint8Array;
}

/** The URL path under which payloads are served. */
export const LINK_PATH = "/link/";

/** Payloads by token, oldest first, within a byte budget. */
export class LinkStore {
  readonly #max: () => number;
  readonly #links = new Map<string, Link>();
  #size = 0;

  /**
   * Make a store that keeps at most `maxBytes` of payloads: a number, or
   * a function asked at each `put` (an option a reload may change).
   */
  constructor(maxBytes: number | (() => number)) {
    this.#max = typeof maxBytes === "number" ? () => maxBytes : maxBytes;
  }

  /** Bytes held. */
  get size(): number {
    return this.#size;
  }

  /** Keep a payload under `token` (unguessable); returns the token. */
  put(
    channel: string,
    contentType: string,
    filename: string | undefined,
    bytes: Uint8Array,
    token: string,
  ): string {
    this.#links.set(token, { channel, contentType, filename, bytes });
    this.#size += bytes.length;
    // Maps iterate in insertion order: the first entries are the oldest.
    const max = this.#max();
    for (const [t, l] of this.#links) {
      if (this.#size <= max) break;
      this.#links.delete(t);
      this.#size -= l.bytes.length;
    }
    return token;
  }

  /** The payload of a token, if it is still kept. */
  get(token: string): Link | undefined {
    return this.#links.get(token);
  }

  /** Forget every payload of a channel that is gone (§12: they must be deleted). */
  dropChannel(channel: string): void {
    for (const [t, l] of this.#links) {
      if (l.channel !== channel) continue;
      this.#links.delete(t);
      this.#size -= l.bytes.length;
    }
  }

  /** The HTTP answer for a request path under {@linkcode LINK_PATH}. */
  serve(path: string): Response {
    const link = this.get(path.slice(LINK_PATH.length));
    if (!link) return new Response("Not found\n", { status: 404 });
    const headers: Record<string, string> = {
      "content-type": link.contentType,
      "x-content-type-options": "nosniff",
    };
    if (link.filename) {
      headers["content-disposition"] = `inline; filename*=UTF-8''${
        encodeURIComponent(link.filename)
      }`;
    }
    return new Response(link.bytes as Uint8Array<ArrayBuffer>, { headers });
  }
}
