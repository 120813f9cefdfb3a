import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, openKiosk, removeCard, setPrinter } from './helpers.js';
import { JOURNEYS, setTextStep, type Mode } from './journeys.js';
import {
  expectFitsUnlessKnown,
  expectMillimetreBar,
  measure,
  PAGED_SCREENS,
  PROFILES,
  saveScreenshot,
  type ProfileName,
} from './screen-checks.js';

/**
 * Every resident journey on both kinds of terminal, in standard mode (default text size) and
 * elder mode (特大): on every screen the millimetre bar for that profile, axe, and a picture;
 * at the default size every screen fits the glass, at 特大 the lists page instead of scrolling
 * (docs/accessibility.md, "Screen profiles").
 */

test.beforeEach(async ({ request }) => {
  await removeCard(request);
  await setPrinter(request, { paper: 'ok', coverOpen: false, offline: false });
});

for (const profileName of Object.keys(PROFILES) as ProfileName[]) {
  const profile = PROFILES[profileName];
  test.describe(`${profileName} ${profile.label}`, () => {
    test.use({ viewport: profile.viewport });
    // A whole journey with a check on every screen: longer than one step's test.
    test.describe.configure({ timeout: 240_000 });

    for (const mode of ['standard', 'elder'] as Mode[]) {
      for (const journey of JOURNEYS) {
        test(`${journey.name} in ${mode} mode: every screen meets the bar${mode === 'standard' ? ' and fits' : ', lists page'}`, async ({
          page,
          request,
        }) => {
          await openKiosk(page);
          if (mode === 'elder') await setTextStep(page, '特大');
          let shot = 0;
          const overflowing: string[] = [];
          await journey.run(page, request, mode, async (screen) => {
            const where = `${screen} (${profileName}, ${mode}, ${journey.name})`;
            shot++;
            await saveScreenshot(page, `${profileName}-${mode}-${journey.name}-${shot}-${screen}`);
            const m = await measure(page, profile.mmPerPx);
            expectMillimetreBar(m, where);
            expect(m.overflowRightPx, `${where} reaches beside the glass`).toBeLessThanOrEqual(0);
            const step = mode === 'standard' ? '标准' : '特大';
            if (mode === 'standard' || PAGED_SCREENS.has(screen)) {
              expectFitsUnlessKnown(m, { screen, profile: profileName, step }, where);
            } else if (m.overflowBottomPx > 0) {
              overflowing.push(`${screen} +${Math.ceil(m.overflowBottomPx)}px`);
            }
            await expectNoAxeViolations(page, where);
          });
          if (overflowing.length > 0) {
            console.log(
              `${journey.name}, ${profileName}, 特大, below the glass: ${overflowing.join(', ')}`,
            );
            test.info().annotations.push({
              type: 'below the glass at 特大 (not a list: the resident scrolls)',
              description: overflowing.join(', '),
            });
          }
        });
      }
    }
  });
}
