import {
  DEVICE_IDS,
  type ReportedDeviceStates,
  type HeartbeatBody,
  type RegionUnit,
  type TerminalIdentity,
} from '@bianmin/contract';

/** What the agent knows about itself; the uploader adds ids, clocks and counts. */
export interface HeartbeatSnapshot {
  terminal: TerminalIdentity;
  devices: ReportedDeviceStates;
}

/**
 * Builds the heartbeat from whitelisted fields only. The snapshot often comes straight from
 * the terminal's config object, which holds more (ports, addresses); the centre rejects any
 * extra field, so copying it wholesale would make every heartbeat fail.
 */
export function toHeartbeatBody(input: {
  terminalId: string;
  sentAt: Date;
  intervalSeconds: number;
  outboxPending: number;
  outboxEpoch: string;
  snapshot: HeartbeatSnapshot;
  /** The remote configuration version running (docs/remote-config.md). */
  configVersion?: number;
}): HeartbeatBody {
  const { terminal, devices } = input.snapshot;
  const unit = (u: RegionUnit): RegionUnit => ({ name: u.name, code: u.code });
  return {
    terminalId: input.terminalId,
    sentAt: input.sentAt.toISOString(),
    intervalSeconds: input.intervalSeconds,
    terminal: {
      name: terminal.name,
      community: {
        name: terminal.community.name,
        code: terminal.community.code,
        kind: terminal.community.kind,
      },
      region: {
        street: unit(terminal.region.street),
        county: unit(terminal.region.county),
        city: unit(terminal.region.city),
        province: unit(terminal.region.province),
      },
    },
    // Copied key by key: only registry devices, and only those the terminal reports.
    devices: Object.fromEntries(
      DEVICE_IDS.flatMap((d) => (devices[d] === undefined ? [] : [[d, devices[d]]])),
    ) as ReportedDeviceStates,
    outboxPending: input.outboxPending,
    outboxEpoch: input.outboxEpoch,
    ...(input.configVersion !== undefined && { configVersion: input.configVersion }),
  };
}
