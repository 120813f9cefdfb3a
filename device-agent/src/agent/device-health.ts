import { createPeriodic, type EventLogger } from '@bianmin/common';
import {
  DEVICE_IDS,
  stateSpec,
  type DeviceId,
  type DeviceStatus,
  type ReportedDeviceStates,
  type StateOf,
} from '@bianmin/contract';

/**
 * One health probe per attached device, registered in devices.ts. A device the terminal does
 * not have (an optional one, e.g. the scanner) has no probe, so it is neither polled nor
 * reported: the heartbeat and the event stream leave it out rather than call it unknown.
 */
export type DeviceProbes = { [D in DeviceId]?: () => Promise<StateOf<D>> };

/**
 * Device health as readings over time (docs/architecture.md, Devices): a fault or warning is declared only
 * after the same reading twice in a row, recovery to a healthy state is immediate, and
 * 'unknown' holds until the first reading.
 */
export function createDeviceHealth(
  probes: DeviceProbes,
  options: {
    intervalMs: number;
    logger: EventLogger;
    onChange: (change: DeviceStatus) => void;
  },
) {
  const attached = DEVICE_IDS.filter((d) => probes[d] !== undefined);
  const states: ReportedDeviceStates = Object.fromEntries(attached.map((d) => [d, 'unknown']));
  const pending: Partial<Record<DeviceId, string>> = {};

  function record<D extends DeviceId>(device: D, reading: StateOf<D>): void {
    const current: string | undefined = states[device];
    if (reading === current) {
      delete pending[device];
      return;
    }
    const confirmed =
      stateSpec(device, reading)?.severity === 'ok' ||
      current === 'unknown' ||
      pending[device] === reading;
    if (!confirmed) {
      pending[device] = reading;
      return;
    }
    delete pending[device];
    (states as Record<D, StateOf<D>>)[device] = reading;
    options.logger.event('device.status-changed', { device, state: reading });
    options.onChange({ device, state: reading } as DeviceStatus);
  }

  async function poll<D extends DeviceId>(device: D): Promise<void> {
    const probe: (() => Promise<StateOf<D>>) | undefined = probes[device];
    if (probe) record(device, await probe());
  }

  async function pollOnce(): Promise<void> {
    // One after another in registry order, so their events reach the outbox in a stable order.
    for (const device of attached) await poll(device);
  }

  // A failing poll (e.g. the outbox write in onChange) must never end polling or the agent.
  const polling = createPeriodic({
    task: pollOnce,
    intervalMs: options.intervalMs,
    onError: (error) =>
      options.logger.event('device.health-poll-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });

  return {
    states: (): ReportedDeviceStates => ({ ...states }),
    pollOnce,
    start: () => polling.start(),
    stop: () => polling.stop(),
  };
}
