import { z } from 'zod';

export const kebabId = (what: string, example: string) =>
  z
    .string({
      error: `${what} in lower-case kebab-case (letters, digits and single hyphens), e.g. "${example}"`,
    })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(64);

/**
 * Resident-facing text in each language the kiosk speaks. Simplified Chinese is the
 * kiosk's default language, so it is the one every text must have.
 */
export const localText = (what: string, example: string, maxChinese: number) =>
  z.strictObject(
    {
      'zh-CN': z
        .string({
          error: `${what} in Simplified Chinese, 1 to ${maxChinese} characters, e.g. "${example}"; every text needs its "zh-CN"`,
        })
        .regex(/\S/)
        .max(maxChinese),
      en: z
        .string({
          error: `${what} in English as text; leave the key out until there is a translation`,
        })
        .regex(/\S/)
        .max(maxChinese * 4)
        .optional(),
    },
    { error: `${what} as {"zh-CN": "${example}", "en": "…"}` },
  );

export type LocalText = z.infer<ReturnType<typeof localText>>;
