import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineAssembler, MAX_LINE_BYTES, type AssembledLine } from './line-assembler.js';

const show = (lines: AssembledLine[]) =>
  lines.map((l) => (l.kind === 'line' ? l.bytes.toString('utf8') : '<too-long>'));

/** Pushes `bytes` cut at the given points; returns every line, as text. */
function assemble(bytes: Uint8Array, cuts: readonly number[] = [], max = MAX_LINE_BYTES) {
  const assembler = new LineAssembler(max);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const lines: AssembledLine[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    lines.push(...assembler.push(bytes.subarray(from, to)));
    from = to;
  }
  return show(lines);
}

/** Line text without terminators (any other byte, UTF-8 Chinese included). */
const lineText = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .filter((t) => !/[\r\n]/.test(t));
const terminator = fc.constantFrom('\r', '\r\n', '\n');

describe('LineAssembler', () => {
  it('gives the same lines whatever index a CR LF stream is split at', () => {
    const stream = Buffer.from(']Q1预约码A12345\r\n]E06901234567892\r', 'utf8');
    for (let at = 0; at <= stream.length; at++) {
      expect(assemble(stream, [at])).toEqual([']Q1预约码A12345', ']E06901234567892']);
    }
  });

  it('holds a line until its terminator, and forgets it on reset', () => {
    const assembler = new LineAssembler();
    expect(assembler.push(Buffer.from('A1'))).toEqual([]);
    expect(assembler.pending).toBe(2);
    assembler.reset();
    expect(show(assembler.push(Buffer.from('B2\r')))).toEqual(['B2']);
    expect(assembler.pending).toBe(0);
  });

  it('reports an over-long line once, skips to its end and reads the next', () => {
    const long = Buffer.concat([Buffer.alloc(20, 0x41), Buffer.from('\r\nok\r')]);
    for (let at = 0; at <= long.length; at++) {
      expect(assemble(long, [at], 16)).toEqual(['<too-long>', 'ok']);
    }
    // Exactly at the limit is still a line.
    expect(assemble(Buffer.from('ABCD\r'), [], 4)).toEqual(['ABCD']);
  });

  it('never holds more than the limit while noise streams in without a terminator', () => {
    const assembler = new LineAssembler(64);
    for (let i = 0; i < 1000; i++) {
      expect(assembler.push(Buffer.alloc(50, 0x20 + (i % 90)))).toEqual([]);
      expect(assembler.pending).toBeLessThanOrEqual(64);
    }
    expect(show(assembler.push(Buffer.from('\rnext\r')))).toEqual(['<too-long>', 'next']);
  });

  it('cuts any lines with any terminators the same way, chunked anyhow or byte by byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineText, terminator), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (lines, cuts) => {
          const stream = Buffer.from(lines.map(([t, end]) => t + end).join(''), 'utf8');
          const expected = lines.map(([t]) => t);
          expect(assemble(stream, cuts)).toEqual(expected);
          expect(assemble(stream, [...stream.keys()])).toEqual(expected);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes, and chunking never changes what comes out', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (bytes, cuts) => {
          expect(assemble(bytes, cuts, 32)).toEqual(assemble(bytes, [], 32));
        },
      ),
    );
  });
});
