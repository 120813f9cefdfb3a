import type { LocalText } from '../agent/types.js';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';
import { translate } from './translate.js';

/**
 * A catalogue text (services.json) in the resident's language, field by field: where a
 * translation is missing the Chinese stands in, and says so, so the screen marks it with
 * `lang="zh-CN"` and read-aloud does not read Chinese with another language's voice
 * (docs/i18n.md).
 */
export interface ShownText {
  text: string;
  language: Language;
}

/**
 * What read-aloud says of a shown text: the text where it is in the resident's language, else
 * that it is only in Chinese, never Chinese in another language's voice.
 */
export function spokenText(shown: ShownText, language: Language): string {
  return shown.language === language ? shown.text : translate(language, 'speech.chineseOnly');
}

/** The same for content that exists only in Chinese (a destination's words). */
export function spokenContent(text: string, language: Language): string {
  return spokenText({ text, language: DEFAULT_LANGUAGE }, language);
}

export function localized(text: LocalText, language: Language): ShownText {
  const translated = language === DEFAULT_LANGUAGE ? undefined : text[language];
  return translated === undefined
    ? { text: text[DEFAULT_LANGUAGE], language: DEFAULT_LANGUAGE }
    : { text: translated, language };
}
