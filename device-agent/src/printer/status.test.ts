import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  autoStatusOf,
  statusFactsOf,
  type SimulatedPrinterCondition,
} from './simulated-condition.js';
import {
  AUTO_STATUS,
  AUTO_STATUS_BYTES,
  PAPER_SENSOR,
  REALTIME_STATUS,
  type StatusByteLayout,
} from './status-bits.js';
import {
  combineStatus,
  decodeAutoStatus,
  decodePaperSensor,
  decodeRealtimeStatus,
  encodeAutoStatus,
  encodePaperSensor,
  encodeRealtimeStatus,
  isRealtimeStatusByte,
  type AutoStatus,
  type PaperSensorFacts,
  type StatusFacts,
} from './status.js';

describe('decodeRealtimeStatus', () => {
  it('rejects bytes whose fixed bits are wrong', () => {
    for (const byte of [0x00, 0x10, 0x02, 0x13, 0x92, 0xff, 0x1f]) {
      expect(decodeRealtimeStatus(1, byte)).toEqual({
        ok: false,
        error: { kind: 'bad-fixed-bits', n: 1, byte },
      });
    }
    expect(decodeRealtimeStatus(2, 256).ok).toBe(false);
    expect(decodeRealtimeStatus(2, -1).ok).toBe(false);
  });

  it('accepts exactly the bytes with bits 1 and 4 set and 0 and 7 clear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
        const fixedOk = (byte & 0x02) !== 0 && (byte & 0x10) !== 0 && (byte & 0x81) === 0;
        expect(isRealtimeStatusByte(byte)).toBe(fixedOk);
        expect(decodeRealtimeStatus(4, byte).ok).toBe(fixedOk);
      }),
    );
  });

  it('tells automatic status back bytes apart', () => {
    // ASB byte 1 has bit 1 clear; bytes 2-4 have bit 4 clear.
    expect(isRealtimeStatusByte(0x10)).toBe(false);
    expect(isRealtimeStatusByte(0x0f)).toBe(false);
    expect(isRealtimeStatusByte(0x12)).toBe(true);
  });

  it('decodes each request', () => {
    expect(decodeRealtimeStatus(1, 0x1a)).toEqual({ ok: true, value: { n: 1, offline: true } });
    expect(decodeRealtimeStatus(2, 0x12 | 0x04 | 0x20 | 0x40)).toEqual({
      ok: true,
      value: { n: 2, coverOpen: true, feedButton: false, paperEndStop: true, error: true },
    });
    expect(decodeRealtimeStatus(3, 0x12 | 0x08)).toEqual({
      ok: true,
      value: { n: 3, cutterError: true, unrecoverable: false, autoRecoverable: false },
    });
    expect(decodeRealtimeStatus(4, 0x12 | 0x0c)).toEqual({
      ok: true,
      value: { n: 4, paperNearEnd: true, paperEnd: false },
    });
    expect(decodeRealtimeStatus(4, 0x12 | 0x60)).toEqual({
      ok: true,
      value: { n: 4, paperNearEnd: false, paperEnd: true },
    });
    expect(decodeRealtimeStatus(7 as 1, 0x12)).toEqual({
      ok: false,
      error: { kind: 'unknown-request', n: 7 },
    });
  });
});

describe('combineStatus', () => {
  const printer = (offline: boolean) => ({ n: 1 as const, offline });
  const cause = (
    c: Partial<{ coverOpen: boolean; paperEndStop: boolean; error: boolean }> = {},
  ) => ({
    n: 2 as const,
    coverOpen: false,
    feedButton: false,
    paperEndStop: false,
    error: false,
    ...c,
  });
  const paper = (paperNearEnd = false, paperEnd = false) => ({
    n: 4 as const,
    paperNearEnd,
    paperEnd,
  });

  it('is ready with the near-end warning', () => {
    expect(
      combineStatus({ printer: printer(false), offlineCause: cause(), paper: paper() }),
    ).toEqual({ state: 'ready', paperNearEnd: false });
    expect(
      combineStatus({ printer: printer(false), offlineCause: cause(), paper: paper(true) }),
    ).toEqual({ state: 'ready', paperNearEnd: true });
  });

  it('names the cause even though the offline bit is set too', () => {
    expect(
      combineStatus({
        printer: printer(true),
        offlineCause: cause({ coverOpen: true, paperEndStop: true }),
        paper: paper(true, true),
      }),
    ).toEqual({ state: 'cover-open' });
    expect(
      combineStatus({ printer: printer(true), offlineCause: cause(), paper: paper(true, true) }),
    ).toEqual({ state: 'no-paper' });
    expect(
      combineStatus({
        printer: printer(true),
        offlineCause: cause({ paperEndStop: true }),
        paper: paper(),
      }),
    ).toEqual({ state: 'no-paper' });
    expect(
      combineStatus({ printer: printer(true), offlineCause: cause(), paper: paper() }),
    ).toEqual({
      state: 'offline',
    });
  });

  it('reports the error kind when the cause is known', () => {
    const base = { printer: printer(true), offlineCause: cause({ error: true }), paper: paper() };
    expect(combineStatus(base)).toEqual({ state: 'error', kind: 'unknown' });
    const errorCause = (
      c: Partial<{ cutterError: boolean; unrecoverable: boolean; autoRecoverable: boolean }>,
    ) => ({
      n: 3 as const,
      cutterError: false,
      unrecoverable: false,
      autoRecoverable: false,
      ...c,
    });
    expect(combineStatus({ ...base, errorCause: errorCause({ cutterError: true }) })).toEqual({
      state: 'error',
      kind: 'cutter',
    });
    expect(combineStatus({ ...base, errorCause: errorCause({ unrecoverable: true }) })).toEqual({
      state: 'error',
      kind: 'unrecoverable',
    });
    expect(combineStatus({ ...base, errorCause: errorCause({ autoRecoverable: true }) })).toEqual({
      state: 'error',
      kind: 'auto-recoverable',
    });
  });
});

