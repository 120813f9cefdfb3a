import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { HidDeviceEntry, PortsReply, SerialPortEntry } from '@bianmin/contract';
import { SERIAL_BY_ID_FOLDER } from '../transport/index.js';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const orNull = (text: string | undefined) => (text === undefined || text === '' ? null : text);

/** by-id link -> the device it names, e.g. /dev/serial/by-id/usb-FTDI_… -> /dev/ttyUSB0. */
async function byIdLinks(folder: string): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return links;
  }
  for (const name of names.sort()) {
    const link = join(folder, name);
    try {
      links.set(await realpath(link), link);
    } catch {
      // A link whose adapter was pulled while listing names no device.
    }
  }
  return links;
}

/**
 * The serial ports the system lists (serialport's list(), which asks udev) with their
 * /dev/serial/by-id names, and the USB HID devices (node-hid). A virtual port (socat) is not
 * listed: the screen takes a typed path too (docs/technician.md).
 */
export async function listPorts(byIdFolder: string = SERIAL_BY_ID_FOLDER): Promise<PortsReply> {
  const notes: string[] = [];
  const links = await byIdLinks(byIdFolder);
  const serial: SerialPortEntry[] = [];
  try {
    const { SerialPort } = await import('serialport');
    for (const port of await SerialPort.list()) {
      const byId = links.get(port.path) ?? null;
      serial.push({
        path: byId ?? port.path,
        device: port.path,
        byId,
        manufacturer: orNull(port.manufacturer),
        vendorId: orNull(port.vendorId),
        productId: orNull(port.productId),
      });
    }
  } catch {
    notes.push('系统串口列表读不出（缺少 udev）：只列出 /dev/serial/by-id 中的端口');
  }
  for (const [device, byId] of links) {
    if (serial.some((p) => p.device === device)) continue;
    serial.push({ path: byId, device, byId, manufacturer: null, vendorId: null, productId: null });
  }
  const hid: HidDeviceEntry[] = [];
  try {
    const HID = await import('node-hid');
    for (const d of await HID.devicesAsync()) {
      const entry = {
        vendorId: hex4(d.vendorId),
        productId: hex4(d.productId),
        manufacturer: orNull(d.manufacturer),
        product: orNull(d.product),
      };
      if (!hid.some((h) => h.vendorId === entry.vendorId && h.productId === entry.productId)) {
        hid.push(entry);
      }
    }
  } catch {
    notes.push('USB HID 设备列表读不出');
  }
  return { serial: serial.slice(0, 256), hid: hid.slice(0, 256), notes };
}
