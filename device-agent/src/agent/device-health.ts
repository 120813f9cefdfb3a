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

/** A confirmed change the outbox has not taken yet, with when it was confirmed. */
interface Unrecorded {
  change: DeviceStatus;
  at: Date;
}

/**
 * Changes waiting for storage are held in memory, which a device flapping through a week-long
 * storage fault must not fill; the oldest go first, so what is kept ends in the current states.
 */
const MAX_UNRECORDED = 1000;

/**
 * Device health as readings over time (docs/architecture.md, Devices): a fault or warning is declared only
 * after the same reading twice in a row, recovery to a healthy state is immediate, and
 * 'unknown' holds until the first reading.
 *
 * A confirmed change is shown at once (states(), the listeners) and recorded apart from that:
 * when storage is the faulted device, the outbox cannot take the change that says so, yet the
 * kiosk must go out of service and /healthz answer 503. Changes the outbox refused are
 * written, oldest first and stamped with when they happened, at the first poll it takes them.
 */
export function createDeviceHealth(
  probes: DeviceProbes,
  options: {
    intervalMs: number;
    logger: EventLogger;
    /** Commits a change to the outbox; may throw (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR). */
    record: (change: DeviceStatus, at: Date) => void;
    /** Told of each confirmed change, each on its own, whether or not it was recorded. */
    listeners: readonly ((change: DeviceStatus) => void)[];
    now?: () => Date;
  },
) {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const attached = DEVICE_IDS.filter((d) => probes[d] !== undefined);
  const states: ReportedDeviceStates = Object.fromEntries(attached.map((d) => [d, 'unknown']));
  const pending: Partial<Record<DeviceId, string>> = {};
  const unrecorded: Unrecorded[] = [];
  /** Whether the outbox refused the last write, and what was written or dropped since. */
  let refused = false;
  let late = 0;
  let dropped = 0;

  function recordWaiting(): void {
    while (unrecorded.length > 0) {
      const { change, at } = unrecorded[0]!;
      try {
        options.record(change, at);
      } catch (error) {
        // Once per outage: the poll tries again every few seconds.
        if (!refused) {
          logger.event('device.status-record-failed', {
            ...change,
            error: errorCode(error),
            waiting: unrecorded.length,
          });
        }
        refused = true;
        return;
      }
      unrecorded.shift();
      if (refused) late += 1;
    }
    if (refused) logger.event('device.status-recorded-late', { count: late, dropped });
    refused = false;
    late = 0;
    dropped = 0;
  }

  function tell(change: DeviceStatus): void {
    for (const listener of options.listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.event('agent.unexpected-error', { error: errorCode(error) });
      }
    }
  }

  function take<D extends DeviceId>(device: D, reading: StateOf<D>): void {
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
    logger.event('device.status-changed', { device, state: reading });
    const change = { device, state: reading } as DeviceStatus;
    unrecorded.push({ change, at: now() });
    if (unrecorded.length > MAX_UNRECORDED) {
      unrecorded.shift();
      dropped += 1;
    }
    recordWaiting();
    tell(change);
  }

  async function poll<D extends DeviceId>(device: D): Promise<void> {
    const probe: (() => Promise<StateOf<D>>) | undefined = probes[device];
    if (!probe) return;
    try {
      take(device, await probe());
    } catch (error) {
      // One probe failing must not keep the devices after it from being read.
      logger.event('device.health-poll-failed', { device, error: errorCode(error) });
    }
  }

  /** Never rejects: the agent's start awaits it, and nothing a device does may stop that. */
  async function pollOnce(): Promise<void> {
    recordWaiting();
    // One after another in registry order, so their events reach the outbox in a stable order.
    for (const device of attached) await poll(device);
  }

  const polling = createPeriodic({
    task: pollOnce,
    intervalMs: options.intervalMs,
    onError: (error) => logger.event('device.health-poll-failed', { error: errorCode(error) }),
  });

  return {
    states: (): ReportedDeviceStates => ({ ...states }),
    pollOnce,
    start: () => polling.start(),
    stop: () => polling.stop(),
  };
}

/** SQLite's code (SQLITE_FULL) when there is one, else the error's name: never its message. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
