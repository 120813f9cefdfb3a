import { describe, expect, it } from 'vitest';
import { scannedCode } from './scanned-code.js';

const check = (text: string) => scannedCode(Buffer.from(text, 'utf8'));

describe('a scanned line at the agent boundary', () => {
  it('passes printable text of any script, CJK included, with its symbology', () => {
    expect(check(']Q1社保卡:张三 No.1 ¥20')).toEqual({
      ok: true,
      value: { symbology: 'qr', text: '社保卡:张三 No.1 ¥20' },
    });
    expect(check('𠮷A1')).toEqual({ ok: true, value: { symbology: 'unknown', text: '𠮷A1' } });
  });

  it('rejects control and format characters, never passing the text on', () => {
    for (const text of ['A\u0000B', 'A\tB', ']Q1\u001dX', 'A\u202eB', 'A\u200bB', 'A\u2028B']) {
      expect(check(text), JSON.stringify(text)).toMatchObject({
        ok: false,
        error: { reason: 'control-character' },
      });
    }
    expect(check(']E0\u0007')).toEqual({
      ok: false,
      error: { reason: 'control-character', symbology: 'ean-13' },
    });
  });

  it('rejects an empty code, one over 2048 characters, and bytes that are not UTF-8', () => {
    expect(check(']Q1')).toEqual({ ok: false, error: { reason: 'empty', symbology: 'qr' } });
    expect(check('x'.repeat(2048)).ok).toBe(true);
    expect(check('x'.repeat(2049))).toMatchObject({ ok: false, error: { reason: 'too-long' } });
    expect(scannedCode(Buffer.from([0x41, 0xb6, 0xfe]))).toEqual({
      ok: false,
      error: { reason: 'not-utf8' },
    });
  });
});
