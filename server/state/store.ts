/**
 * Where lasting state lives: profiles and channels, what extensions keep
 * (as rows of JSON under their name), and the updates channels keep
 * (`history`, see history.ts). The actor keeps its working copy in memory
 * and writes each change through this interface, so its logic does not
 * depend on the storage behind it.
 *
 * @module
 */
import type { ChannelKind, Rule } from "../permissions.ts";
import type { HistoryStore } from "./history.ts";
import { MemoryHistory } from "./memory_history.ts";

/** A profile as stored. */
export interface ProfileRecord {
  /** The registered name. */
  readonly name: string;
  /** The password hash. */
  readonly hash: string;
  /** Registration time, Lichat time. */
  readonly registeredOn: number;
  /** Last use, Lichat time. */
  readonly lastSeen: number;
}

/** A channel as stored. */
export interface ChannelRecord {
  /** The channel's name. */
  readonly name: string;
  /** Its kind. */
  readonly kind: ChannelKind;
  /** Its creator. */
  readonly registrant: string;
  /** Its rules, by update class. */
  readonly permissions: ReadonlyArray<readonly [string, Rule]>;
  /** Creation time, Lichat time. */
  readonly createdOn: number;
}

/** What an extension's kept value belongs to. */
export type Scope = "server" | "channel" | "profile";

/** One value an extension keeps: under its name, for an owner, by key. */
export interface KeptRecord {
  /** The extension's name (`shirakumo-emotes`). */
  readonly extension: string;
  /** What the owner is. */
  readonly scope: Scope;
  /** The owner's name key (a channel's or profile's); empty for the server. */
  readonly owner: string;
  /** The value's key within the owner (an emote's name); empty for one value. */
  readonly key: string;
  /** The value, as JSON. */
  readonly value: string;
}

/** Lasting storage of profiles, channels, extension values and channel history. */
export interface Store {
  /** The updates channels keep, for backfill and search. */
  readonly history: HistoryStore;
  /** Every stored profile. */
  loadProfiles(): ProfileRecord[];
  /** Create or replace a profile. */
  saveProfile(p: ProfileRecord): void;
  /** Remove a profile by name key, and every value kept for it. */
  deleteProfile(key: string): void;
  /** Every stored channel. */
  loadChannels(): ChannelRecord[];
  /** Create or replace a channel. */
  saveChannel(c: ChannelRecord): void;
  /** Remove a channel by name key, and every value kept for it. */
  deleteChannel(key: string): void;
  /** Every value an extension keeps. */
  loadKept(extension: string): KeptRecord[];
  /** Create or replace a kept value. */
  keep(record: KeptRecord): void;
  /** Remove an owner's kept value of `key`, or (without a key) all of the owner's. */
  forget(extension: string, scope: Scope, owner: string, key?: string): void;
  /**
   * Make lasting, in one transaction, what was written since the last
   * commit (a database file). The actor calls it when its inbox is empty,
   * before any byte of what it handled is written to a socket.
   */
  commit?(): void;
  /** Commit, and release what the store holds open (a database file), if anything. */
  close?(): void;
}

/** The map key of a kept value. */
function keptKey(extension: string, scope: Scope, owner: string, key: string): string {
  return JSON.stringify([extension, scope, owner, key]);
}

/**
 * A store that lives as long as the process: the default; `--database`
 * uses `SqliteStore` from `sqlite.ts` instead.
 */
export class MemoryStore implements Store {
  readonly #profiles = new Map<string, ProfileRecord>();
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #kept = new Map<string, KeptRecord>();
  /** The history, bounded by `--backlog` and `--history`. */
  readonly history: HistoryStore = new MemoryHistory();
  /** Key function used for both maps. */
  readonly #key: (name: string) => string;

  /** Make an empty store keyed by `key` (the server's name key). */
  constructor(key: (name: string) => string) {
    this.#key = key;
  }

  loadProfiles(): ProfileRecord[] {
    return [...this.#profiles.values()];
  }
  saveProfile(p: ProfileRecord): void {
    this.#profiles.set(this.#key(p.name), p);
  }
  deleteProfile(key: string): void {
    this.#profiles.delete(key);
    this.#forgetOwner("profile", key);
  }
  loadChannels(): ChannelRecord[] {
    return [...this.#channels.values()];
  }
  saveChannel(c: ChannelRecord): void {
    this.#channels.set(this.#key(c.name), c);
  }
  deleteChannel(key: string): void {
    this.#channels.delete(key);
    this.#forgetOwner("channel", key);
  }
  loadKept(extension: string): KeptRecord[] {
    return [...this.#kept.values()].filter((r) => r.extension === extension);
  }
  keep(record: KeptRecord): void {
    this.#kept.set(keptKey(record.extension, record.scope, record.owner, record.key), record);
  }
  forget(extension: string, scope: Scope, owner: string, key?: string): void {
    if (key !== undefined) {
      this.#kept.delete(keptKey(extension, scope, owner, key));
      return;
    }
    for (const [k, r] of this.#kept) {
      if (r.extension === extension && r.scope === scope && r.owner === owner) this.#kept.delete(k);
    }
  }
  #forgetOwner(scope: Scope, owner: string): void {
    for (const [k, r] of this.#kept) {
      if (r.scope === scope && r.owner === owner) this.#kept.delete(k);
    }
  }
}
