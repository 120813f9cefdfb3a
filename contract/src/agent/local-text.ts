import { Type, type Static } from 'typebox';
import { closed } from '../schema.js';

/**
 * Resident-facing text per language; Simplified Chinese is always there (docs/i18n.md). An
 * English text may run to four times the characters of the Chinese it translates.
 */
export const localTextOf = (maxChinese: number) =>
  closed({
    'zh-CN': Type.String({ minLength: 1, maxLength: maxChinese }),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: maxChinese * 4 })),
  });

export const LocalTextSchema = localTextOf(200);
export type LocalText = Static<typeof LocalTextSchema>;
