/**
 * Prints the example configuration file, made from the option table
 * (server/options/): `deno run build/config_example.ts > deploy/lichat.toml`.
 * `tests/server/config_test.ts` checks the file against the same rows.
 *
 * @module
 */
import { configExample } from "../server/options/example.ts";

if (import.meta.main) Deno.stdout.writeSync(new TextEncoder().encode(configExample()));
