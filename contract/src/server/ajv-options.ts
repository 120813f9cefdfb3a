/**
 * Options for Fastify's ajv, the same at the agent and the centre. Fastify's defaults would
 * silently strip unknown fields and coerce "1" to 1; the contract is to refuse them, so a
 * field carrying personal data is never accepted. The first error is enough to name the
 * field (and bounds the work a hostile body causes); verbose gives describeSchemaError the
 * parent schema, to list the allowed fields. `discriminator` lets a oneOf keyed by a field
 * check only the branch that field names (contract/src/centre/events.ts).
 */
export const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: false,
  useDefaults: false,
  allErrors: false,
  verbose: true,
  discriminator: true,
} as const;
