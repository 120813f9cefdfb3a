import { describe, expect, it } from 'vitest';
import { encodeLedFrame, LedFrameAssembler, LED_FRAME, type LedEncoding } from './frame.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Byte-exact fixtures: 请 is C7 EB and 号 BA C5 in GB2312 (and so in GB18030). */
const FIXTURES: [LedEncoding, number, string, string][] = [
  ['ascii', 2, 'A005', '01 02 41 30 30 35 07'],
  ['gb2312', 3, '请A005号', '01 03 C7 EB 41 30 30 35 BA C5 07'],
  ['gb18030', 7, '请B012号', '01 07 C7 EB 42 30 31 32 BA C5 07'],
  // A 4-byte GB18030 character (𠮷 U+20BB7 is 95 34 B2 35: 0x10BB7 past U+10000 in base 10-126-10).
  ['gb18030', 1, '𠮷', '01 01 95 34 B2 35 07'],
];

describe('LED display frames', () => {
  it.each(FIXTURES)('%s: address %i "%s" is %s', (encoding, address, text, bytes) => {
    expect(encodeLedFrame({ address, text }, encoding)).toEqual({ ok: true, value: hex(bytes) });
    expect(new LedFrameAssembler(encoding).push(hex(bytes))).toEqual([
      { ok: true, value: { address, text } },
    ]);
  });

  it('refuses text the encoding cannot carry, control characters and overlong text', () => {
    expect(encodeLedFrame({ address: 1, text: '请A005号' }, 'ascii')).toMatchObject({
      error: { kind: 'not-encodable', encoding: 'ascii' },
    });
    expect(encodeLedFrame({ address: 1, text: '𠮷' }, 'gb2312')).toMatchObject({
      error: { kind: 'not-encodable', encoding: 'gb2312' },
    });
    expect(encodeLedFrame({ address: 1, text: 'A\u0007' }, 'ascii')).toMatchObject({
      error: { kind: 'control-character' },
    });
    expect(encodeLedFrame({ address: 1, text: '号'.repeat(17) }, 'gb2312')).toMatchObject({
      error: { kind: 'too-long', bytes: 34 },
    });
  });

  it('reads frames cut anywhere, skips noise, and drops torn or endless frames', () => {
    const stream = Buffer.concat([
      hex('FF 00 07'),
      hex('01 02 41 30'), // torn: a new start byte follows before its end
      ...FIXTURES.map(([, , , bytes]) => hex(bytes)),
      hex('01 05'),
      Buffer.alloc(LED_FRAME.maxTextBytes + 1, 0x41),
      hex('01 09 42 07'),
    ]);
    for (const size of [1, 3, stream.length]) {
      const assembler = new LedFrameAssembler('gb18030');
      const out = [];
      for (let at = 0; at < stream.length; at += size) {
        out.push(...assembler.push(stream.subarray(at, at + size)));
      }
      expect(out.map((r) => (r.ok ? `${r.value.address}:${r.value.text}` : r.error.kind))).toEqual([
        '2:A005',
        '3:请A005号',
        '7:请B012号',
        '1:𠮷',
        'too-long',
        '9:B',
      ]);
    }
  });
});
