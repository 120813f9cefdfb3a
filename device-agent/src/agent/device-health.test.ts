import { createLogger } from '@bianmin/common';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import { DEVICES, type DeviceStatus, type StateOf } from '@bianmin/contract';
import { createOutbox } from '@bianmin/sync/outbox';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createStorageProbe } from '../storage/storage-probe.js';
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
    {
      intervalMs: 1000,
      logger: silent,
      record: (change) => changes.push(change),
      listeners: [],
    },
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
      { intervalMs: 1000, logger: silent, record: () => undefined, listeners: [] },
    );
    await without.pollOnce();
    expect(without.states()).toEqual({ storage: 'ready', printer: 'ready' });
    expect('scanner' in without.states()).toBe(false);

    const changes: DeviceStatus[] = [];
    const withScanner = createDeviceHealth(
      { storage: probe('storage', 'ready'), scanner: probe('scanner', 'offline') },
      { intervalMs: 1000, logger: silent, record: (c) => changes.push(c), listeners: [] },
    );
    expect(withScanner.states()).toEqual({ storage: 'unknown', scanner: 'unknown' });
    await withScanner.pollOnce();
    expect(withScanner.states()).toEqual({ storage: 'ready', scanner: 'offline' });
    expect(changes).toContainEqual({ device: 'scanner', state: 'offline' });
    expect(polled).toEqual(['printer', 'storage', 'storage', 'scanner']);
  });
});

