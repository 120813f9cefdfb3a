import type { DevicesConfig } from '@bianmin/config';
import { SETUP_DEVICES, type SetupDevice } from '@bianmin/contract';
import { createSerialTransport, type ByteTransport } from '../transport/index.js';
import type { TerminalDevices } from '../agent/devices.js';

export type Applied = 'now' | 'restart';

/**
 * Puts a saved connection into effect: the device's link is moved to the new port (or back
 * to its simulator) and the driver opens it on its next call. What cannot move while the
 * agent runs waits for its next start: a simulator the agent did not start with, a reader at
 * another line speed (its reply timeouts follow from the speed it started at), an adapter
 * found by its by-id name.
 */
export function createDeviceApplier(started: DevicesConfig, lines: TerminalDevices['lines']) {
  let applied: DevicesConfig = started;
  const readerBaud =
    'baudRate' in started.idCardReader ? (started.idCardReader.baudRate ?? 115200) : 115200;

  function linkFor(device: SetupDevice, config: DevicesConfig): ByteTransport | null {
    const settings = config[device];
    const line = lines[device];
    if (!line || !settings) return null;
    if (settings.transport === 'simulator') {
      return started[device]?.transport === 'simulator' ? line.original : null;
    }
    if (settings.transport !== 'serial' || settings.path === undefined) return null;
    if (device === 'idCardReader' && settings.baudRate !== readerBaud) return null;
    return createSerialTransport({ path: settings.path, baudRate: settings.baudRate });
  }

  return {
    /** The devices configuration in effect now. */
    applied: () => applied,
    /** Applies every device whose connection differs; 'restart' if any must wait for it. */
    async apply(config: DevicesConfig): Promise<Applied> {
      let outcome: Applied = 'now';
      for (const device of SETUP_DEVICES) {
        if (JSON.stringify(config[device]) === JSON.stringify(applied[device])) continue;
        const link = linkFor(device, config);
        if (!link) {
          outcome = 'restart';
          continue;
        }
        await lines[device]?.replace(link);
        applied = { ...applied, [device]: config[device] };
      }
      return outcome;
    },
  };
}
export type DeviceApplier = ReturnType<typeof createDeviceApplier>;
