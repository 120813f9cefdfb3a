import type { EventLogger } from '@bianmin/common';
import type { TerminalDevices } from './devices.js';

export type DeviceName = 'idCardReader' | 'printer';
export type DeviceStates = Record<DeviceName, string>;

/**
 * Device health as readings over time (patterns.md): a fault is declared only after the same
 * bad reading twice in a row, recovery is immediate, and 'unknown' holds until the first reading.
 */
export function createDeviceHealth(
  devices: TerminalDevices,
  options: {
    intervalMs: number;
    logger: EventLogger;
    onChange: (device: DeviceName, state: string) => void;
  },
) {
  const states: DeviceStates = { idCardReader: 'unknown', printer: 'unknown' };
  const pending: Partial<Record<DeviceName, string>> = {};
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  function record(device: DeviceName, reading: string): void {
    if (reading === states[device]) {
      delete pending[device];
      return;
    }
    const confirmed =
      reading === 'ready' || states[device] === 'unknown' || pending[device] === reading;
    if (!confirmed) {
      pending[device] = reading;
      return;
    }
    delete pending[device];
    states[device] = reading;
    options.logger.event('device.status-changed', { device, state: reading });
    options.onChange(device, reading);
  }

  async function pollOnce(): Promise<void> {
    const printer = await devices.printer.status();
    record('printer', printer.state);
    const reader = await devices.reader.probe();
    record('idCardReader', reader.ok ? 'ready' : reader.error.kind);
  }

  return {
    states: (): DeviceStates => ({ ...states }),
    pollOnce,
    start() {
      const loop = () => {
        // A failing poll (e.g. the outbox write in onChange) must never end polling or the agent.
        running = pollOnce()
          .catch((error: unknown) => {
            options.logger.event('device.health-poll-failed', {
              error: error instanceof Error ? error.name : 'unknown',
            });
          })
          .finally(() => {
            if (!stopped) timer = setTimeout(loop, options.intervalMs);
          });
      };
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
