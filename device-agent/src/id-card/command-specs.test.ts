import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BAUD_RATES } from '@bianmin/config';
import {
  COMMAND_SPECS,
  REPLY_OVERHEAD,
  replyFits,
  replyTimeoutMs,
  setBaudSpec,
  wireTimeMs,
} from './command-specs.js';
import { COMMANDS, SW3 } from './commands.js';
import { decodeReply, encodeReply, type ReaderReply } from './frame.js';

const specs = Object.values(COMMAND_SPECS);
const spec = fc.constantFrom(...specs);
const baud = fc.constantFrom(...BAUD_RATES);

/** A reply as it comes off the wire. */
function reply(sw3: number, dataLength: number): ReaderReply {
  const decoded = decodeReply(encodeReply([0, 0, sw3], new Uint8Array(dataLength)));
  if (!decoded.ok) throw new Error(decoded.error.detail);
  return decoded.value;
}

describe('reply sizes', () => {
  it('are the documented ones', () => {
    const size = (s: (typeof specs)[number]) => s.dataLengths.map((n) => n + REPLY_OVERHEAD);
    expect(size(COMMAND_SPECS.readTextPhoto)).toEqual([1295]);
    expect(size(COMMAND_SPECS.readTextPhotoFingerprint)).toEqual([1297, 1809, 2321]);
    expect(size(COMMAND_SPECS.status)).toEqual([11]);
    expect(size(COMMAND_SPECS.moduleId)).toEqual([27]);
  });
});

describe('replyTimeoutMs', () => {
  it('covers the longest reply on the wire plus the working time, at every rate', () => {
    fc.assert(
      fc.property(spec, baud, (s, rate) => {
        const wire = wireTimeMs(REPLY_OVERHEAD + Math.max(...s.dataLengths), rate);
        expect(replyTimeoutMs(s, rate)).toBeGreaterThan(wire + s.workingMs);
      }),
    );
  });

  it('grows as the line slows', () => {
    fc.assert(
      fc.property(spec, baud, baud, (s, a, b) => {
        if (a < b) expect(replyTimeoutMs(s, a)).toBeGreaterThanOrEqual(replyTimeoutMs(s, b));
      }),
    );
  });

  it('gives a read at 9600 more than 3 s, and a status at 115200 a quarter second', () => {
    expect(replyTimeoutMs(COMMAND_SPECS.readTextPhoto, 9600)).toBe(3410);
    expect(replyTimeoutMs(COMMAND_SPECS.readTextPhoto, 115200)).toBe(2164);
    expect(replyTimeoutMs(COMMAND_SPECS.readTextPhotoFingerprint, 9600)).toBe(4979);
    expect(replyTimeoutMs(COMMAND_SPECS.status, 115200)).toBe(252);
  });
});

describe('replyFits', () => {
  it("takes a command's success at each expected length", () => {
    fc.assert(
      fc.property(spec, (s) => {
        for (const n of s.dataLengths) expect(replyFits(s, reply(s.success, n))).toBe(true);
      }),
    );
  });

  it('takes any error status without data (errors look alike for every command)', () => {
    const errorSw3 = fc
      .integer({ min: 0, max: 255 })
      .filter((b) => b !== SW3.ok && b !== SW3.cardFound);
    fc.assert(
      fc.property(spec, errorSw3, (s, sw3) => {
        expect(replyFits(s, reply(sw3, 0))).toBe(true);
      }),
    );
  });

  it("refuses a success of any other length, so one command's answer never passes for another's", () => {
    fc.assert(
      fc.property(spec, spec, (awaited, other) => {
        for (const n of other.dataLengths) {
          const foreign = reply(other.success, n);
          const expected = awaited.success === other.success && awaited.dataLengths.includes(n);
          expect(replyFits(awaited, foreign)).toBe(expected);
        }
      }),
    );
  });

  it('refuses errors that carry data, and successes without the data they need', () => {
    expect(replyFits(COMMAND_SPECS.find, reply(SW3.noCard, 4))).toBe(false);
    expect(replyFits(COMMAND_SPECS.find, reply(SW3.ok, 0))).toBe(false);
    expect(replyFits(COMMAND_SPECS.select, reply(SW3.ok, 0))).toBe(false);
    expect(replyFits(setBaudSpec(COMMANDS.setBaud9600), reply(SW3.ok, 0))).toBe(true);
  });
});
