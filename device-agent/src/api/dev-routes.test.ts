import { afterEach, describe, expect, it } from 'vitest';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import type { DevState } from '@bianmin/contract';
import { defaultConfig as config } from '../agent/default-agent.fixture.js';
import { buildAgent, type Agent } from '../agent/app.js';
import { textColumns } from '../printer/columns.js';

const service = config.services.services.find((s) => s.enabled !== false)!;

describe('the development panel draws receipts on the configured paper', () => {
  let agent: Agent | undefined;
  let noCentre: NetworkSwitch | undefined;
  afterEach(async () => {
    await agent?.close();
    await noCentre?.close();
  });

  it.each([
    [58, 32],
    [80, 48],
  ] as const)('%i mm paper: %i columns', async (paperWidthMm, columns) => {
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...config,
      devices: { ...config.devices, printer: { ...config.devices.printer, paperWidthMm } },
      dataDir: makeTempDir(`dev-receipt-${paperWidthMm}`).path,
      logger: captureLogger('dev-receipt').logger,
      centreUrl: noCentre.url,
    });
    const issued = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: `paper-${paperWidthMm}-0001`,
        serviceId: service.id,
        priority: false,
        durationMs: 1000,
      },
    });
    expect(issued.json()).toMatchObject({ print: { ok: true } });

    const state = (
      await agent.server.inject({ method: 'GET', url: '/api/v1/dev/state' })
    ).json<DevState>();
    const [receipt] = state.receipts;
    // 12-dot cells and a 16-dot margin each side: 416 dots for 32 columns, 608 for 48.
    const width = columns * 12 + 32;
    expect(receipt!.svg).toContain(`width="${width}"`);
    const lines = receipt!.text.split('\n');
    // The cut line spans the paper; the text wraps and centres within it.
    expect(textColumns(lines.at(-1)!)).toBe(columns);
    const printed = lines.filter((line) => !line.startsWith('[QR:'));
    expect(Math.max(...printed.map(textColumns))).toBeLessThanOrEqual(columns);
  });
});
