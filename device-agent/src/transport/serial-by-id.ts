import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, err, type Result } from '@bianmin/common';

/**
 * Which USB serial adapter to use, by the parts udev puts in its `/dev/serial/by-id` name
 * (`usb-<vendor>_<product>_<serialNumber>-if00-port0`): the USB vendor and product strings
 * with spaces as `_`, or the hex ids when the adapter has no strings (see docs/devices.md).
 */
export interface SerialMatch {
  vendor: string;
  product: string;
  /** Needed only to tell two identical adapters apart; without it any serial number fits. */
  serialNumber?: string;
}

export const SERIAL_BY_ID_FOLDER = '/dev/serial/by-id';

/**
 * Finds the adapter's port now: listed afresh on every (re)open, because a replugged adapter
 * may come back under another name (a different interface or port number, another
 * `/dev/ttyUSBn`). Plain `readdir`, not `SerialPort.list()`: that needs udevadm.
 */
export async function resolveSerialMatch(
  match: SerialMatch,
  folder: string = SERIAL_BY_ID_FOLDER,
): Promise<Result<{ link: string; device: string }, string>> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return err(`no ${folder}: no USB serial adapter is plugged in`);
  }
  const fits = names.filter((name) => nameFits(name, match)).sort();
  if (fits.length > 1) {
    return err(`${fits.length} adapters in ${folder} fit; add "serialNumber" to tell them apart`);
  }
  const name = fits[0];
  if (name === undefined) return err(`no adapter in ${folder} fits ${describeSerialMatch(match)}`);
  const link = join(folder, name);
  try {
    return ok({ link, device: await realpath(link) });
  } catch {
    // The adapter was pulled between listing and resolving: its link points nowhere.
    return err(`${link} points to no device`);
  }
}

export function describeSerialMatch(match: SerialMatch): string {
  return `usb-${match.vendor}_${match.product}${match.serialNumber ? `_${match.serialNumber}` : ''}`;
}

function nameFits(name: string, match: SerialMatch): boolean {
  const stem = `usb-${match.vendor}_${match.product}`;
  if (!name.startsWith(stem)) return false;
  const rest = name.slice(stem.length);
  if (match.serialNumber !== undefined) return rest.startsWith(`_${match.serialNumber}-if`);
  // No serial number asked for: any (or none), but not a longer product name.
  return /^(?:_[^_]+)?-if\d+/.test(rest);
}
