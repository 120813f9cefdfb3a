import { describe, expect, it } from 'vitest';
import { applicationQrPayload } from './qr-payloads.js';

describe("an application's QR payload", () => {
  it('holds the tag, the terminal and the reference, and nothing else', () => {
    expect(applicationQrPayload('T-140902001001-01', 'SQ-20261126-0007')).toBe(
      'BMA1|T-140902001001-01|SQ-20261126-0007',
    );
  });
});
