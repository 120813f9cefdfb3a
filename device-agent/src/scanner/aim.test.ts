import fc from 'fast-check';
import { SCANNER_SYMBOLOGIES } from '@bianmin/contract';
import { describe, expect, it } from 'vitest';
import { AIM_IDENTIFIERS, decodeAim, encodeAim } from './aim.js';

/** A text a scanner without an AIM prefix could send that does not look like one. */
const plainText = fc.string({ minLength: 0, maxLength: 60 }).filter((t) => !t.startsWith(']'));

describe('AIM symbology identifiers', () => {
  it('decodes the common prefixes into symbology names', () => {
    expect(decodeAim(']Q1https://example.cn/a')).toEqual({
      symbology: 'qr',
      text: 'https://example.cn/a',
    });
    expect(decodeAim(']E06901234567892')).toEqual({ symbology: 'ean-13', text: '6901234567892' });
    expect(decodeAim(']E469012345')).toEqual({ symbology: 'ean-8', text: '69012345' });
    expect(decodeAim(']C0ABC-123')).toEqual({ symbology: 'code-128', text: 'ABC-123' });
    expect(decodeAim(']C1010690123456789')).toEqual({
      symbology: 'gs1-128',
      text: '010690123456789',
    });
  });

  it('names the family for a modifier the table does not list', () => {
    // ]Q3: QR with ECI; ]C4: Code 128 with other options. Still QR and Code 128.
    expect(decodeAim(']Q3预约码')).toEqual({ symbology: 'qr', text: '预约码' });
    expect(decodeAim(']C4X')).toEqual({ symbology: 'code-128', text: 'X' });
  });

  it('keeps a line without a known identifier whole, as unknown', () => {
    for (const line of ['A123', ']X0abc', ']Q', ']Qx1', '', 'Q1]']) {
      expect(decodeAim(line)).toEqual({ symbology: 'unknown', text: line });
    }
  });

  it('covers every named symbology of the contract with one identifier each', () => {
    const named = SCANNER_SYMBOLOGIES.filter((s) => s !== 'unknown');
    expect(Object.keys(AIM_IDENTIFIERS).sort()).toEqual([...named].sort());
    const ids = Object.values(AIM_IDENTIFIERS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\][A-Za-z][0-9A-Z]$/);
  });

  it('round-trips every symbology and any text through encode and decode', () => {
    const symbology = fc.constantFrom(...SCANNER_SYMBOLOGIES.filter((s) => s !== 'unknown'));
    fc.assert(
      fc.property(symbology, fc.string({ maxLength: 80 }), (name, text) => {
        expect(decodeAim(encodeAim({ symbology: name, text }))).toEqual({ symbology: name, text });
      }),
    );
    fc.assert(
      fc.property(plainText, (text) => {
        expect(decodeAim(encodeAim({ symbology: 'unknown', text }))).toEqual({
          symbology: 'unknown',
          text,
        });
      }),
    );
  });
});
