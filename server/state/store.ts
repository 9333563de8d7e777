/**
 * Where lasting state lives: profiles and channels. The actor keeps its
 * working copy in memory and writes each change through this interface, so
 * its logic does not depend on the storage behind it.
 *
 * @module
 */
import type { Rule } from "../permissions.ts";
import type { ChannelKind } from "../permissions.ts";
import type { Emote } from "./model.ts";

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
  /** shirakumo-user-info values by key name; absent keys are unset. */
  readonly info?: ReadonlyArray<readonly [string, string]>;
  /** shirakumo-block: the names this user blocked. */
  readonly blocks?: readonly string[];
  /** shirakumo-otp: the TOTP secret; absent or empty for none. */
  readonly otpKey?: string;
  /** shirakumo-shared-identity: keys lent out and their redeemers. */
  readonly lending?: ReadonlyArray<readonly [string, string | null]>;
  /** shirakumo-shared-identity: the names this user may send as. */
  readonly identities?: readonly string[];
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
  /** shirakumo-channel-info values by key name; absent keys are empty. */
  readonly info?: ReadonlyArray<readonly [string, string]>;
  /** shirakumo-roles: name, permissions, members of each; absent: the default roles. */
  readonly roles?: ReadonlyArray<StoredRole>;
}

/** A role as stored. */
export interface StoredRole {
  /** Its name. */
  readonly name: string;
  /** Update classes it grants (true) or denies (false). */
  readonly permissions: ReadonlyArray<readonly [string, boolean]>;
  /** Its members' names. */
  readonly members: readonly string[];
}

/** Lasting storage of profiles and channels. */
export interface Store {
  /** Every stored profile. */
  loadProfiles(): ProfileRecord[];
  /** Create or replace a profile. */
  saveProfile(p: ProfileRecord): void;
  /** Remove a profile by name key. */
  deleteProfile(key: string): void;
  /** Every stored channel. */
  loadChannels(): ChannelRecord[];
  /** Create or replace a channel. */
  saveChannel(c: ChannelRecord): void;
  /** Remove a channel by name key. */
  deleteChannel(key: string): void;
  /** Every blacklisted user name (shirakumo-server-management). */
  loadBlacklist(): string[];
  /** Add a name to the blacklist. */
  addToBlacklist(name: string): void;
  /** Take a name off the blacklist, by name key. */
  removeFromBlacklist(key: string): void;
  /** Every channel's emotes (shirakumo-emotes), with the channel's name key. */
  loadEmotes(): { channel: string; emote: Emote }[];
  /** Create or replace an emote of the channel with name key `channel`. */
  saveEmote(channel: string, emote: Emote): void;
  /** Remove an emote, by the channel's name key and the emote's lower-cased name. */
  deleteEmote(channel: string, name: string): void;
  /** Every address ban (shirakumo-ip), as address and mask texts. */
  loadIpBlacklist(): [string, string][];
  /** Add an address ban. */
  addIpBan(ip: string, mask: string): void;
  /** Remove an address ban. */
  removeIpBan(ip: string, mask: string): void;
  /** Release what the store holds open (a database file), if anything. */
  close?(): void;
}

/**
 * A store that lives as long as the process: the default; `--database`
 * uses {@linkcode SqliteStore} from `sqlite.ts` instead.
 */
export class MemoryStore implements Store {
  readonly #profiles = new Map<string, ProfileRecord>();
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #blacklist = new Map<string, string>();
  readonly #ipBans = new Map<string, [string, string]>();
  readonly #emotes = new Map<string, { channel: string; emote: Emote }>();
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
  }
  loadChannels(): ChannelRecord[] {
    return [...this.#channels.values()];
  }
  saveChannel(c: ChannelRecord): void {
    this.#channels.set(this.#key(c.name), c);
  }
  deleteChannel(key: string): void {
    this.#channels.delete(key);
    for (const [k, e] of this.#emotes) if (e.channel === key) this.#emotes.delete(k);
  }
  loadBlacklist(): string[] {
    return [...this.#blacklist.values()];
  }
  addToBlacklist(name: string): void {
    this.#blacklist.set(this.#key(name), name);
  }
  removeFromBlacklist(key: string): void {
    this.#blacklist.delete(key);
  }
  loadIpBlacklist(): [string, string][] {
    return [...this.#ipBans.values()];
  }
  loadEmotes(): { channel: string; emote: Emote }[] {
    return [...this.#emotes.values()];
  }
  saveEmote(channel: string, emote: Emote): void {
    this.#emotes.set(`${channel} ${emote.name.toLowerCase()}`, { channel, emote });
  }
  deleteEmote(channel: string, name: string): void {
    this.#emotes.delete(`${channel} ${name}`);
  }
  addIpBan(ip: string, mask: string): void {
    this.#ipBans.set(`${ip} ${mask}`, [ip, mask]);
  }
  removeIpBan(ip: string, mask: string): void {
    this.#ipBans.delete(`${ip} ${mask}`);
  }
}
