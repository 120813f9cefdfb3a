import { createManualClock } from '@bianmin/common';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import type { ReportedDeviceStates, ServiceTime } from '@bianmin/contract';
import type { Closure } from '@bianmin/config';
import { createOutbox } from '@bianmin/sync/outbox';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createServiceTimeRecorder } from './recorder.js';

const HOUR = 3_600_000;
// Monday 23 November 2026, 08:00 in Shanghai.
const MONDAY_0800 = Date.parse('2026-11-23T00:00:00Z');
const WEEKDAYS = [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }];

let dir: TempDir | undefined;
let db: Database.Database | undefined;
afterEach(() => {
  db?.close();
  dir?.remove();
  db = undefined;
  dir = undefined;
});

function terminal(startMs = MONDAY_0800, closures: Closure[] = []) {
  dir ??= makeTempDir('service-time');
  const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  db = opened.value;
  const clock = createManualClock(startMs);
  const devices: ReportedDeviceStates = { printer: 'ready', idCardReader: 'ready' };
  const outbox = createOutbox(db);
  const errors: unknown[] = [];
  // The machine's clock as the recorder reads it; a jump stands for a suspended machine.
  const jump = { ms: 0 };
  const recorder = createServiceTimeRecorder({
    db,
    outbox,
    serviceHours: WEEKDAYS,
    closures,
    timeZone: 'Asia/Shanghai',
    deviceStates: () => devices,
    now: () => new Date(clock.now() + jump.ms),
    onError: (error) => errors.push(error),
    clock,
  });
  const intervals = () =>
    outbox
      .pending(10_000)
      .filter((e) => e.type === 'service-time.recorded')
      .map((e) => e.payload as ServiceTime);
  const total = (state: ServiceTime['state']) =>
    intervals()
      .filter((i) => i.state === state)
      .reduce((sum, i) => sum + Date.parse(i.to) - Date.parse(i.from), 0) / HOUR;
  return { clock, jump, devices, recorder, intervals, total, errors };
}

describe('service time recorder', () => {
  it('records a working day: closed, nine hours in service in short intervals, closed', async () => {
    const t = terminal();
    t.recorder.start();
    await t.clock.advance(11 * HOUR);
    await t.recorder.stop();
    expect(t.total('closed')).toBe(0.5 + 1.5);
    expect(t.total('in-service')).toBe(9);
    const inService = t.intervals().filter((i) => i.state === 'in-service');
    expect(inService[0]?.from).toBe('2026-11-23T00:30:00.000Z');
    expect(inService.at(-1)?.to).toBe('2026-11-23T09:30:00.000Z');
    // Cut every 15 minutes, so the centre sees the day's hours grow as it goes.
    expect(inService).toHaveLength(36);
    // One interval follows another without gap or overlap.
    const all = t.intervals();
    all.slice(1).forEach((i, n) => expect(i.from).toBe(all[n]?.to));
    expect(t.errors).toEqual([]);
  });

  it('records a declared closure day as closed until its local midnight, and serves the day after', async () => {
    // Tuesday closed (停电检修), published by the centre (docs/remote-config.md).
    const closure = { from: '2026-11-24', to: '2026-11-24', reason: '停电检修' };
    const t = terminal(MONDAY_0800 + 24 * HOUR, [closure]); // Tuesday 08:00
    t.recorder.start();
    await t.clock.advance(26 * HOUR); // Wednesday 10:00
    await t.recorder.stop();
    const tuesday = t.intervals().filter((i) => i.to <= '2026-11-24T16:00:00.000Z');
    expect(tuesday.length).toBeGreaterThan(0);
    expect(new Set(tuesday.map((i) => i.state))).toEqual(new Set(['closed']));
    // Only Wednesday 08:30-10:00.
    expect(t.total('in-service')).toBe(1.5);
    expect(t.errors).toEqual([]);
  });

  it('counts a faulted printer as not in service and a missing scanner as no matter', async () => {
    const t = terminal();
    t.recorder.start();
    await t.clock.advance(2 * HOUR); // 10:00
    t.devices.printer = 'no-paper';
    t.devices.scanner = 'offline';
    t.recorder.deviceChanged();
    await t.clock.advance(HOUR + 20 * 60_000); // 11:20
    t.devices.printer = 'ready';
    t.recorder.deviceChanged();
    await t.clock.advance(HOUR); // 12:20
    await t.recorder.stop();
    expect(t.total('device-fault')).toBeCloseTo(4 / 3, 9);
    expect(t.total('in-service')).toBeCloseTo(1.5 + 1, 9);
    expect(t.intervals().filter((i) => i.state === 'device-fault')[0]?.from).toBe(
      '2026-11-23T02:00:00.000Z',
    );
  });

  it('reports the time between the last record and a restart as off', async () => {
    const first = terminal();
    first.recorder.start();
    await first.clock.advance(3 * HOUR); // 11:00, then the power goes: no stop()
    db?.close();

    const second = terminal(MONDAY_0800 + 5 * HOUR); // 13:00
    second.recorder.start();
    await second.clock.advance(HOUR); // 14:00
    await second.recorder.stop();
    const off = second.intervals().filter((i) => i.state === 'off');
    expect(off).toEqual([
      { state: 'off', from: '2026-11-23T03:00:00.000Z', to: '2026-11-23T05:00:00.000Z' },
    ]);
    // 08:30-11:00 before the cut, 13:00-14:00 after it.
    expect(second.total('in-service')).toBe(2.5 + 1);
  });

  it('counts a machine that slept between checkpoints as off, not as serving', async () => {
    const t = terminal();
    t.recorder.start();
    await t.clock.advance(HOUR); // 09:00
    t.jump.ms = 2 * HOUR; // asleep until 11:00
    await t.clock.advance(60_000);
    await t.recorder.stop();
    // From the last checkpoint (09:00) to the first one after waking (11:01).
    expect(t.total('off')).toBeCloseTo(2 + 1 / 60, 9);
    expect(t.total('in-service')).toBe(0.5);
  });

  it('leaves no off time when stopped and started again at once', async () => {
    const t = terminal();
    t.recorder.start();
    await t.clock.advance(HOUR);
    await t.recorder.stop();
    t.recorder.start();
    await t.recorder.stop();
    expect(t.total('off')).toBe(0);
    expect(t.total('in-service')).toBe(0.5);
  });
});
