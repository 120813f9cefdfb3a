import { describe, expect, it } from 'vitest';
import { SCANNED_CODE_MAX_CHARS, scannedTextRejection } from './scanned-text.js';

describe('the scanned-code text rule shared by the agent and the kiosk', () => {
  it('passes printable text of any script, CJK and astral characters included', () => {
    for (const text of [
      'A123456',
      '社保卡:张三 No.1 ¥20',
      '𠮷A1',
      'x'.repeat(SCANNED_CODE_MAX_CHARS),
    ]) {
      expect(scannedTextRejection(text), text.slice(0, 20)).toBeNull();
    }
  });

  it('refuses empty text, text over the limit, and control, format or separator characters', () => {
    expect(scannedTextRejection('')).toBe('empty');
    expect(scannedTextRejection('x'.repeat(SCANNED_CODE_MAX_CHARS + 1))).toBe('too-long');
    for (const text of [
      'A\u0000B',
      'A\tB',
      'A\u001dB',
      'A\u202eB',
      'A\u200bB',
      'A\u2028B',
      '\ue000',
    ]) {
      expect(scannedTextRejection(text), JSON.stringify(text)).toBe('control-character');
    }
  });
});
