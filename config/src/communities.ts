import { z } from 'zod';
import { evenWithOtherProblems, field, listOf } from './cross-field.js';
import { ClosuresSchema, WeeklyHoursSchema } from './service-hours.js';

/**
 * The communities a centre measures (docs/coverage.md): every one counts, whether or not a
 * terminal of it ever reports, so the list comes from here and not from the terminals.
 */

const COMMUNITY_KINDS = ['urban', 'rural'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

/** A community code's first 9 digits are its street's (统计用区划代码 nest). */
export const streetCodeOf = (communityCode: string): string => communityCode.slice(0, 9);

const CommunitySchema = z.strictObject(
  {
    code: z
      .string({
        error:
          'the community\'s 12-digit statistical area code (统计用区划代码) as a quoted string, e.g. "140902001001"',
      })
      .regex(/^\d{12}$/),
    name: z
      .string({
        error: 'the community name as text of 1 to 64 characters, e.g. "长征街社区居民委员会"',
      })
      .regex(/\S/)
      .max(64),
    kind: z.enum(COMMUNITY_KINDS, {
      error:
        'one of "urban" (城市社区, 居民委员会) or "rural" (农村社区, 村民委员会); only urban communities count towards the indicator',
    }),
    street: z
      .string({
        error:
          'the name of the street or township (街道/乡镇) the community belongs to, e.g. "长征街街道", or leave it out; its code is the first 9 digits of the community code',
      })
      .regex(/\S/)
      .max(64)
      .optional(),
    serviceHours: WeeklyHoursSchema.optional(),
    closures: ClosuresSchema.optional(),
  },
  {
    error:
      'a community object {"code": "140902001001", "name": "长征街社区居民委员会", "kind": "urban", "street": "长征街街道"}',
  },
);

export const CommunitiesConfigSchema = z
  .strictObject(
    {
      communities: z.array(CommunitySchema, {
        error:
          'a list of communities, e.g. [{"code": "140902001001", "name": "长征街社区居民委员会", "kind": "urban", "street": "长征街街道"}]',
      }),
    },
    {
      error:
        'a communities configuration object {"communities": [...]} (see docs/configuration.md; `npm run config:import-communities` writes one from a CSV file)',
    },
  )
  .superRefine((config, ctx) => {
    const seenCode = new Map<string, number>();
    const streetName = new Map<string, { name: string; index: number }>();
    listOf(field(config, 'communities')).forEach((community, index) => {
      const code = field(community, 'code');
      if (typeof code !== 'string' || !/^\d{12}$/.test(code)) return;
      const first = seenCode.get(code);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['communities', index, 'code'],
          input: code,
          message: `a code not used by another community; communities[${first}] already has code "${code}"`,
        });
      } else seenCode.set(code, index);
      const street = field(community, 'street');
      if (typeof street !== 'string') return;
      const known = streetName.get(streetCodeOf(code));
      if (known === undefined) streetName.set(streetCodeOf(code), { name: street, index });
      else if (known.name !== street) {
        ctx.addIssue({
          code: 'custom',
          path: ['communities', index, 'street'],
          input: street,
          message: `"${known.name}", the street name communities[${known.index}] gives the same street code ${streetCodeOf(code)}; one street has one name`,
        });
      }
    });
  }, evenWithOtherProblems);

export type Community = z.infer<typeof CommunitySchema>;
export type CommunitiesConfig = z.infer<typeof CommunitiesConfigSchema>;
