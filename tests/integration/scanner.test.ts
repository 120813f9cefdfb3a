import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventsNamed } from '@bianmin/common/testing';
import type { DevicesConfig } from '@bianmin/config';
import { startRunningAgent, type RunningAgent } from './running-agent.js';
import { defaultTerminalConfig } from './support.js';

/** Codes a test scans; none of them may reach the log. */
const APPOINTMENT = 'YYM-20261126-预约-7731';
const SOCIAL_SECURITY = 'https://ssc.example.cn/qr?c=37020219651211003X&t=8f3a';

describe('scanned codes over HTTP', () => {
  let running: RunningAgent;
  let url: string;
  let log: RunningAgent['log'];
  async function start(devices?: DevicesConfig) {
    running = await startRunningAgent('scanner', devices);
    ({ url, log } = running);
  }
  afterEach(() => running.close());
  const subscribe = () => running.subscribe();
  const post = (path: string, body: unknown) => running.post(path, body);

  it('delivers a code scanned while the session watches, and logs no text', async () => {
    await start();
    const client = await subscribe();
    const resync = await client.next('resync');
    expect(resync.devices).toContainEqual({
      status: { device: 'scanner', state: 'ready' },
      severity: 'ok',
    });
    expect(await (await fetch(`${url}/api/v1/dev/state`)).json()).toMatchObject({
      scanner: 'simulated',
    });

    // Not watching: the code is dropped, never pushed later.
    expect((await post('/dev/scanner', { symbology: 'qr', text: 'EARLY-1' })).status).toBe(200);
    await vi.waitFor(() =>
      expect(eventsNamed(log.lines, 'device.scanner.code-scanned')).toHaveLength(1),
    );

    expect((await post('/scanner/watch', { on: true })).status).toBe(204);
    const scan = await post('/dev/scanner', { symbology: 'qr', text: APPOINTMENT });
    expect(await scan.json()).toEqual({ bytes: Buffer.byteLength(`]Q1${APPOINTMENT}\r`) });
    expect(await client.next('code-scanned')).toEqual({
      type: 'code-scanned',
      symbology: 'qr',
      text: APPOINTMENT,
    });
    await post('/dev/scanner', { symbology: 'unknown', text: SOCIAL_SECURITY });
    expect(await client.next('code-scanned')).toEqual({
      type: 'code-scanned',
      symbology: 'unknown',
      text: SOCIAL_SECURITY,
    });
    await post('/dev/scanner', { symbology: 'qr', text: `${APPOINTMENT}\u0007` });
    expect(await client.next('code-rejected')).toEqual({
      type: 'code-rejected',
      reason: 'control-character',
    });

    expect(
      eventsNamed(log.lines, 'device.scanner.code-scanned').map((l) => [
        l.symbology,
        l.length,
        l.delivered,
      ]),
    ).toEqual([
      ['qr', 7, false],
      ['qr', APPOINTMENT.length, true],
      ['unknown', SOCIAL_SECURITY.length, true],
    ]);
    expect(log.text()).not.toMatch(/EARLY|YYM|预约-7731|37020219651211003X|ssc\.example/);
    expect(client.raw()).not.toContain('EARLY-1');
  });

  it('stops delivering when the session no longer wants a code', async () => {
    await start();
    const client = await subscribe();
    await client.next('resync');
    await post('/scanner/watch', { on: true });
    await post('/scanner/watch', { on: false });
    await post('/dev/scanner', { symbology: 'ean-13', text: '6901234567892' });
    await vi.waitFor(() =>
      expect(eventsNamed(log.lines, 'device.scanner.code-scanned')).toEqual([
        expect.objectContaining({ delivered: false }),
      ]),
    );
    await post('/scanner/watch', { on: true });
    await post('/dev/scanner', { symbology: 'ean-13', text: '6901234567885' });
    // The first code was dropped, so the next code event is the second one.
    expect(await client.next('code-scanned')).toEqual({
      type: 'code-scanned',
      symbology: 'ean-13',
      text: '6901234567885',
    });
  });

  it('reports no scanner on a terminal without one, and refuses to simulate a scan', async () => {
    const { scanner: _, ...devices } = defaultTerminalConfig().devices;
    await start(devices);
    const client = await subscribe();
    const resync = await client.next('resync');
    expect(resync.devices.map((d) => d.status.device)).toEqual([
      'printer',
      'storage',
      'idCardReader',
      'counterCallers',
      'counterDisplays',
    ]);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { devices: object };
    expect(Object.keys(health.devices)).not.toContain('scanner');
    expect((await post('/scanner/watch', { on: true })).status).toBe(204);
    const refused = await post('/dev/scanner', { symbology: 'qr', text: 'A' });
    expect(refused.status).toBe(409);
    expect(await (await fetch(`${url}/api/v1/dev/state`)).json()).toMatchObject({
      scanner: 'absent',
    });
  });
});
