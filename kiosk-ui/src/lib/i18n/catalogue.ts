import type { zhCN } from './zh-CN.js';

/**
 * The shape every message catalogue has: the Chinese catalogue's keys (docs/i18n.md). A
 * catalogue missing a key, or with one the Chinese lacks, does not compile.
 */
export type MessageKey = keyof typeof zhCN;
export type Catalogue = Record<MessageKey, string>;

/** The parameter names of a template: `{name}`, and `{count|one|other}` picks by number. */
type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer Name}|${string}` ? Name : P) | ParamNames<Rest>
  : never;

export type ParamValue = string | number;
type MessageParams<K extends MessageKey> = Record<ParamNames<(typeof zhCN)[K]>, ParamValue>;

/** A message with parameters takes them; one without takes none. */
export type ParamArgs<K extends MessageKey> = [ParamNames<(typeof zhCN)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** A message without parameters: what a screen's meta may name for read-aloud. */
export type PlainKey = {
  [K in MessageKey]: [ParamNames<(typeof zhCN)[K]>] extends [never] ? K : never;
}[MessageKey];

/** One piece of a formatted message: plain text, or a parameter's value (for emphasis). */
export interface MessagePart {
  text: string;
  param?: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)(?:\|([^|}]*)\|([^|}]*))?\}/g;

/** The template's pieces with the parameters filled in; a missing parameter stays as written. */
export function formatParts(
  template: string,
  params: Partial<Record<string, ParamValue>> = {},
): MessagePart[] {
  const parts: MessagePart[] = [];
  let from = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name = '', one, other] = match;
    if (match.index > from) parts.push({ text: template.slice(from, match.index) });
    from = match.index + whole.length;
    const value = params[name];
    if (value === undefined) parts.push({ text: whole });
    else if (one !== undefined && other !== undefined)
      parts.push({ text: value === 1 ? one : other });
    else parts.push({ text: String(value), param: name });
  }
  if (from < template.length) parts.push({ text: template.slice(from) });
  return parts;
}

/** The names a template uses, in order, each once (for the catalogues' parity test). */
export function paramNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}
