import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SOCAT, socatPair } from '../transport/socat-pair.fixture.js';
import { createPacedTransport, createSerialTransport } from '../transport/index.js';
import { IdCardReader } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

/**
 * The one test over a real serial driver: socat links two pseudo-terminals, the simulator
 * sits on one and the reader on the other, so serialport's framing of chunks is exercised.
 */
const link = socatPair(join(tmpdir(), `bianmin-idcard-${process.pid}`));
const { a: linkA, b: linkB } = link;

describe.skipIf(!HAVE_SOCAT)(
  'ID-card reader over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(() => link.plug());
    afterAll(() => link.unplug());

    it('reads a card end to end at 115200 baud', async () => {
      const sim = new IdCardReaderSimulator(
        createSerialTransport({ path: linkB, baudRate: 115200 }),
      );
      const reader = new IdCardReader(createSerialTransport({ path: linkA, baudRate: 115200 }));
      await sim.start();
      try {
        const holder = SAMPLE_IDENTITIES[0]!.holder;
        expect(await reader.readCard()).toEqual({ ok: false, error: { kind: 'no-card' } });
        sim.placeCard(holder);
        expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
      } finally {
        await reader.close();
        await sim.stop();
      }
    });

    it('reads a card at 9600 baud with the replies paced at the wire rate, then switches to 115200', async () => {
      // A pty has no line speed: the simulator's end is paced so each reply takes as long as on
      // a real 9600 line (the read reply 1.35 s), longer than the old fixed 1.5 s allowed for.
      const simEnd = createPacedTransport(createSerialTransport({ path: linkB, baudRate: 9600 }), {
        baudRate: 9600,
      });
      const sim = new IdCardReaderSimulator(simEnd);
      const reader = new IdCardReader(createSerialTransport({ path: linkA, baudRate: 9600 }), {
        baudRate: 9600,
      });
      await sim.start();
      try {
        const holder = SAMPLE_IDENTITIES[1]!.holder;
        sim.placeCard(holder);
        expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
        expect(await reader.moduleId()).toEqual({
          ok: true,
          value: '05.01-20101111-0012345678-1234567890',
        });
        expect(await reader.setBaudRate(115200)).toEqual({ ok: true, value: { baudRate: 115200 } });
        expect(sim.state.baudRate).toBe(115200);
        expect(simEnd.baudRate).toBe(115200);
        expect(await reader.probe()).toEqual({ ok: true, value: undefined });
      } finally {
        await reader.close();
        await sim.stop();
      }
    });
  },
);
