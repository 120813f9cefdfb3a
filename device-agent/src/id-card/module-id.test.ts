import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeModuleId, encodeModuleId } from './module-id.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('module id', () => {
  it('decodes the 16 bytes into the printable form', () => {
    const bytes = Buffer.alloc(16);
    bytes.writeUInt16LE(5, 0);
    bytes.writeUInt16LE(1, 2);
    bytes.writeUInt32LE(20101111, 4);
    bytes.writeUInt32LE(12345678, 8);
    bytes.writeUInt32LE(1234567890, 12);
    expect(decodeModuleId(bytes)).toEqual({
      ok: true,
      value: '05.01-20101111-0012345678-1234567890',
    });
  });

  it('refuses a wrong length as a value', () => {
    expect(decodeModuleId(new Uint8Array(15))).toMatchObject({ ok: false });
  });

  it('round-trips every id whose numbers fit the printable widths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        u32,
        u32,
        (major, minor, date, batch, serial) => {
          const bytes = Buffer.alloc(16);
          bytes.writeUInt16LE(major, 0);
          bytes.writeUInt16LE(minor, 2);
          bytes.writeUInt32LE(date, 4);
          bytes.writeUInt32LE(batch, 8);
          bytes.writeUInt32LE(serial, 12);
          const id = decodeModuleId(bytes);
          expect(id.ok && id.value).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
          expect(id.ok && encodeModuleId(id.value)).toEqual(bytes);
        },
      ),
    );
  });

  it('never throws on any 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(decodeModuleId(bytes).ok).toBe(true);
      }),
    );
  });

  it('refuses strings not of the form, or numbers past 32 bits', () => {
    expect(encodeModuleId('05.01-20101111-12345678')).toBeUndefined();
    expect(encodeModuleId('05.01-20101111-9999999999-0000000001')).toBeUndefined();
  });
});
