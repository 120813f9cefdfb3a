import {
  DEVICES,
  DEVICE_IDS,
  stateSpec,
  statesOf,
  type DeviceId,
  type DeviceStates,
} from '@bianmin/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDashboardPage } from '../testing/dashboard-page-reader.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { heartbeatBody } from '../testing/fixtures.js';
import type { TerminalOverview } from '@bianmin/contract';

const T1 = 'xz-xfl-001';
const NOW = '2026-03-02T02:00:00.000Z';
const SENT = '2026-03-02T01:59:00.000Z';

const allReady = Object.fromEntries(DEVICE_IDS.map((d) => [d, 'ready'])) as DeviceStates;
const everyState = DEVICE_IDS.flatMap((device) =>
  statesOf(device).map((state) => ({ device, state })),
);

describe('the centre knows every state of the device registry', () => {
  let centre: CentralHarness;
  beforeEach(async () => {
    centre = await startCentralHarness({ now: NOW });
  });
  afterEach(() => centre.close());

  it.each(everyState)(
    '$device $state is accepted in a heartbeat, labelled on the page and sets presence',
    async ({ device, state }) => {
      const devices = { ...allReady, [device]: state } as DeviceStates;
      const res = await centre.post('/api/v1/heartbeat', heartbeatBody(T1, SENT, { devices }));
      expect(res.status).toBe(200);

      const spec = stateSpec(device, state)!;
      const [shown] = readDashboardPage(await (await centre.get('/')).text()).rows;
      const line = `${DEVICES[device].label}：${spec.label}`;
      expect(shown?.details).toEqual(spec.severity === 'ok' ? [] : [line]);

      const [row] = (await (await centre.get('/api/v1/terminals')).json()) as TerminalOverview[];
      expect(row?.devices?.[device]).toBe(state);
      expect(row?.presence).toBe(spec.severity === 'fault' ? 'degraded' : 'online');
    },
  );

  it.each(DEVICE_IDS)(
    'refuses a state the registry does not list for %s',
    async (device: DeviceId) => {
      const devices = { ...allReady, [device]: 'on-fire' } as unknown as DeviceStates;
      const res = await centre.post('/api/v1/heartbeat', heartbeatBody(T1, SENT, { devices }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: 'bad-request',
        where: `devices.${device}`,
        message: expect.stringMatching(
          new RegExp(`^devices\\.${device} must be one of "unknown", "ready"`),
        ),
      });
    },
  );
});
