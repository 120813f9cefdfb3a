import { ok, err, type Result } from '@bianmin/common';
import { MODULE_ID_LENGTH } from './command-specs.js';

const ID_PATTERN = /^(\d{2})\.(\d{2})-(\d{8})-(\d{10})-(\d{10})$/;

/**
 * The printable SAM id, as reader tools show it: "05.01-20101111-0012345678-1234567890".
 * The 16 bytes are two 16-bit and three 32-bit little-endian numbers, the layout public host
 * code decodes; those tools differ only in padding the last two numbers to 9 or 10 digits, and
 * 10 (the width of a 32-bit number) is used here.
 */
export function decodeModuleId(data: Uint8Array): Result<string, { detail: string }> {
  if (data.length !== MODULE_ID_LENGTH) {
    return err({ detail: `module id has ${data.length} bytes, expected ${MODULE_ID_LENGTH}` });
  }
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const pad = (n: number, width: number) => n.toString().padStart(width, '0');
  return ok(
    `${pad(b.readUInt16LE(0), 2)}.${pad(b.readUInt16LE(2), 2)}-${pad(b.readUInt32LE(4), 8)}-` +
      `${pad(b.readUInt32LE(8), 10)}-${pad(b.readUInt32LE(12), 10)}`,
  );
}

/** The reverse, for the simulator; undefined for a string not of the printable form. */
export function encodeModuleId(id: string): Uint8Array | undefined {
  const match = ID_PATTERN.exec(id);
  if (!match) return undefined;
  const [major, minor, date, batch, serial] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (batch > 0xffffffff || serial > 0xffffffff) return undefined;
  const out = Buffer.alloc(MODULE_ID_LENGTH);
  out.writeUInt16LE(major, 0);
  out.writeUInt16LE(minor, 2);
  out.writeUInt32LE(date, 4);
  out.writeUInt32LE(batch, 8);
  out.writeUInt32LE(serial, 12);
  return out;
}
