import { describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { createMemoryPair } from '../transport/index.js';
import { LedDisplays, ledCallText } from './displays.js';
import { LedDisplaySimulator, type SimulatedLed } from './simulator.js';

describe('counter LED displays over the in-memory link', () => {
  it('writes each call in order, one command at a time, and the simulator keeps each text', async () => {
    const pair = createMemoryPair('leds');
    const sim = new LedDisplaySimulator(pair.device, 'gb2312');
    await sim.start();
    const leds = new LedDisplays(pair.host, { encoding: 'gb2312', gapMs: 0 });
    const shown: SimulatedLed[] = [];
    const three = new Promise<void>((resolve) =>
      sim.onShow((led) => {
        if (shown.push(led) === 3) resolve();
      }),
    );
    const results = await Promise.all([
      leds.show(1, ledCallText('A001', 'gb2312')),
      leds.show(2, ledCallText('B002', 'gb2312')),
      leds.show(1, ledCallText('A003', 'gb2312')),
    ]);
    await three;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(shown.map((l) => l.text)).toEqual(['请A001号', '请B002号', '请A003号']);
    expect(sim.displays()).toEqual([
      { address: 1, text: '请A003号' },
      { address: 2, text: '请B002号' },
    ]);
    expect(await leds.show(1, '𠮷')).toMatchObject({ ok: false, error: { kind: 'not-encodable' } });
    await leds.close();
    await sim.stop();
  });

  it("leaves the family's pause between two commands", async () => {
    const clock = createManualClock(0);
    const pair = createMemoryPair('leds-gap');
    const leds = new LedDisplays(pair.host, { encoding: 'ascii', gapMs: 300, clock });
    const writes: number[] = [];
    await pair.device.open();
    pair.device.onData(() => writes.push(clock.now()));
    await leds.show(1, 'A001');
    const second = leds.show(2, 'A002');
    await clock.advance(299);
    expect(writes).toEqual([0]);
    await clock.advance(1);
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([0, 300]);
  });

  it('waits no longer than its pause when the wall clock steps back', async () => {
    const clock = createManualClock(Date.parse('2026-11-26T10:00:00Z'));
    const pair = createMemoryPair('leds-clock-step');
    const leds = new LedDisplays(pair.host, { encoding: 'ascii', gapMs: 300, clock });
    let writes = 0;
    await pair.device.open();
    pair.device.onData(() => (writes += 1));
    await leds.show(1, 'A001');
    clock.step(-8 * 3_600_000);
    const second = leds.show(2, 'A002');
    await clock.advance(300);
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toBe(2);
    await leds.close();
  });

  it('drops the writes still queued when closed, instead of waiting out their pauses', async () => {
    const clock = createManualClock(0);
    const pair = createMemoryPair('leds-close');
    const leds = new LedDisplays(pair.host, { encoding: 'ascii', gapMs: 300, clock });
    await pair.device.open();
    await leds.show(1, 'A001');
    const queued = [leds.show(2, 'A002'), leds.show(3, 'A003'), leds.show(1, 'A004')];
    const closed = leds.close();
    // The one already waiting its pause ends; the rest are not sent.
    await clock.advance(300);
    await closed;
    const results = await Promise.all(queued);
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(1);
    expect(results.at(-1)).toMatchObject({ ok: false, error: { kind: 'not-open' } });
  });

  it('is offline without its port and writes again once it is back, never throwing', async () => {
    const pair = createMemoryPair('leds-cable');
    const sim = new LedDisplaySimulator(pair.device, 'ascii');
    await sim.start();
    const leds = new LedDisplays(pair.host, { encoding: 'ascii', gapMs: 0 });
    expect(await leds.probe()).toBe('ready');
    pair.setConnected(false);
    expect(await leds.show(1, 'A001')).toMatchObject({ ok: false });
    expect(await leds.probe()).toBe('offline');
    pair.setConnected(true);
    const back = new Promise((resolve) => sim.onShow(resolve));
    expect(await leds.show(1, 'A002')).toEqual({ ok: true, value: undefined });
    expect(await back).toEqual({ address: 1, text: 'A002' });
    expect(ledCallText('A002', 'ascii')).toBe('A002');
    await leds.close();
  });
});
