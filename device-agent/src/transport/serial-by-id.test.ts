import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { resolveSerialMatch } from './serial-by-id.js';

let dir: TempDir;
let byId: string;
/** Plugs a "device" (a plain file standing for /dev/ttyUSBn) under a by-id name. */
function plug(name: string, tty: string): string {
  const device = join(dir.path, tty);
  writeFileSync(device, '');
  symlinkSync(device, join(byId, name));
  return device;
}

beforeEach(() => {
  dir = makeTempDir('by-id');
  byId = join(dir.path, 'by-id');
  mkdirSync(byId);
});
afterEach(() => dir.remove());

describe('resolveSerialMatch', () => {
  it('picks the adapter by vendor and product, whatever its serial number, interface and port', () => {
    const tty = plug('usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0', 'ttyUSB0');
    plug('usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0', 'ttyUSB1');
    return expect(
      resolveSerialMatch({ vendor: 'FTDI', product: 'FT232R_USB_UART' }, byId),
    ).resolves.toEqual({
      ok: true,
      value: { link: join(byId, 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0'), device: tty },
    });
  });

  it('matches an adapter without a serial number, and not one whose name goes on further', async () => {
    const tty = plug('usb-1a86_USB_Serial-if00-port0', 'ttyUSB0');
    plug('usb-1a86_USB_Serial_Plus_0001-if00-port0', 'ttyUSB1');
    expect(await resolveSerialMatch({ vendor: '1a86', product: 'USB_Serial' }, byId)).toMatchObject(
      { ok: true, value: { device: tty } },
    );
  });

  it('tells two identical adapters apart by serial number, and refuses to guess without it', async () => {
    plug('usb-FTDI_FT232R_USB_UART_A1-if00-port0', 'ttyUSB0');
    const second = plug('usb-FTDI_FT232R_USB_UART_B2-if00-port0', 'ttyUSB1');
    const match = { vendor: 'FTDI', product: 'FT232R_USB_UART' };
    expect(await resolveSerialMatch({ ...match, serialNumber: 'B2' }, byId)).toMatchObject({
      ok: true,
      value: { device: second },
    });
    expect(await resolveSerialMatch(match, byId)).toEqual({
      ok: false,
      error: `2 adapters in ${byId} fit; add "serialNumber" to tell them apart`,
    });
  });

  it('follows the adapter to a new name and a new device after replugging', async () => {
    const match = { vendor: 'Acme', product: 'IDR210', serialNumber: '0001' };
    plug('usb-Acme_IDR210_0001-if00-port0', 'ttyUSB0');
    rmSync(join(byId, 'usb-Acme_IDR210_0001-if00-port0'));
    expect(await resolveSerialMatch(match, byId)).toEqual({
      ok: false,
      error: `no adapter in ${byId} fits usb-Acme_IDR210_0001`,
    });
    const moved = plug('usb-Acme_IDR210_0001-if01-port0', 'ttyUSB3');
    expect(await resolveSerialMatch(match, byId)).toMatchObject({
      ok: true,
      value: { device: moved },
    });
  });

  it('reports a link to nothing and a missing folder as values', async () => {
    symlinkSync(join(dir.path, 'ttyUSB9'), join(byId, 'usb-Acme_IDR210-if00-port0'));
    const match = { vendor: 'Acme', product: 'IDR210' };
    expect(await resolveSerialMatch(match, byId)).toEqual({
      ok: false,
      error: `${join(byId, 'usb-Acme_IDR210-if00-port0')} points to no device`,
    });
    expect(await resolveSerialMatch(match, join(dir.path, 'none'))).toEqual({
      ok: false,
      error: `no ${join(dir.path, 'none')}: no USB serial adapter is plugged in`,
    });
  });
});
