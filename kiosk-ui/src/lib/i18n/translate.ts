import {
  formatParts,
  type Catalogue,
  type MessageKey,
  type MessagePart,
  type ParamArgs,
} from './catalogue.js';
import { en } from './en.js';
import type { Language } from './languages.js';
import { zhCN } from './zh-CN.js';

/** One catalogue per language: a language without one does not compile (docs/i18n.md). */
export const CATALOGUES: Record<Language, Catalogue> = { 'zh-CN': zhCN, en };

/** The message `key` in `language`, its parameters filled in. */
export function translate<K extends MessageKey>(
  language: Language,
  key: K,
  ...params: ParamArgs<K>
): string {
  return translateParts(language, key, ...params)
    .map((part) => part.text)
    .join('');
}

/** The same, in pieces, so a screen can emphasise a parameter (a number, a count of seconds). */
export function translateParts<K extends MessageKey>(
  language: Language,
  key: K,
  ...params: ParamArgs<K>
): MessagePart[] {
  return formatParts(CATALOGUES[language][key], params[0]);
}
