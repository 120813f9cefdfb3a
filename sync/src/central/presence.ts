import { DEVICE_IDS, stateSpec, type Presence, type StoredDeviceStates } from '@bianmin/contract';

/**
 * Silence longer than this many heartbeat intervals means offline. 2.5x tolerates two
 * lost heartbeats, which keeps a flaky mobile link from flapping (docs/architecture.md, Delivery and presence).
 */
export const OFFLINE_AFTER_INTERVALS = 2.5;

/** Decided at read time from the centre's clock and the latest heartbeat only. */
export function computePresence(
  input: {
    lastSeenAt: string | null;
    intervalSeconds: number | null;
    devices: StoredDeviceStates | null;
  },
  now: Date,
): Presence {
  if (input.lastSeenAt === null || input.intervalSeconds === null) return 'unknown';
  const silenceMs = now.getTime() - Date.parse(input.lastSeenAt);
  if (silenceMs > OFFLINE_AFTER_INTERVALS * input.intervalSeconds * 1000) return 'offline';
  return input.devices !== null && !hasFault(input.devices) ? 'online' : 'degraded';
}

/**
 * Warnings (e.g. paper near end) keep a terminal online. A state the registry does not know
 * counts as a fault: never online on a guess. A device the heartbeat does not report (an
 * older release, or not fitted) is not judged.
 */
function hasFault(devices: StoredDeviceStates): boolean {
  return DEVICE_IDS.some((device) => {
    const state = devices[device];
    return state !== undefined && (stateSpec(device, state)?.severity ?? 'fault') === 'fault';
  });
}
