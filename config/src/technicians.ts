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
      .regex(PIN_HASH_PATTERN),
    cardHash: z
      .string({
        error:
          'the account\'s own ID card number as an scrypt hash made by `npm run technician:pin -- --card`, e.g. "scrypt$14$8$1$…$…"; never the number itself',
      })
      .regex(PIN_HASH_PATTERN)
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
