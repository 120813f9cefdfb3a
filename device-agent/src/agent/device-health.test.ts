import { createLogger } from '@bianmin/common';
import type { DeviceStatus, StateOf } from '@bianmin/contract';
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

  it('reports every registry device, unknown until read', async () => {
    const { health } = healthWith({ printer: [] });
    expect(health.states()).toEqual({
      storage: 'unknown',
      printer: 'unknown',
      idCardReader: 'unknown',
    });
    await health.pollOnce();
    expect(health.states()).toEqual({ storage: 'ready', printer: 'ready', idCardReader: 'ready' });
  });
});

describe('printer driver status to registry state', () => {
  it('keeps the paper-near-end warning the driver reports on a ready printer', () => {
    expect(printerState({ state: 'ready', paperNearEnd: true })).toBe('paper-near-end');
    expect(printerState({ state: 'ready', paperNearEnd: false })).toBe('ready');
    expect(printerState({ state: 'error', kind: 'cutter' })).toBe('error');
  });
});
