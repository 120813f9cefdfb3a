import type { DeviceStates } from '../protocol.js';

export type Presence = 'online' | 'degraded' | 'offline' | 'unknown';

/**
 * Silence longer than this many heartbeat intervals means offline. 2.5x tolerates two
 * lost heartbeats, which keeps a flaky mobile link from flapping (sync.md).
 */
export const OFFLINE_AFTER_INTERVALS = 2.5;

/** Decided at read time from the centre's clock and the latest heartbeat only. */
export function computePresence(
  input: {
    lastSeenAt: string | null;
    intervalSeconds: number | null;
    devices: DeviceStates | null;
  },
  now: Date,
): Presence {
  if (input.lastSeenAt === null || input.intervalSeconds === null) return 'unknown';
  const silenceMs = now.getTime() - Date.parse(input.lastSeenAt);
  if (silenceMs > OFFLINE_AFTER_INTERVALS * input.intervalSeconds * 1000) return 'offline';
  const devicesReady =
    input.devices !== null &&
    input.devices.printer === 'ready' &&
    input.devices.idCardReader === 'ready';
  return devicesReady ? 'online' : 'degraded';
}