describe('device changes while storage refuses writes', () => {
  /** A real terminal database and outbox, and the real storage probe on them. */
  function terminalWith(printer: () => StateOf<'printer'>) {
    const dir = makeTempDir('health-storage');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    const db = opened.value;
    const outbox = createOutbox(db);
    let nowMs = Date.parse('2026-05-04T01:00:00.000Z');
    const log = captureLogger();
    const told: DeviceStatus[] = [];
    const health = createDeviceHealth(
      {
        printer: async () => printer(),
        storage: createStorageProbe(db, dir.path, { fullBelowBytes: 0, lowBelowBytes: 0 }),
        idCardReader: async () => 'ready',
      },
      {
        intervalMs: 1000,
        logger: log.logger,
        now: () => new Date(nowMs),
        record: (change, at) =>
          outbox.record({ type: 'device.status-changed', payload: change, createdAt: at }),
        listeners: [(change) => told.push(change)],
      },
    );
    /** One poll, 5 s after the last, as the agent's loop runs them. */
    const pollAt = async () => {
      nowMs += 5000;
      await health.pollOnce();
      return new Date(nowMs).toISOString();
    };
    const recorded = () =>
      outbox.pending(100).map((e) => ({ ...(e.payload as DeviceStatus), at: e.createdAt }));
    const close = () => {
      db.close();
      dir.remove();
    };
    return { db, health, log, told, pollAt, recorded, close };
  }

  it('shows a change at once, and records it, stamped when it happened, once storage takes writes again', async () => {
    let printer: StateOf<'printer'> = 'ready';
    const t = terminalWith(() => printer);
    try {
      const first = await t.pollAt();
      expect(t.recorded()).toHaveLength(3);

      // The file system goes read-only: SQLite refuses every write, the probe's and the outbox's.
      t.db.pragma('query_only = ON');
      printer = 'no-paper';
      await t.pollAt();
      const faulted = await t.pollAt();
      // Both shown and told, and the reader after the storage still read, though neither change
      // could be written.
      expect(t.health.states()).toEqual({
        printer: 'no-paper',
        storage: 'read-only',
        idCardReader: 'ready',
      });
      expect(t.told.slice(3)).toEqual([
        { device: 'printer', state: 'no-paper' },
        { device: 'storage', state: 'read-only' },
      ]);
      await t.pollAt();
      expect(t.recorded()).toHaveLength(3);

      t.db.pragma('query_only = OFF');
      const recovered = await t.pollAt();
      expect(t.recorded()).toEqual([
        { device: 'printer', state: 'ready', at: first },
        { device: 'storage', state: 'ready', at: first },
        { device: 'idCardReader', state: 'ready', at: first },
        { device: 'printer', state: 'no-paper', at: faulted },
        { device: 'storage', state: 'read-only', at: faulted },
        { device: 'storage', state: 'ready', at: recovered },
      ]);
      expect(eventsNamed(t.log.lines, 'device.status-record-failed')).toEqual([
        expect.objectContaining({
          device: 'printer',
          state: 'no-paper',
          error: 'SQLITE_READONLY',
          waiting: 1,
        }),
      ]);
      expect(eventsNamed(t.log.lines, 'device.status-recorded-late')).toEqual([
        expect.objectContaining({ count: 2, dropped: 0 }),
      ]);
    } finally {
      t.close();
    }
  });

  it('records a fault that came and went while storage refused writes', async () => {
    let printer: StateOf<'printer'> = 'ready';
    const t = terminalWith(() => printer);
    try {
      await t.pollAt();
      t.db.pragma('query_only = ON');
      printer = 'cover-open';
      await t.pollAt();
      const opened = await t.pollAt();
      printer = 'ready';
      const closed = await t.pollAt();
      t.db.pragma('query_only = OFF');
      await t.pollAt();
      expect(t.recorded().filter((c) => c.device === 'printer')).toEqual([
        expect.objectContaining({ state: 'ready' }),
        { device: 'printer', state: 'cover-open', at: opened },
        { device: 'printer', state: 'ready', at: closed },
      ]);
    } finally {
      t.close();
    }
  });

  it('reads every device and tells every listener when one of them throws', async () => {
    const log = captureLogger();
    const told: string[] = [];
    const health = createDeviceHealth(
      {
        printer: () => Promise.reject(new TypeError('driver bug')),
        storage: async () => 'ready',
        idCardReader: async () => 'ready',
      },
      {
        intervalMs: 1000,
        logger: log.logger,
        record: () => undefined,
        listeners: [
          () => {
            throw new RangeError('listener bug');
          },
          (change) => told.push(change.device),
        ],
      },
    );
    await expect(health.pollOnce()).resolves.toBeUndefined();
    expect(health.states()).toEqual({
      printer: 'unknown',
      storage: 'ready',
      idCardReader: 'ready',
    });
    expect(told).toEqual(['storage', 'idCardReader']);
    expect(eventsNamed(log.lines, 'device.health-poll-failed')).toEqual([
      expect.objectContaining({ device: 'printer', error: 'TypeError' }),
    ]);
    expect(eventsNamed(log.lines, 'agent.unexpected-error')).toEqual([
      expect.objectContaining({ error: 'RangeError' }),
      expect.objectContaining({ error: 'RangeError' }),
    ]);
  });

  it('keeps the newest 1000 changes through a long outage, and says how many it dropped', async () => {
    const log = captureLogger();
    let printer: StateOf<'printer'> = 'ready';
    let storageWorks = false;
    const recorded: DeviceStatus[] = [];
    const health = createDeviceHealth(
      { printer: async () => printer },
      {
        intervalMs: 1000,
        logger: log.logger,
        record: (change) => {
          if (!storageWorks) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
          recorded.push(change);
        },
        listeners: [],
      },
    );
    await health.pollOnce();
    // A printer flapping for 600 rounds: a fault takes two readings, recovery one.
    for (let i = 0; i < 600; i++) {
      printer = 'no-paper';
      await health.pollOnce();
      await health.pollOnce();
      printer = 'ready';
      await health.pollOnce();
    }
    storageWorks = true;
    await health.pollOnce();
    expect(recorded).toHaveLength(1000);
    expect(recorded.at(-1)).toEqual({ device: 'printer', state: 'ready' });
    expect(eventsNamed(log.lines, 'device.status-recorded-late')).toEqual([
      expect.objectContaining({ count: 1000, dropped: 201 }),
    ]);
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
