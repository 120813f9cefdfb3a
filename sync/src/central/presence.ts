import { DEVICE_IDS, stateSpec, type Presence, type StoredDeviceStates } from '@bianmin/contract';

/** Heartbeats a terminal may miss in a row before it shows offline, unless configured. */
export const DEFAULT_MISSED_HEARTBEATS = 3;

export interface PresenceInput {
  /** Centre clock of the latest heartbeat. */
  lastSeenAt: string | null;
  intervalSeconds: number | null;
  devices: StoredDeviceStates | null;
  /** Outside its community's service hours, on a holiday or in a declared closure. */
  closed: boolean;
}

/**
 * The presence rule (docs/coverage.md, Presence): unknown until the first heartbeat; closed
 * outside service hours, which is never downtime; offline once `missed` heartbeats in a
 * row have not come (half an interval more absorbs the last one's jitter); degraded while a
 * device residents need is faulted. Only the centre's clock counts.
 */
export function computePresence(
  input: PresenceInput,
  now: Date,
  missed = DEFAULT_MISSED_HEARTBEATS,
): Presence {
  if (input.lastSeenAt === null || input.intervalSeconds === null) return 'unknown';
  if (input.closed) return 'closed';
  if (now.getTime() > offlineFrom(input.lastSeenAt, input.intervalSeconds, missed)) {
    return 'offline';
  }
  return input.devices !== null && !hasFault(input.devices) ? 'online' : 'degraded';
}

/** The last instant a silent terminal still counts as present, in ms. */
export function offlineFrom(lastSeenAt: string, intervalSeconds: number, missed: number): number {
  return Date.parse(lastSeenAt) + (missed + 0.5) * intervalSeconds * 1000;
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
