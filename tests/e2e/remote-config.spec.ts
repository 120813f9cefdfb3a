import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  ADMIN_CONFIG_RELEASES_PATH,
  type ConfigRelease,
  type EmergencyWarning,
} from '@bianmin/contract';
import { expectNoAxeViolations, openKiosk, screen, urls } from './helpers.js';

/** The terminal's county in config/defaults/terminal.json (忻府区). */
const COUNTY = '140902';
/** The e2e stack heartbeats every 5 s; the document follows the heartbeat's reply. */
const DELIVERY_MS = 20_000;

/** As the centre's administrator would (docs/remote-config.md): signed by the centre, not the test. */
async function publishAtCentre(request: APIRequestContext, release: ConfigRelease) {
  const reply = await request.post(`${urls().central}${ADMIN_CONFIG_RELEASES_PATH}`, {
    headers: { authorization: `Bearer ${process.env.CENTRAL_ADMIN_TOKEN}` },
    data: release,
  });
  expect(reply.status(), await reply.text()).toBe(201);
}

test('a warning the centre publishes for the county reaches the kiosk home screen, and withdrawing it clears it', async ({
  page,
  request,
}) => {
  const warning: EmergencyWarning = {
    id: 'centre-rainstorm',
    level: 'orange',
    title: '暴雨橙色预警',
    text: '本区未来六小时有强降雨，请远离河道和低洼地带。',
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
  await openKiosk(page);
  await screen(page, 'home');
  await publishAtCentre(request, { scope: { region: COUNTY }, warnings: [warning] });
  const shown = page.getByTestId('emergency-warning');
  await expect(shown).toContainText('暴雨橙色预警', { timeout: DELIVERY_MS });
  await expect(page.getByTestId('warning-level')).toHaveText(['橙色预警']);
  await expectNoAxeViolations(page, 'home with a warning from the centre');

  await publishAtCentre(request, { scope: { region: COUNTY }, warnings: [] });
  await expect(shown).toHaveCount(0, { timeout: DELIVERY_MS });
});
