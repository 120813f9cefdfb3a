import { IsoTime } from '@bianmin/contract';
import { AJV_OPTIONS } from '@bianmin/contract/server';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { withFastDateTime } from './date-time-format.js';

type Check = (text: string) => boolean;

/** ajv's date-time check as Fastify installs it, and the same after withFastDateTime. */
async function checks(): Promise<{ original: Check; fast: Check }> {
  let original: unknown;
  let fast: unknown;
  const app = Fastify({
    ajv: {
      customOptions: AJV_OPTIONS,
      onCreate: (ajv) => {
        original = ajv.formats['date-time'];
        withFastDateTime(ajv);
        fast = ajv.formats['date-time'];
      },
    },
  });
  app.post('/', { schema: { body: IsoTime } }, async () => 'ok');
  await app.ready();
  await app.close();
  const { validate } = original as { validate: Check };
  return { original: validate, fast: fast as Check };
}

describe("the centre's date-time format", () => {
  it('means what the ajv-formats check means, on every variation of a time', async () => {
    const { original, fast } = await checks();
    const seeds = [
      '2026-03-02T08:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2100-02-28T00:00:00.000Z',
      '2000-12-31T12:34:56.789Z',
    ];
    const texts = new Set<string>([
      '2026-02-29T10:00:00.000Z',
      '2026-04-31T10:00:00.000Z',
      '2026-03-02T23:59:60.000Z',
      '2026-03-02T23:59:60Z',
      '2026-03-02T10:00:00+08',
      '2026-03-02T10:00:00.000+08:00',
      '2026-03-02t10:00:00.000z',
      '2026-03-02 10:00:00.000Z',
      '2026-03-02T10:00:00Z',
      '',
    ]);
    const replacements = [
      '0',
      '1',
      '2',
      '3',
      '5',
      '6',
      '9',
      '-',
      ':',
      'T',
      't',
      'Z',
      'z',
      '.',
      ' ',
      'a',
      '+',
    ];
    for (const seed of seeds) {
      texts.add(seed);
      texts.add(seed.slice(1));
      texts.add(`${seed}0`);
      for (let at = 0; at < seed.length; at++) {
        for (const c of replacements) texts.add(seed.slice(0, at) + c + seed.slice(at + 1));
      }
    }
    const differing = [...texts].filter((text) => fast(text) !== original(text));
    expect(differing).toEqual([]);
    // The variations include both outcomes, from the fast path and from the fallback.
    expect(fast('2026-03-02T08:00:00.000Z')).toBe(true);
    expect(fast('2026-02-29T08:00:00.000Z')).toBe(false);
    expect(fast('2026-03-02T23:59:60.000Z')).toBe(true);
    expect(fast('2026-03-02T10:00:00+08:00')).toBe(true);
  });
});
