import { ISO_TIME_PATTERN } from '../schema.js';

/** The parts of an ajv error this module reads (Fastify passes ajv's errors through). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
  /** Present because the centre's ajv runs with verbose: true. */
  parentSchema?: { properties?: Record<string, unknown> } | undefined;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
  null: 'null',
};

/**
 * Turns the first schema error into a message that names the field and what is expected,
 * e.g. "events[0].payload has an unexpected field 'name'; allowed: screen". Values are
 * never echoed: they may be exactly the personal data the schema keeps out.
 */
export function describeSchemaError(errors: readonly SchemaError[]): {
  field: string;
  message: string;
} {
  // With if/then the real error comes first and a generic 'must match "then"' follows.
  const e = errors.find((x) => x.keyword !== 'if') ?? errors[0];
  if (e === undefined) return { field: 'body', message: 'body is invalid' };
  const path = fieldPath(e.instancePath);
  const at = path === '' ? 'body' : path;
  const p = e.params;
  switch (e.keyword) {
    case 'required': {
      const field = join(path, String(p.missingProperty));
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const allowed = Object.keys(e.parentSchema?.properties ?? {}).join(', ');
      const extra = String(p.additionalProperty).slice(0, 64);
      return {
        field: at,
        message: `${at} has an unexpected field '${extra}'${allowed ? `; allowed: ${allowed}` : ''}`,
      };
    }
    case 'type': {
      const types = String(p.type).split(',');
      const expected = types.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return { field: at, message: `${at} must be ${expected}` };
    }
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue])
        .map((v) => JSON.stringify(v))
        .join(', ');
      return { field: at, message: `${at} must be one of ${allowed}` };
    }
    case 'format':
      return {
        field: at,
        message:
          p.format === 'date-time'
            ? dateTimeMessage(at)
            : `${at} must be a valid ${String(p.format)}`,
      };
    case 'pattern':
      return {
        field: at,
        message:
          p.pattern === ISO_TIME_PATTERN
            ? dateTimeMessage(at)
            : `${at} must match the pattern ${String(p.pattern)}`,
      };
    default:
      return { field: at, message: `${at} ${e.message ?? 'is invalid'}` };
  }
}

const dateTimeMessage = (at: string) =>
  `${at} must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00+08:00 ` +
  '(a real calendar day, no leap second, the offset as +08:00)';

/** '/events/0/payload' -> 'events[0].payload' */
function fieldPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(segment) ? `${out}[${segment}]` : join(out, segment);
  }
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
