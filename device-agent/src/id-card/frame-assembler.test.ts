import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeReply, PREAMBLE } from './frame.js';
import { FrameAssembler } from './frame-assembler.js';

/** Pushes `bytes` cut at the given points; returns every event, as plain values. */
function assemble(bytes: Uint8Array, cuts: readonly number[] = []) {
  const assembler = new FrameAssembler('reply');
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const events = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    events.push(...assembler.push(bytes.subarray(from, to)));
    from = to;
  }
  return events.map((e) =>
    e.ok ? { frame: Buffer.from(e.value.bytes).toString('hex') } : { error: e.error.kind },
  );
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const reply = fc
  .tuple(fc.constantFrom(0x90, 0x9f, 0x80), fc.uint8Array({ maxLength: 80 }))
  .map(([sw3, data]) => Buffer.from(encodeReply([0, 0, sw3], data)));
/** Noise rich in preamble bytes but never holding a whole preamble. */
const noise = fc
  .array(fc.oneof(fc.constantFrom(0xaa, 0x96, 0x69), fc.integer({ min: 0, max: 255 })), {
    maxLength: 40,
  })
  .map((values) => Buffer.from(values))
  .filter((bytes) => bytes.indexOf(PREAMBLE) < 0);

describe('FrameAssembler', () => {
  it('gives the same frame whatever index a 1295-byte read reply is split at', () => {
    const frame = Buffer.from(
      encodeReply([0, 0, 0x90], Buffer.concat([Buffer.from([1, 0, 4, 0]), Buffer.alloc(1280, 7)])),
    );
    expect(frame).toHaveLength(1295);
    for (let at = 0; at <= frame.length; at++) {
      expect(assemble(frame, [at])).toEqual([{ frame: hexOf(frame) }]);
    }
  });

  it('finds a frame after noise, split at every index', () => {
    fc.assert(
      fc.property(noise, reply, (garbage, frame) => {
        const stream = Buffer.concat([garbage, frame]);
        for (let at = 0; at <= stream.length; at++) {
          expect(assemble(stream, [at])).toEqual([{ frame: hexOf(frame) }]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('reads byte by byte and several frames per chunk alike', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, reply), { maxLength: 5 }), (parts) => {
        const stream = Buffer.concat(parts.flat());
        const expected = parts.map(([, frame]) => ({ frame: hexOf(frame) }));
        expect(assemble(stream)).toEqual(expected);
        expect(assemble(stream, [...stream.keys()])).toEqual(expected);
      }),
    );
  });

  it('reports checksum and length errors as values and goes on with the next frame', () => {
    const good = Buffer.from(encodeReply([0, 0, 0x90], Buffer.from('ok')));
    const badSum = Buffer.from(encodeReply([0, 0, 0x90]));
    badSum[badSum.length - 1]! ^= 0x01;
    const badLen = Buffer.concat([PREAMBLE, Buffer.from([0xff, 0xff])]);
    const stream = Buffer.concat([badSum, Buffer.from([0x13]), badLen, good]);
    const expected = [{ error: 'bad-checksum' }, { error: 'bad-length' }, { frame: hexOf(good) }];
    for (let at = 0; at <= stream.length; at++) expect(assemble(stream, [at])).toEqual(expected);
  });

  it('never throws on garbage, and chunking never changes what comes out', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom(0xaa, 0x96, 0x69, 0x00, 0x04), fc.integer({ min: 0, max: 255 })),
          {
            maxLength: 400,
          },
        ),
        fc.array(fc.nat(), { maxLength: 12 }),
        (values, cuts) => {
          const bytes = Uint8Array.from(values);
          expect(assemble(bytes, cuts)).toEqual(assemble(bytes));
        },
      ),
    );
  });

  it('holds back at most a possible preamble while nothing but noise arrives', () => {
    fc.assert(
      fc.property(noise, (garbage) => {
        const assembler = new FrameAssembler('command');
        expect(assembler.push(garbage)).toEqual([]);
        expect(assembler.pending).toBeLessThan(PREAMBLE.length);
        assembler.reset();
        expect(assembler.pending).toBe(0);
      }),
    );
  });
});
