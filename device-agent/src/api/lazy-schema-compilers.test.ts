import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AJV_OPTIONS } from '@bianmin/contract/server';
import { schemasCompiledOnFirstUse } from './lazy-schema-compilers.js';

const servers: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function serverWithLazySchemas() {
  const server = Fastify({
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: schemasCompiledOnFirstUse(),
  });
  servers.push(server);
  server.post(
    '/tickets',
    {
      schema: {
        body: {
          type: 'object',
          properties: { serviceId: { type: 'string', minLength: 1 } },
          required: ['serviceId'],
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            properties: { number: { type: 'string' } },
            additionalProperties: false,
          },
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ number: 'A001', echoed: request.body, notInSchema: true }),
  );
  return server;
}

describe('schemasCompiledOnFirstUse', () => {
  it('validates bodies and serializes replies with Fastify’s own compilers', async () => {
    const server = serverWithLazySchemas();
    const accepted = await server.inject({
      method: 'POST',
      url: '/tickets',
      payload: { serviceId: 'medical-insurance' },
    });
    expect(accepted.statusCode).toBe(201);
    // The reply schema's serializer drops what it does not name.
    expect(accepted.json()).toEqual({ number: 'A001' });

    const unknownField = await server.inject({
      method: 'POST',
      url: '/tickets',
      payload: { serviceId: 'medical-insurance', idNumber: '110101199003074578' },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({
      message: 'body must NOT have additional properties',
    });

    const missing = await server.inject({ method: 'POST', url: '/tickets', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      message: "body must have required property 'serviceId'",
    });
  });

  it('compiles a route’s schema on its first request, not when the server starts', async () => {
    const server = serverWithLazySchemas();
    // Ajv refuses this schema; compiled at registration, ready() would fail.
    server.post(
      '/unused',
      { schema: { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } } },
      async () => ({ ok: true }),
    );
    await server.ready();
    const used = await server.inject({
      method: 'POST',
      url: '/tickets',
      payload: { serviceId: 'x' },
    });
    expect(used.statusCode).toBe(201);
    const unused = await server.inject({ method: 'POST', url: '/unused', payload: { a: 1 } });
    expect(unused.statusCode).toBe(500);
  });
});
