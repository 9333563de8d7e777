/**
 * Migration 11's move: what extensions kept in columns and tables of their
 * own (schemas 2–10) becomes rows of the one `kept` table, under each
 * extension's name, as the extensions now read them (server/state/kept.ts).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

type Row = Record<string, string>;

/** Move every extension value of a schema-10 file into `kept` (which exists). */
export function moveToKept(db: DatabaseSync, nameKey: (name: string) => string): void {
  const put = db.prepare(
    "INSERT OR REPLACE INTO kept (extension, scope, owner, key, value) VALUES (?, ?, ?, ?, ?)",
  );
  const keep = (extension: string, scope: string, owner: string, key: string, value: unknown) =>
    put.run(extension, scope, owner, key, JSON.stringify(value));
  const rows = (sql: string) => db.prepare(sql).all() as Row[];
  for (const c of rows("SELECT key, info, roles FROM channels")) {
    for (const [k, v] of JSON.parse(c.info) as [string, string][]) {
      if (v !== "") keep("shirakumo-channel-info", "channel", c.key, k, v);
    }
    const roles = JSON.parse(c.roles);
    if (roles !== null) keep("shirakumo-roles", "channel", c.key, "", roles);
  }
  for (const p of rows("SELECT key, info, blocks, otp_key, lending, identities FROM profiles")) {
    for (const [k, v] of JSON.parse(p.info) as [string, string][]) {
      keep("shirakumo-user-info", "profile", p.key, k, v);
    }
    for (const name of JSON.parse(p.blocks) as string[]) {
      keep("shirakumo-block", "profile", p.key, nameKey(name), name);
    }
    if (p.otp_key !== "") keep("shirakumo-otp", "profile", p.key, "", p.otp_key);
    const lending = JSON.parse(p.lending) as unknown[];
    const identities = JSON.parse(p.identities) as unknown[];
    if (lending.length > 0 || identities.length > 0) {
      keep("shirakumo-shared-identity", "profile", p.key, "", { lending, identities });
    }
  }
  for (const b of rows("SELECT key, name FROM blacklist")) {
    keep("shirakumo-server-management", "server", "", b.key, b.name);
  }
  for (const b of rows("SELECT ip, mask FROM ip_blacklist")) {
    keep("shirakumo-ip", "server", "", `${b.ip} ${b.mask}`, [b.ip, b.mask]);
  }
  for (const e of rows("SELECT channel, key, name, content_type, payload FROM emotes")) {
    keep("shirakumo-emotes", "channel", e.channel, e.key, {
      name: e.name,
      contentType: e.content_type,
      payload: e.payload,
    });
  }
}
