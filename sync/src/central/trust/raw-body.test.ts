import { installErrorReplies } from '@bianmin/contract/server';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { keepRawJsonBodies, rawBodyOf } from './raw-body.js';

const app = Fastify();
installErrorReplies(app);
keepRawJsonBodies(app);
app.post('/', async (request) => ({
  keys: Object.keys(request.body as object),
  bytes: rawBodyOf(request).length,
}));
afterAll(() => app.close());

const post = (text: string) =>
  app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json' },
    payload: Buffer.from(text),
  });

describe('JSON bodies kept raw, parsed without prototype poisoning', () => {
  it.each([
    '{"__proto__":{"admin":true}}',
    '{"a":1,"\\u005f_proto__":{"admin":true}}',
    '{"_\\u005Fpr\\u006fto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"constructor":{"\\u0070rototype":{"admin":true}}}',
    '{"\\u0063onstructor":{"prototype":{"admin":true}}}',
    '{"a":[{"b":{"__proto__":{"admin":true}}}]}',
  ])('refuses %s by the key, not as invalid JSON', async (text) => {
    const res = await post(text);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'bad-request',
      message: expect.stringContaining('"__proto__"'),
      where: 'body',
    });
  });

  it.each([
    ['{"name":"\\u793e\\u4fdd","n":1}', ['name', 'n']],
    ['{"proto":"a word, not a key that poisons"}', ['proto']],
    ['\ufeff{"bom":true}', ['bom']],
    ['{"constructor":"a plain value"}', ['constructor']],
  ])('parses %s', async (text, keys) => {
    const res = await post(text);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keys, bytes: Buffer.byteLength(text) });
  });

  it('refuses malformed and empty bodies as Fastify does', async () => {
    for (const text of ['{"a":', '{"__proto__":', '']) {
      const res = await post(text);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^body is (not valid JSON|empty)/);
    }
  });
});
