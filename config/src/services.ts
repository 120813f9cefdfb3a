import { z } from 'zod';
import { evenWithOtherProblems, field, listOf } from './cross-field.js';

const ServiceSchema = z.strictObject(
  {
    id: z
      .string({
        error:
          'a service id in lower-case kebab-case (letters, digits and single hyphens), e.g. "social-security"',
      })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(64),
    name: z
      .string({
        error: 'the service name shown on the button, 1 to 16 characters, e.g. "社保业务"',
      })
      .regex(/\S/)
      .max(16),
    ticketPrefix: z
      .string({
        error:
          'one capital letter A-Z that starts this service\'s queue numbers (取号前缀), e.g. "A" for tickets A001, A002…',
      })
      .regex(/^[A-Z]$/),
    description: z
      .string({
        error:
          'an optional one-line description of 1 to 80 characters, e.g. "养老、失业、工伤保险等业务咨询与办理"; leave the key out if there is none',
      })
      .regex(/\S/)
      .max(80)
      .optional(),
    enabled: z
      .boolean({
        error:
          'true or false (without quotes); leave it out for true, set false to hide the service without deleting it',
      })
      .default(true),
  },
  {
    error:
      'a service object {"id": "social-security", "name": "社保业务", "ticketPrefix": "A", "description": "…", "enabled": true}',
  },
);

type Label = { index: number; name: string };

const describeEntry = ({ index, name }: Label) =>
  `services[${index}]${name === '' ? '' : ` ("${name}")`}`;

/** Reports every later entry whose value at `key` was already used by an earlier entry. */
function findRepeats(services: readonly unknown[], key: string) {
  const firstUse = new Map<string, Label>();
  const repeats: { index: number; value: string; first: Label }[] = [];
  services.forEach((service, index) => {
    const value = field(service, key);
    if (typeof value !== 'string') return;
    const first = firstUse.get(value);
    if (first === undefined) {
      const name = field(service, 'name');
      firstUse.set(value, { index, name: typeof name === 'string' ? name : '' });
    } else {
      repeats.push({ index, value, first });
    }
  });
  return repeats;
}

export const ServiceCatalogueSchema = z
  .strictObject(
    {
      services: z
        .array(ServiceSchema, {
          error:
            'a list of at least one service, e.g. [{"id": "social-security", "name": "社保业务", "ticketPrefix": "A"}]',
        })
        .min(1),
    },
    { error: 'a service catalogue object {"services": [...]} (see docs/configuration.md)' },
  )
  .superRefine((catalogue, ctx) => {
    const services = listOf(field(catalogue, 'services'));
    for (const { index, value, first } of findRepeats(services, 'id')) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', index, 'id'],
        input: value,
        message: `an id not used by another service; ${describeEntry(first)} already has id "${value}"`,
      });
    }
    for (const { index, value, first } of findRepeats(services, 'ticketPrefix')) {
      const name = field(services[index], 'name');
      const self = describeEntry({ index, name: typeof name === 'string' ? name : '' });
      ctx.addIssue({
        code: 'custom',
        path: ['services', index, 'ticketPrefix'],
        input: value,
        message: `a ticket prefix not used by another service: ${describeEntry(first)} and ${self} both use "${value}", so their queue numbers would collide; give one of them another capital letter`,
      });
    }
    const noneEnabled = services.length > 0 && services.every((s) => field(s, 'enabled') === false);
    if (noneEnabled) {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        input: services,
        message:
          'at least one service with "enabled": true (or no "enabled" key); with none, residents cannot take a ticket',
      });
    }
  }, evenWithOtherProblems);

export type Service = z.infer<typeof ServiceSchema>;
export type ServiceCatalogue = z.infer<typeof ServiceCatalogueSchema>;
