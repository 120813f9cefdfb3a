import { test } from '@playwright/test';
import { expectNoAxeViolations, openKiosk, resetDevicesBeforeEach } from './helpers.js';
import { JOURNEYS, type Mode } from './journeys.js';
import { setTextStep } from './steps.js';
import {
  expectFits,
  expectFullPage,
  expectMillimetreBar,
  LIST_SCREENS,
  measure,
  measureList,
  PROFILES,
  saveScreenshot,
  type ProfileName,
} from './screen-checks.js';

/**
 * Every resident journey on both kinds of terminal, in standard mode (default text size) and
 * elder mode (特大): on every screen the millimetre bar for that profile, axe, and a picture; every
 * screen fits the glass, lists paging instead of scrolling (docs/accessibility.md, "Screen
 * profiles").
 */

resetDevicesBeforeEach();

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`${profileName} ${profile.label}`, () => {
    test.use({ viewport: profile.viewport });
    // A whole journey with a check on every screen: longer than one step's test.
    test.describe.configure({ timeout: 240_000 });

    for (const mode of ['standard', 'elder'] as Mode[]) {
      for (const journey of JOURNEYS) {
        test(`${journey.name} in ${mode} mode: every screen meets the bar and fits`, async ({
          page,
          request,
        }) => {
          await openKiosk(page);
          if (mode === 'elder') await setTextStep(page, '特大');
          let shot = 0;
          await journey.run(page, request, mode, async (screen) => {
            const where = `${screen} (${profileName}, ${mode}, ${journey.name})`;
            shot++;
            await saveScreenshot(page, `${profileName}-${mode}-${journey.name}-${shot}-${screen}`);
            const m = await measure(page, profile.mmPerPx);
            expectMillimetreBar(m, where);
            expectFits(m, where);
            if (LIST_SCREENS.has(screen)) {
              expectFullPage(await measureList(page, profile.mmPerPx), where);
            }
            await expectNoAxeViolations(page, where);
          });
        });
      }
    }
  });
}
