import { createLogger } from '@bianmin/common';
import { DEVICES, type DeviceStatus, type StateOf } from '@bianmin/contract';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDeviceHealth } from './device-health.js';
import { printerState } from './devices.js';

const silent = createLogger('test', {
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

function healthWith(readings: { printer: StateOf<'printer'>[] }) {
  const changes: DeviceStatus[] = [];
  const printer = [...readings.printer];
  const health = createDeviceHealth(
    {
      printer: async () => printer.shift() ?? 'ready',
      idCardReader: async () => 'ready',
      storage: async () => 'ready',
    },
    { intervalMs: 1000, logger: silent, onChange: (change) => changes.push(change) },
  );
  return { health, changes };
}

describe('device health', () => {
  it('confirms a warning on the second equal reading and recovers at once', async () => {
    const { health, changes } = healthWith({
      printer: ['ready', 'paper-near-end', 'paper-near-end', 'ready'],
    });
    await health.pollOnce();
    await health.pollOnce();
    expect(health.states().printer).toBe('ready');
    await health.pollOnce();
    expect(health.states().printer).toBe('paper-near-end');
    await health.pollOnce();
    expect(changes.filter((c) => c.device === 'printer')).toEqual([
      { device: 'printer', state: 'ready' },
      { device: 'printer', state: 'paper-near-end' },
      { device: 'printer', state: 'ready' },
    ]);
  });

  it('reports every attached device, unknown until read', async () => {
    const { health } = healthWith({ printer: [] });
    expect(health.states()).toEqual({
      storage: 'unknown',
      printer: 'unknown',
      idCardReader: 'unknown',
    });
    await health.pollOnce();
    expect(health.states()).toEqual({ storage: 'ready', printer: 'ready', idCardReader: 'ready' });
  });

  it('polls and reports an optional device only when it is attached', async () => {
    const polled: string[] = [];
    const probe =
      <S extends string>(device: string, state: S) =>
      async () => {
        polled.push(device);
        return state;
      };
    const without = createDeviceHealth(
      { storage: probe('storage', 'ready'), printer: probe('printer', 'ready') },
      { intervalMs: 1000, logger: silent, onChange: () => undefined },
    );
    await without.pollOnce();
    expect(without.states()).toEqual({ storage: 'ready', printer: 'ready' });
    expect('scanner' in without.states()).toBe(false);

    const changes: DeviceStatus[] = [];
    const withScanner = createDeviceHealth(
      { storage: probe('storage', 'ready'), scanner: probe('scanner', 'offline') },
      { intervalMs: 1000, logger: silent, onChange: (c) => changes.push(c) },
    );
    expect(withScanner.states()).toEqual({ storage: 'unknown', scanner: 'unknown' });
    await withScanner.pollOnce();
    expect(withScanner.states()).toEqual({ storage: 'ready', scanner: 'offline' });
    expect(changes).toContainEqual({ device: 'scanner', state: 'offline' });
    expect(polled).toEqual(['printer', 'storage', 'storage', 'scanner']);
  });
});

describe('printer driver status to registry state', () => {
  it('keeps the paper-near-end warning the driver reports on a ready printer', () => {
    expect(printerState({ state: 'ready', paperNearEnd: true })).toBe('paper-near-end');
    expect(printerState({ state: 'ready', paperNearEnd: false })).toBe('ready');
    expect(printerState({ state: 'error', kind: 'cutter' })).toBe('error');
  });
});

describe('scanner in the registry', () => {
  it('never takes the terminal out of service: every non-ready state is a warning', () => {
    const states = Object.entries(DEVICES.scanner.states).filter(([state]) => state !== 'ready');
    expect(states.map(([, spec]) => spec.severity)).toEqual(states.map(() => 'warning'));
  });
});
