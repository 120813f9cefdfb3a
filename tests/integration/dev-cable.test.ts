import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceId, DevState } from '@bianmin/contract';
import { startRunningAgent, type RunningAgent } from './running-agent.js';
import { defaultTerminalConfig } from './support.js';

/**
 * The development panel's cable and corruption switches, end to end: the route changes the
 * simulated link or device, the real driver meets it, and health polling (every 20 ms here)
 * reports it and its recovery.
 */
describe('pulling and corrupting simulated devices from the development panel', () => {
  let running: RunningAgent | undefined;
  afterEach(() => running?.close());

  async function deviceState(device: DeviceId): Promise<string | undefined> {
    const health = await fetch(`${running!.url}/healthz`);
    return ((await health.json()) as { devices: Partial<Record<DeviceId, string>> }).devices[
      device
    ];
  }
  const reaches = (device: DeviceId, state: string) =>
    vi.waitFor(async () => expect(await deviceState(device)).toBe(state), {
      timeout: 10_000,
      interval: 20,
    });
  const devState = async () =>
    (await (await fetch(`${running!.url}/api/v1/dev/state`)).json()) as DevState;

  it.each([
    ['idCardReader', 'reader-offline'],
    ['printer', 'offline'],
    ['scanner', 'offline'],
  ] as const)('%s: unplugged reads %s, replugged reads ready again', async (device, offline) => {
    running = await startRunningAgent(`cable-${device}`);
    await reaches(device, 'ready');
    expect(await devState()).toMatchObject({
      cables: { idCardReader: true, printer: true, scanner: true },
    });

    const pulled = await running.post('/dev/cable', { device, plugged: false });
    expect(pulled.status).toBe(200);
    expect(await pulled.json()).toMatchObject({ cables: { [device]: false } });
    await reaches(device, offline);
    // The others carry on.
    for (const other of ['idCardReader', 'printer', 'scanner'] as const) {
      if (other !== device) expect(await deviceState(other)).toBe('ready');
    }

    const back = await running.post('/dev/cable', { device, plugged: true });
    expect(await back.json()).toMatchObject({ cables: { [device]: true } });
    await reaches(device, 'ready');
  });

  it('corrupted reader replies read as a line fault, printer ones as a printer fault; off recovers', async () => {
    running = await startRunningAgent('corruption');
    await reaches('idCardReader', 'ready');
    await reaches('printer', 'ready');
    expect(await devState()).toMatchObject({
      corruption: { idCardReader: 'off', printer: 'off' },
    });

    const reader = await running.post('/dev/corruption', {
      device: 'idCardReader',
      corruption: 'bad-checksum',
    });
    expect(await reader.json()).toEqual({
      corruption: { idCardReader: 'bad-checksum', printer: 'off' },
    });
    await reaches('idCardReader', 'frame-invalid');
    await running.post('/dev/corruption', { device: 'printer', corruption: 'bad-checksum' });
    await reaches('printer', 'error');

    await running.post('/dev/corruption', { device: 'idCardReader', corruption: 'off' });
    await running.post('/dev/corruption', { device: 'printer', corruption: 'off' });
    await reaches('idCardReader', 'ready');
    await reaches('printer', 'ready');
    // This agent has no centre to enrol with (sync logs that as an error); the devices
    // must log none.
    const deviceLines = running.log.lines.filter((line) => line.eventType !== 'sync');
    expect(deviceLines).not.toContainEqual(expect.objectContaining({ level: 50 }));
  });

  it('refuses a device that is not simulated, and one the contract does not name', async () => {
    const { devices } = defaultTerminalConfig();
    const { scanner: _absent, ...withoutScanner } = devices;
    running = await startRunningAgent('cable-refused', withoutScanner);
    const absent = await running.post('/dev/cable', { device: 'scanner', plugged: false });
    expect(absent.status).toBe(409);
    expect(await absent.json()).toMatchObject({ error: 'not-simulated' });
    expect(await devState()).toMatchObject({ cables: { idCardReader: true, printer: true } });
    expect((await devState()).cables).not.toHaveProperty('scanner');

    const unknown = await running.post('/dev/cable', { device: 'storage', plugged: false });
    expect(unknown.status).toBe(400);
    const noSuchMode = await running.post('/dev/corruption', {
      device: 'printer',
      corruption: 'melted',
    });
    expect(noSuchMode.status).toBe(400);
  });
});
