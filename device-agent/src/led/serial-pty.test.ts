import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingOpens, HAVE_SOCAT, socatPair } from '../transport/socat-pair.fixture.js';
import { createSerialTransport } from '../transport/index.js';
import { LedDisplays, ledCallText } from './displays.js';
import { LedDisplaySimulator } from './simulator.js';

const link = socatPair(join(tmpdir(), `bianmin-leds-${process.pid}`));

describe.skipIf(!HAVE_SOCAT)(
  'counter LED displays over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(() => link.plug());
    afterAll(() => link.unplug());

    it('sends GB2312 frames byte for byte, which the simulator shows per address', async () => {
      const raw: Buffer[] = [];
      const far = createSerialTransport({ path: link.b, baudRate: 9600 });
      const sim = new LedDisplaySimulator(far, 'gb2312');
      far.onData((chunk) => raw.push(chunk));
      await sim.start();
      const leds = new LedDisplays(createSerialTransport({ path: link.a, baudRate: 9600 }), {
        encoding: 'gb2312',
        gapMs: 20,
      });
      const both = new Promise<void>((resolve) => {
        let n = 0;
        sim.onShow(() => ++n === 2 && resolve());
      });
      try {
        await leds.show(2, ledCallText('A005', 'gb2312'));
        await leds.show(3, ledCallText('B012', 'gb2312'));
        await both;
        expect(Buffer.concat(raw)).toEqual(
          Buffer.from('0102C7EB41303035BAC5070103C7EB42303132BAC507', 'hex'),
        );
        expect(sim.displays()).toEqual([
          { address: 2, text: '请A005号' },
          { address: 3, text: '请B012号' },
        ]);
      } finally {
        await leds.close();
        await sim.stop();
      }
      const missing = new LedDisplays(
        createSerialTransport({ path: `${link.a}-missing`, baudRate: 9600 }),
        { encoding: 'ascii' },
      );
      expect(await missing.probe()).toBe('offline');
      expect((await missing.show(1, 'A001')).ok).toBe(false);
    });

    it('shares one open between a health probe and a write, so neither fails the port lock', async () => {
      const far = createSerialTransport({ path: link.b, baudRate: 9600 });
      const sim = new LedDisplaySimulator(far, 'ascii');
      await sim.start();
      const host = countingOpens(createSerialTransport({ path: link.a, baudRate: 9600 }));
      const leds = new LedDisplays(host, { encoding: 'ascii', gapMs: 0 });
      const shown = new Promise((resolve) => sim.onShow(resolve));
      try {
        // As after the adapter comes back: the 5 s probe and a call both find the port closed.
        const [probed, written] = await Promise.all([leds.probe(), leds.show(4, 'C007')]);
        expect(probed).toBe('ready');
        expect(written).toEqual({ ok: true, value: undefined });
        expect(await shown).toEqual({ address: 4, text: 'C007' });
        expect(host.opens()).toBe(1);
        expect(await leds.probe()).toBe('ready');
      } finally {
        await leds.close();
        await sim.stop();
      }
    });
  },
);
