/**
 * Which protocol version the client speaks on a connection, and that
 * version's names for updates.
 *
 * The client asks for Lichat 2.0. A server that refuses with
 * `incompatible-version` lists its `compatible-versions`; the client retries
 * with the newest of them that it speaks (2.0 or any 1.x). Lichat 1.4 (the
 * 2019 lichat-protocol and lichat-serverlib) defined the first extensions'
 * updates in the `lichat` package: bare `backfill`, `data`, `emotes`,
 * `emote`, `edit` and `bad-content-type`, where the spec now has
 * `shirakumo:backfill` and so on. On a 1.x connection the client prints those
 * bare names and reads them back as the spec's, so that the application
 * only ever sees the spec's names.
 *
 * 1.4's `emote` and `emotes` name no channel (emotes were server-wide): the
 * client fills in the primary channel, as shirakumo.mess §3 step 1 does for a
 * missing one. 1.4's `backfill` and `emotes` send nothing back at the end,
 * and its `connect` reply is `from` the server's user (1.4 §4.1), not the
 * user (2.0 §4.1 step 11), so the client keeps its own name.
 *
 * @example
 * ```ts
 * import { dialectFor, pickVersion } from "./dialect.ts";
 * pickVersion(["1.3", "1.4", "3.0"]); // "1.4"
 * dialectFor("1.4").outgoing("shirakumo:data"); // "data"
 * ```
 *
 * @module
 */
import { defaultRegistry, ERRATA, Registry, type Update } from "../protocol/mod.ts";
import { DEFINITIONS } from "../protocol/spec/definitions.generated.ts";

/** The version the client asks for first. */
export const PREFERRED_VERSION = "2.0";

/** Does the client speak version `v` (2.0, or 1.x)? */
export function speaksVersion(v: string): boolean {
  return /^2(\.0)?$/.test(v) || /^1(\.\d+){0,2}$/.test(v);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number), pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest of `offered` that the client speaks, if any. */
export function pickVersion(offered: readonly string[]): string | undefined {
  return offered.filter(speaksVersion).sort(compareVersions).at(-1);
}

/**
 * The version to ask for after `reply` refused version `current`: the newest
 * of its `compatible-versions` the client speaks, if that is another one.
 */
export function versionToRetry(reply: Update, current: string): string | undefined {
  const offered = reply["compatible-versions"];
  if (reply.type !== "incompatible-version" || !Array.isArray(offered)) return undefined;
  const v = pickVersion(offered.filter((x): x is string => typeof x === "string"));
  return v === current ? undefined : v;
}

/** The spec's names of the updates 1.4 defined without a package. */
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  "backfill": "shirakumo:backfill",
  "data": "shirakumo:data",
  "emotes": "shirakumo:emotes",
  "emote": "shirakumo:emote",
  "edit": "shirakumo:edit",
  "bad-content-type": "shirakumo:bad-content-type",
};

const SPEC_TO_LEGACY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LEGACY_NAMES).map(([legacy, spec]) => [spec, legacy]),
);

/** 1.4's own classes, as lichat-protocol 1.4 defined them. */
const LEGACY_DEFINITIONS = `
(define-object lichat:backfill (lichat:channel-update))
(define-object lichat:data (lichat:channel-update)
  (:content-type string)
  (:filename string :optional)
  (:payload string))
(define-object lichat:emotes (lichat:update)
  (:names (list string) :optional))
(define-object lichat:emote (lichat:update)
  (:content-type string)
  (:name string)
  (:payload string))
(define-object lichat:edit (lichat:message))
(define-object lichat:bad-content-type (lichat:update-failure)
  (:allowed-content-types (list string) :optional))
`;

let legacyRegistry: Registry | undefined;

/** How one protocol version names updates on the wire. */
export interface Dialect {
  /** The version, as sent in `connect`. */
  readonly version: string;
  /** The classes to read and print with. */
  readonly registry: Registry;
  /** Is this a 1.x connection? */
  readonly legacy: boolean;
  /** The wire name of the spec's class `type`. */
  outgoing(type: string): string;
  /** The update as the application sees it: spec names; `primary` fills a missing channel. */
  incoming(u: Update, primary: string): Update;
  /** Does a request of this (spec) class get no reply in this version? */
  unanswered(type: string): boolean;
}

const MODERN: Dialect = {
  version: PREFERRED_VERSION,
  registry: defaultRegistry,
  legacy: false,
  outgoing: (type) => type,
  incoming: (u) => u,
  unanswered: () => false,
};

/** The dialect of version `v`. */
export function dialectFor(v: string): Dialect {
  if (!v.startsWith("1")) return v === PREFERRED_VERSION ? MODERN : { ...MODERN, version: v };
  legacyRegistry ??= new Registry([...DEFINITIONS, ERRATA, LEGACY_DEFINITIONS]);
  return {
    version: v,
    registry: legacyRegistry,
    legacy: true,
    outgoing: (type) => SPEC_TO_LEGACY[type] ?? type,
    incoming(u, primary) {
      const type = LEGACY_NAMES[u.type];
      if (type === undefined) return u;
      const out: Update = { ...u, type };
      if ((type === "shirakumo:emote" || type === "shirakumo:emotes") && !u.channel) {
        out.channel = primary;
      }
      return out;
    },
    unanswered: (type) => type === "shirakumo:backfill" || type === "shirakumo:emotes",
  };
}
