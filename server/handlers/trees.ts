/**
 * `shirakumo-channel-trees` (shirakumo.mess §5): `a/b` is a channel inside
 * `a`. Its parent must exist when it is created and decides whether it may
 * be (server/checks.ts); `channels` lists one level of the tree.
 *
 * @module
 */

/** The slash rule: `/` only between two characters that are not `/`. */
const TREE_NAME = /^[^/]+(?:\/[^/]+)*$/;

/**
 * Does `name` keep the slash rule of §5?
 *
 * @example
 * ```ts
 * validTreeName("games/chess"); // true
 * validTreeName("games//chess"); // false
 * ```
 */
export function validTreeName(name: string): boolean {
  return TREE_NAME.test(name);
}

/**
 * The parent channel's name: up to the last `/`, or undefined for a
 * top-level channel, whose parent is the primary channel.
 */
export function parentName(name: string): string | undefined {
  const slash = name.lastIndexOf("/");
  return slash < 0 ? undefined : name.slice(0, slash);
}
