/**
 * The tables the core derives from the extension list once, at start: the
 * handler table, the extensions `connect` announces, what counts as channel
 * chatter, the default rules, and each hook's extensions in list order.
 *
 * @module
 */
import type { Extension, HandlerEntry } from "./extension.ts";
import { ruleKinds } from "./extension.ts";
import type { ServerOptions } from "./options.ts";
import type { ChannelKind, DefaultRule } from "./permissions.ts";

/** The names of the hooks an extension may have. */
export type HookName = {
  [K in keyof Extension]-?: NonNullable<Extension[K]> extends (...args: never[]) => unknown
    ? K extends "offered" ? never : K
    : never;
}[keyof Extension];

/** A hook's function type. */
export type Hook<H extends HookName> = NonNullable<Extension[H]>;

const NONE: readonly never[] = [];

/** The derived tables; see the module doc. */
export class ExtensionSet {
  /** The extensions, in list order (the core's own first). */
  readonly list: readonly Extension[];
  /** Handlers by update class. */
  readonly handlers: ReadonlyMap<string, HandlerEntry>;
  /** Every handled update class, `connect` first, in list order (for `capabilities`). */
  readonly handledTypes: readonly string[];
  /** The update classes that are channel chatter (see `Preconditions.chatter`). */
  readonly chatter: ReadonlySet<string>;
  /** The extension names `connect` replies announce. */
  readonly announced: readonly string[];
  /** Fields that mark a signed update (the parser keeps its clock). */
  readonly signatureFields: readonly string[];
  /** Default rules per channel kind; classes not listed are open to anyone. */
  readonly rules: Readonly<Record<ChannelKind, Readonly<Record<string, DefaultRule>>>>;
  /** Each hook's functions, made once: hooks are asked on every update. */
  readonly #hooks: { readonly [H in HookName]: readonly Hook<H>[] };

  /** Derive the tables from `list` for a server with `options`. */
  constructor(list: readonly Extension[], options: ServerOptions) {
    this.list = list;
    const handlers = new Map<string, HandlerEntry>();
    const rules: Record<ChannelKind, Record<string, DefaultRule>> = {
      primary: {},
      regular: {},
      anonymous: {},
    };
    const announced: string[] = [];
    for (const ext of list) {
      for (const h of ext.handlers ?? []) {
        if (handlers.has(h.type) && !h.replaces) throw new Error(`two handlers for ${h.type}`);
        handlers.set(h.type, h);
      }
      for (const key of ["primary", "channel", "anonymous"] as const) {
        const table = ext.rules?.[key];
        if (table) { for (const kind of ruleKinds(key)) Object.assign(rules[kind], table); }
      }
      if (ext.name !== "" && (ext.offered?.(options) ?? true)) {
        announced.push(ext.name, ...(ext.aliases ?? []));
      }
    }
    this.handlers = handlers;
    this.handledTypes = ["connect", ...handlers.keys()];
    this.chatter = new Set([...handlers.values()].filter((h) => h.pre.chatter).map((h) => h.type));
    this.announced = announced;
    this.signatureFields = list.flatMap((e) => e.signatureFields ?? []);
    this.rules = rules;
    const hooks: Partial<Record<HookName, unknown[]>> = {};
    for (const ext of list) {
      for (const [name, fn] of Object.entries(ext)) {
        if (typeof fn === "function" && name !== "offered") {
          (hooks[name as HookName] ??= []).push(fn);
        }
      }
    }
    this.#hooks = hooks as { readonly [H in HookName]: readonly Hook<H>[] };
  }

  /** The extensions' functions for hook `h`, in list order. */
  hooks<H extends HookName>(h: H): readonly Hook<H>[] {
    return this.#hooks[h] ?? NONE;
  }
}
