import { z } from 'zod';
import { PIN_HASH_PATTERN } from './counter-pin.js';
import { field, listOf } from './cross-field.js';

/**
 * The hall's counters (窗口) and the rules of calling (docs/configuration.md, "counters"),
 * kept in services.json beside the queues they serve, so one validation sees both.
 */

const CounterSchema = z.strictObject(
  {
    number: z
      .int({
        error: 'the counter number residents see, a whole number 1 to 99, e.g. 2 for 2号窗口',
      })
      .min(1)
      .max(99),
    name: z
      .string({ error: 'the counter name staff and the hall display see, e.g. "2号窗口 医保"' })
      .regex(/\S/)
      .max(16),
    services: z
      .array(z.string({ error: 'the id of a "queue" service as text, e.g. "social-security"' }), {
        error:
          'the ids of the queue services this counter calls, first served first, e.g. ["medical-insurance", "general-enquiry"]',
      })
      .min(1),
    pinHash: z
      .string({
        error:
          'the scrypt hash of the counter staff PIN, written by `npm run counter:pin -- <counter number>`; never the PIN itself',
      })
      .regex(PIN_HASH_PATTERN)
      .optional(),
  },
  {
    error:
      'a counter object {"number": 1, "name": "1号窗口", "services": ["social-security", "general-enquiry"]}',
  },
);

export const CountersSchema = z
  .array(CounterSchema, {
    error:
      'a list of counters, e.g. [{"number": 1, "name": "1号窗口", "services": ["social-security"]}]; [] for a terminal whose hall calls no tickets through it',
  })
  .default([]);

export const CallingRulesSchema = z
  .strictObject(
    {
      recallsBeforeNoShow: z
        .int({
          error:
            'how many times a called ticket may be called again before the next recall marks it no-show (过号), a whole number 0 to 10, e.g. 3',
        })
        .min(0)
        .max(10)
        .default(3),
      repeatCallGuardSeconds: z
        .int({
          error:
            'seconds after a call during which the same counter calling again is ignored (no double calls), a whole number 1 to 30, e.g. 5',
        })
        .min(1)
        .max(30)
        .default(5),
      counterNetworks: z
        .array(
          z
            .string({
              error:
                'an IPv4 network in CIDR form as text, e.g. "192.168.1.0/24" (the hall\'s counter PCs)',
            })
            .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d|[12]\d|3[0-2])$/),
          {
            error:
              'a list of the networks counter staff call from besides this machine, e.g. ["192.168.1.0/24"]; [] for this machine only',
          },
        )
        .default([]),
      announcements: z
        .array(
          z
            .string({
              error: 'a line of text for the hall display, e.g. "午间 12:00-13:30 仅开放1号窗口"',
            })
            .regex(/\S/)
            .max(80),
          {
            error:
              'the lines the hall display (叫号屏) shows in turn, e.g. ["请带好身份证"]; [] for none',
          },
        )
        .max(20)
        .default([]),
    },
    {
      error:
        'the calling rules {"recallsBeforeNoShow": 3, "repeatCallGuardSeconds": 5, "counterNetworks": [], "announcements": []}',
    },
  )
  .prefault({});

export type Counter = z.infer<typeof CounterSchema>;
export type CallingRules = z.infer<typeof CallingRulesSchema>;

type Issue = { path: (string | number)[]; input: unknown; message: string };

/**
 * Counters against the catalogue: unique numbers, known queue services, none served twice by
 * one counter, and every enabled queue served by some counter once any counter is listed
 * (else its tickets could never be called).
 */
export function counterProblems(
  counters: readonly unknown[],
  services: readonly unknown[],
): Issue[] {
  const queues = services.filter((s) => field(s, 'kind') === 'queue');
  const queueIds = queues.map((s) => field(s, 'id')).filter((id) => typeof id === 'string');
  const known = queueIds.map((id) => `"${id}"`).join(', ');
  const issues: Issue[] = [];
  const numbers = new Map<number, number>();
  const served = new Set<string>();
  counters.forEach((counter, index) => {
    const number = field(counter, 'number');
    if (typeof number === 'number') {
      const first = numbers.get(number);
      if (first === undefined) numbers.set(number, index);
      else
        issues.push({
          path: ['counters', index, 'number'],
          input: number,
          message: `a counter number not used by another counter; counters[${first}] is already number ${number}`,
        });
    }
    const ids = listOf(field(counter, 'services'));
    ids.forEach((id, at) => {
      if (typeof id !== 'string') return;
      served.add(id);
      if (ids.indexOf(id) !== at) {
        issues.push({
          path: ['counters', index, 'services', at],
          input: id,
          message: `each service once per counter; "${id}" is already listed earlier for this counter`,
        });
      } else if (!queueIds.includes(id)) {
        issues.push({
          path: ['counters', index, 'services', at],
          input: id,
          message: `the id of a service with "kind": "queue" (${known === '' ? 'the file has none' : known})`,
        });
      }
    });
  });
  if (counters.length === 0) return issues;
  for (const queue of queues) {
    const id = field(queue, 'id');
    if (typeof id !== 'string' || field(queue, 'enabled') === false || served.has(id)) continue;
    issues.push({
      path: ['counters'],
      input: counters,
      message: `a counter for every enabled queue: no counter lists "${id}", so its tickets could never be called; add it to a counter's "services" or set "enabled": false on the service`,
    });
  }
  return issues;
}
