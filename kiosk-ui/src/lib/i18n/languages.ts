/**
 * The languages residents can choose (docs/i18n.md). Each has a message catalogue
 * (./translate.ts), its own name as the language button shows it, its writing direction and
 * the tag read-aloud asks the browser's voices for, and what stands between two sentences. Simplified Chinese is the default: every
 * session starts in it and every way home returns to it.
 */
export const LANGUAGES = {
  'zh-CN': { name: '中文', dir: 'ltr', speech: 'zh-CN', sentenceGap: '' },
  en: { name: 'English', dir: 'ltr', speech: 'en-US', sentenceGap: ' ' },
} as const satisfies Record<
  string,
  { name: string; dir: 'ltr' | 'rtl'; speech: string; sentenceGap: string }
>;

export type Language = keyof typeof LANGUAGES;

export const DEFAULT_LANGUAGE = 'zh-CN' satisfies Language;

export const LANGUAGE_IDS = Object.keys(LANGUAGES) as Language[];

/** Sentences one after the other: Chinese runs them together, English puts a space between. */
export function joinSentences(language: Language, sentences: readonly string[]): string {
  return sentences.filter((s) => s !== '').join(LANGUAGES[language].sentenceGap);
}

/** The language after `language` in the list: the header's one button steps through them. */
export function nextLanguage(language: Language): Language {
  const at = LANGUAGE_IDS.indexOf(language);
  return LANGUAGE_IDS[(at + 1) % LANGUAGE_IDS.length] ?? DEFAULT_LANGUAGE;
}
