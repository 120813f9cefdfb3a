import { describe, expect, it } from 'vitest';
import { describeTransportError } from './byte-transport.js';
import { createSerialTransport } from './serial.js';

describe('createSerialTransport without a device', () => {
  const missing = () =>
    createSerialTransport({ path: '/dev/bianmin-no-such-port', baudRate: 9600 });

  it('reports a failed open as a value', async () => {
    const opened = await missing().open();
    expect(opened).toMatchObject({ ok: false, error: { kind: 'open-failed' } });
  });

  it('refuses writes while closed, and flushing a closed port does nothing', async () => {
    const port = missing();
    expect(await port.write(Uint8Array.of(1))).toEqual({ ok: false, error: { kind: 'not-open' } });
    await expect(port.discardInput?.()).resolves.toBeUndefined();
    await expect(port.close()).resolves.toBeUndefined();
  });

  it('takes a new rate for the next open while closed', async () => {
    const port = missing();
    expect(await port.setBaudRate?.(115200)).toEqual({ ok: true, value: undefined });
    expect(port.description).toBe('serial:/dev/bianmin-no-such-port@115200');
  });

  it('describes a failed rate change', () => {
    expect(describeTransportError({ kind: 'update-failed', message: 'EINVAL' })).toBe(
      'changing the line speed failed: EINVAL',
    );
  });
});
