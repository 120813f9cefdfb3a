import { z } from 'zod';
import { evenWithOtherProblems, field, listOf } from './cross-field.js';

/**
 * Who may enter technician mode on the terminal (docs/technician.md): each account's PIN as
 * an scrypt hash (`npm run technician:pin` makes one), never the PIN itself, its role, and
 * optionally its own ID card's number hashed the same way (`npm run technician:pin -- --card`).
 */
export const TECHNICIAN_ROLES = ['technician', 'administrator'] as const;

/** `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>`, as device-agent/src/technician/secret-hash.ts writes it. */
const PIN_HASH_PATTERN =
  /^scrypt\$(1[0-9]|20)\$[1-9][0-9]?\$[1-9]\$[A-Za-z0-9+/]{22,}={0,2}\$[A-Za-z0-9+/]{43,}={0,2}$/;

/**
 * The most scrypt work (N × r × p) a hash may ask for: eight times the default scrypt$14$8$1,
 * about 0.4 s per check on a terminal's 2-core board and 128 MB of memory. The pattern alone
 * lets through scrypt$20$99$9, which would hold a sign-in for minutes and every card read for
 * one check per account.
 */
const MAX_SCRYPT_WORK = 2 ** 17 * 8;

/** True for a hash whose cost fits, and for one the pattern refuses (that problem is its own). */
const scryptCostFits = (hash: string): boolean => {
  const [, log2N, r, p] = hash.split('$');
  return !(2 ** Number(log2N) * Number(r) * Number(p) > MAX_SCRYPT_WORK);
};

const costError = (what: string, command: string) =>
  `${what} with an scrypt cost N × r × p of at most 2^17 × 8 (the default "scrypt$14$8$1$…" is well under it); a costlier hash makes every check take seconds. Make a new one with \`${command}\``;

const AccountSchema = z.strictObject(
  {
    id: z
      .string({
        error: 'a short id for the log, lower-case letters, digits and hyphens, e.g. "zhang-wei"',
      })
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
    name: z
      .string({ error: 'the name shown on screen, 1 to 16 characters, e.g. "张工"' })
      .min(1)
      .max(16),
    role: z.enum(TECHNICIAN_ROLES, {
      error:
        '"technician" (devices, network, test prints) or "administrator" (also configuration, enrolment, logs)',
    }),
    pinHash: z
      .string({
        error:
          'the PIN as an scrypt hash made by `npm run technician:pin`, e.g. "scrypt$14$8$1$…$…"; never the PIN itself',
      })
      .regex(PIN_HASH_PATTERN)
      .refine(scryptCostFits, {
        error: costError('the PIN as an scrypt hash', 'npm run technician:pin'),
      }),
    cardHash: z
      .string({
        error:
          'the account\'s own ID card number as an scrypt hash made by `npm run technician:pin -- --card`, e.g. "scrypt$14$8$1$…$…"; never the number itself',
      })
      .regex(PIN_HASH_PATTERN)
      .refine(scryptCostFits, {
        error: costError('the card number as an scrypt hash', 'npm run technician:pin -- --card'),
      })
      .optional(),
  },
  {
    error:
      'an account as {"id": "zhang-wei", "name": "张工", "role": "technician", "pinHash": "scrypt$…"}',
  },
);

export const TechniciansConfigSchema = z
  .strictObject(
    {
      idleMinutes: z
        .int({
          error:
            'whole minutes without a tap before technician mode leaves by itself, 1 to 30; default 3',
        })
        .min(1)
        .max(30)
        .default(3),
      accounts: z.array(AccountSchema, { error: 'a list of at least one account' }).min(1).max(50),
    },
    { error: 'a technician accounts object (see docs/technician.md)' },
  )
  .superRefine((config, ctx) => {
    const seen = new Map<unknown, number>();
    listOf(field(config, 'accounts')).forEach((account, index) => {
      const id = field(account, 'id');
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['accounts', index, 'id'],
        input: id,
        message: `an id no other account has (accounts[${first}] has it too)`,
      });
    });
  }, evenWithOtherProblems);

export type TechniciansConfig = z.infer<typeof TechniciansConfigSchema>;
export type TechnicianAccount = TechniciansConfig['accounts'][number];
export type TechnicianRole = (typeof TECHNICIAN_ROLES)[number];
