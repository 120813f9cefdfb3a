import type { MessageKey, MessagePart, ParamArgs } from './catalogue.js';
import { DEFAULT_LANGUAGE, joinSentences, type Language } from './languages.js';
import { translate, translateParts } from './translate.js';

/**
 * The language on the glass, for the resident screens' text. The flow machines hold the
 * resident's choice (lib/flows/header.ts); the kiosk page copies it here before each render, so
 * components call `t` without a language prop.
 */
const shown = $state<{ language: Language }>({ language: DEFAULT_LANGUAGE });

export function showLanguage(language: Language): void {
  shown.language = language;
}

export function currentLanguage(): Language {
  return shown.language;
}

/**
 * `lang` for a text in `language`: none when it is the language on the glass, else that
 * language, so voices and screen readers read a Chinese fallback as Chinese (docs/i18n.md).
 */
export function langOf(language: Language): Language | undefined {
  return language === shown.language ? undefined : language;
}

/** The message in the language on the glass. */
export function t<K extends MessageKey>(key: K, ...params: ParamArgs<K>): string {
  return translate(shown.language, key, ...params);
}

/** Several messages as one paragraph, spaced as the language on the glass spaces sentences. */
export function sentences(...texts: string[]): string {
  return joinSentences(shown.language, texts);
}

/** The same in pieces (see translateParts). */
export function tParts<K extends MessageKey>(key: K, ...params: ParamArgs<K>): MessagePart[] {
  return translateParts(shown.language, key, ...params);
}
