/**
 * Input history, kept per user in the user's config directory
 * (`$XDG_CONFIG_HOME/lichat/history-NAME`, else `~/.config/lichat/…`), one
 * line per entry, oldest first. Secrets (`/register PASSWORD`) never enter it.
 *
 * @example
 * ```ts
 * import { historyPath, isSecret } from "./history.ts";
 * historyPath({ HOME: "/home/a" }, "alice"); // "/home/a/.config/lichat/history-alice"
 * isSecret("/register hunter22"); // true
 * ```
 *
 * @module
 */

/** Does this typed line hold a secret, so that it must not be kept or shown? */
export function isSecret(line: string): boolean {
  return /^\/register\s+\S/i.test(line.trim());
}

/** Where `username`'s history lives, or undefined when no home is known. */
export function historyPath(
  env: { XDG_CONFIG_HOME?: string; HOME?: string },
  username: string,
): string | undefined {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? `${env.HOME}/.config` : undefined);
  if (!base) return undefined;
  return `${base}/lichat/history-${encodeURIComponent(username.toLowerCase())}`;
}

/** The saved history, newest first (as `node:readline` keeps it), at most `max` entries. */
export async function loadHistory(path: string, max: number): Promise<string[]> {
  try {
    const lines = (await Deno.readTextFile(path)).split("\n").filter((l) => l !== "");
    return lines.filter((l) => !isSecret(l)).slice(-max).reverse();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

/**
 * Save `history` (newest first), readable only by the user. Synchronous, so
 * that the line that ends the session (`/quit`) is kept too.
 */
export function saveHistory(path: string, history: readonly string[]): void {
  const dir = path.slice(0, path.lastIndexOf("/"));
  Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = [...history].filter((l) => !isSecret(l)).reverse().join("\n");
  Deno.writeTextFileSync(path, text === "" ? "" : text + "\n", { mode: 0o600 });
}
