import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsNamed } from '@bianmin/common/testing';
import type { EmergencyWarning, Notices } from '@bianmin/contract';
import { openSse } from './sse-client.js';
import { startRunningAgent, type RunningAgent } from './running-agent.js';

const HOUR = 3600_000;
const warning = (id: string, level: EmergencyWarning['level'], expiresAt: number) => ({
  id,
  level,
  title: id === 'rain' ? '暴雨红色预警' : '高温黄色预警',
  text: '请减少外出，注意安全。',
  issuedAt: new Date(Date.now() - 60_000).toISOString(),
  expiresAt: new Date(expiresAt).toISOString(),
});

describe('emergency warnings over the agent', () => {
  let running: RunningAgent;
  beforeEach(async () => {
    running = await startRunningAgent('notices');
  });
  afterEach(() => running.close());

  const publish = async (body: Notices) => {
    const reply = await running.post('/dev/notices', body);
    return { status: reply.status, body: (await reply.json()) as unknown };
  };

  it('pushes a published warning to kiosks and displays, and a page that connects later gets it in its resync', async () => {
    const kiosk = await running.subscribe();
    const display = await openSse(`${running.url}/api/v1/events?for=display`);
    try {
      expect((await kiosk.next('resync')).notices).toEqual({ warnings: [], announcements: [] });
      expect((await display.next('resync')).notices).toEqual({ warnings: [], announcements: [] });

      const heat = warning('heat', 'yellow', Date.now() + HOUR);
      const rain = warning('rain', 'red', Date.now() + HOUR);
      const published = await publish({ warnings: [heat, rain], announcements: [] });
      expect(published).toEqual({
        status: 200,
        body: { warnings: [rain, heat], announcements: [] },
      });

      const pushed = { type: 'notices', notices: { warnings: [rain, heat], announcements: [] } };
      expect(await kiosk.next('notices')).toEqual(pushed);
      expect(await display.next('notices')).toEqual(pushed);

      const later = await running.subscribe();
      expect((await later.next('resync')).notices.warnings.map((w) => w.id)).toEqual([
        'rain',
        'heat',
      ]);
      expect(eventsNamed(running.log.lines, 'agent.notices-changed')).toMatchObject([
        { warnings: 2, announcements: 0, highestLevel: 'red' },
      ]);
    } finally {
      display.close();
    }
  });

  it('takes a warning down by itself when it expires', async () => {
    const kiosk = await running.subscribe();
    await kiosk.next('resync');
    // A short expiry, awaited as the event it causes: no sleeping.
    await publish({ warnings: [warning('rain', 'red', Date.now() + 2000)], announcements: [] });
    expect((await kiosk.next('notices')).notices.warnings).toHaveLength(1);
    expect(await kiosk.next('notices')).toEqual({
      type: 'notices',
      notices: { warnings: [], announcements: [] },
    });
  });

  it('refuses a level the contract does not name, and keeps what it showed', async () => {
    await publish({ warnings: [warning('heat', 'yellow', Date.now() + HOUR)], announcements: [] });
    const refused = await publish({
      warnings: [{ ...warning('rain', 'red', Date.now() + HOUR), level: 'purple' as 'red' }],
      announcements: [],
    });
    expect(refused.status).toBe(400);
    const kiosk = await running.subscribe();
    expect((await kiosk.next('resync')).notices.warnings.map((w) => w.id)).toEqual(['heat']);
  });
});