const flagsOf = (layout: StatusByteLayout) =>
  fc.record(Object.fromEntries(Object.keys(layout.flags).map((name) => [name, fc.boolean()])));

describe('status bit tables', () => {
  it('round-trips every DLE EOT reply through encode and decode', () => {
    for (const n of [1, 2, 3, 4] as const) {
      fc.assert(
        fc.property(flagsOf(REALTIME_STATUS[n]), (flags) => {
          const facts = { n, ...flags } as StatusFacts;
          const byte = encodeRealtimeStatus(facts);
          expect(isRealtimeStatusByte(byte)).toBe(true);
          expect(decodeRealtimeStatus(n, byte)).toEqual({ ok: true, value: facts });
        }),
      );
    }
  });

  it('round-trips the GS r 1 paper sensor byte', () => {
    fc.assert(
      fc.property(flagsOf(PAPER_SENSOR), (flags) => {
        const byte = encodePaperSensor(flags as PaperSensorFacts);
        expect(isRealtimeStatusByte(byte)).toBe(false);
        expect(decodePaperSensor(byte)).toEqual(flags);
      }),
    );
  });

  it('round-trips the four automatic status bytes, none of them a DLE EOT reply', () => {
    const status = fc.record(
      Object.fromEntries(AUTO_STATUS_BYTES.map((name) => [name, flagsOf(AUTO_STATUS[name])])),
    );
    fc.assert(
      fc.property(status, (value) => {
        const bytes = encodeAutoStatus(value as AutoStatus);
        expect(bytes).toHaveLength(4);
        expect([...bytes].some(isRealtimeStatusByte)).toBe(false);
        expect(decodeAutoStatus(bytes)).toEqual({ ok: true, value });
      }),
    );
  });

  it('turns garbage into an error value, never a throw', () => {
    const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constant(Number.NaN));
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 4, 0, 5, 255), anyNumber, (n, byte) => {
        const decoded = decodeRealtimeStatus(n as 1, byte);
        const valid =
          [1, 2, 3, 4].includes(n) && Number.isInteger(byte) && byte >= 0 && byte <= 255;
        expect(decoded.ok).toBe(valid && isRealtimeStatusByte(byte));
        expect(decodePaperSensor(byte) !== undefined).toBe(
          Number.isInteger(byte) && byte >= 0 && byte <= 255 && (byte & 0x90) === 0,
        );
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        const decoded = decodeAutoStatus(bytes);
        const fixedOk =
          bytes.length === 4 &&
          ((bytes[0] ?? 0) & 0x93) === 0x10 &&
          bytes.subarray(1).every((b) => (b & 0x90) === 0);
        expect(decoded.ok).toBe(fixedOk);
      }),
    );
  });
});

describe('the simulator speaks what the driver reads', () => {
  const condition = fc.record<SimulatedPrinterCondition>({
    paper: fc.constantFrom('ok', 'near-end', 'out'),
    coverOpen: fc.boolean(),
    offline: fc.constant(false),
    error: fc.constantFrom('none', 'cutter', 'unrecoverable', 'auto-recoverable'),
  });
  const read = <N extends 1 | 2 | 3 | 4>(c: SimulatedPrinterCondition, n: N) => {
    const decoded = decodeRealtimeStatus(n, encodeRealtimeStatus(statusFactsOf(c, n)));
    if (!decoded.ok) throw new Error(`n=${n} did not decode`);
    return decoded.value;
  };

  it('gives every simulated condition the printer state it stands for', () => {
    fc.assert(
      fc.property(condition, (c) => {
        const status = combineStatus({
          printer: read(c, 1),
          offlineCause: read(c, 2),
          paper: read(c, 4),
          errorCause: read(c, 3),
        });
        const expected = c.coverOpen
          ? { state: 'cover-open' }
          : c.paper === 'out'
            ? { state: 'no-paper' }
            : c.error !== 'none'
              ? { state: 'error', kind: c.error }
              : { state: 'ready', paperNearEnd: c.paper === 'near-end' };
        expect(status).toEqual(expected);
        const auto = decodeAutoStatus(encodeAutoStatus(autoStatusOf(c)));
        expect(auto.ok && auto.value.printer.coverOpen).toBe(c.coverOpen);
        expect(auto.ok && auto.value.paper.paperEnd).toBe(c.paper === 'out');
      }),
    );
  });
});
