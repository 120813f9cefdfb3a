import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page, type APIRequestContext } from '@playwright/test';
import type { TerminalOverview } from '@bianmin/contract';

export const urls = () => ({
  kiosk: process.env.KIOSK_URL!,
  agent: process.env.AGENT_URL!,
  central: process.env.CENTRAL_URL!,
});

export async function openKiosk(page: Page): Promise<void> {
  await page.goto(urls().kiosk);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
}

/** axe with the WCAG 2.2 AA tag set (it enables the target-size rule): zero violations. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on the ${screen} screen`).toEqual([]);
}

export async function screen(page: Page, name: string): Promise<void> {
  await expect(page.locator(`[data-screen="${name}"]`)).toBeVisible();
}

/** Sets the simulated printer through the agent's development API. */
export async function setPrinter(
  request: APIRequestContext,
  condition: { paper?: 'ok' | 'near-end' | 'out'; coverOpen?: boolean; offline?: boolean },
): Promise<void> {
  const reply = await request.post(`${urls().agent}/api/v1/dev/printer`, { data: condition });
  expect(reply.ok()).toBe(true);
}

/** The printer's state as the agent's health polling last declared it. */
export async function printerState(request: APIRequestContext): Promise<string | undefined> {
  const reply = await request.get(`${urls().agent}/healthz`);
  return ((await reply.json()) as { devices: Record<string, string> }).devices.printer;
}

/** The ID-card reader's state as the agent's health polling last declared it. */
export async function readerState(request: APIRequestContext): Promise<string | undefined> {
  const reply = await request.get(`${urls().agent}/healthz`);
  return ((await reply.json()) as { devices: Record<string, string> }).devices.idCardReader;
}

/** Pulls the simulated reader's cable, or puts it back (docs/devices.md, "Hot-plug"). */
export async function plugReader(request: APIRequestContext, plugged: boolean): Promise<void> {
  const reply = await request.post(`${urls().agent}/api/v1/dev/cable`, {
    data: { device: 'idCardReader', plugged },
  });
  expect(reply.ok()).toBe(true);
}

export async function removeCard(request: APIRequestContext): Promise<void> {
  await request.post(`${urls().agent}/api/v1/dev/id-card`, { data: { action: 'remove' } });
}

/**
 * Every test of the spec starts with no card on the reader and a ready printer: the agent is
 * shared by every spec, and a test may leave either changed. Call it at the spec's top level
 * (or in a describe).
 */
export function resetDevicesBeforeEach(): void {
  test.beforeEach(({ request }) => resetDevices(request));
}

/** As resetDevicesBeforeEach, and after each test too: for specs that break the devices on purpose. */
export function resetDevicesAroundEach(): void {
  resetDevicesBeforeEach();
  test.afterEach(({ request }) => resetDevices(request));
}

async function resetDevices(request: APIRequestContext): Promise<void> {
  await removeCard(request);
  await setPrinter(request, { paper: 'ok', coverOpen: false, offline: false });
}

export async function centralTerminals(request: APIRequestContext): Promise<TerminalOverview[]> {
  const reply = await request.get(`${urls().central}/api/v1/terminals`);
  return (await reply.json()) as TerminalOverview[];
}

/** The development panel's label of the sample identity whose label contains `name`. */
export async function identityLabel(request: APIRequestContext, name: string): Promise<string> {
  const reply = await request.get(`${urls().agent}/api/v1/dev/state`);
  const state = (await reply.json()) as { identities: { key: string; label: string }[] };
  const found = state.identities.find((i) => i.label.includes(name));
  if (!found) throw new Error(`no sample identity named ${name}`);
  return found.label;
}

/** Today's 社保业务 count at the centre (0 before the terminal is known). */
export async function socialSecurityCount(request: APIRequestContext): Promise<number> {
  const [row] = await centralTerminals(request);
  return row?.today.ticketsByService.find((s) => s.serviceId === 'social-security')?.count ?? 0;
}

/** The text of every receipt the simulated printer holds, oldest first. */
export async function printedReceipts(request: APIRequestContext): Promise<string[]> {
  const reply = await request.get(`${urls().agent}/api/v1/dev/state`);
  return ((await reply.json()) as { receipts: { text: string }[] }).receipts.map((r) => r.text);
}

/** From the home screen: an ordinary 综合咨询 ticket without a card. Returns the ticket number. */
export async function takeTicketWithoutCard(page: Page): Promise<string> {
  await page.getByRole('button', { name: '排队取号' }).click();
  await page.getByRole('button', { name: /综合咨询/ }).click();
  await page.getByRole('button', { name: /跳过/ }).click();
  await page.getByRole('button', { name: '不需要' }).click();
  await screen(page, 'ticket-shown');
  return (await page.getByTestId('ticket-number').textContent())!.trim();
}

/** After a service the kiosk offers 好差评; the resident skips it and the kiosk goes home. */
export async function skipRating(page: Page): Promise<void> {
  await screen(page, 'rate-level');
  await page.getByRole('button', { name: '跳过' }).click();
  await screen(page, 'home');
}

/**
 * What the page asks of the browser's speech synthesis, recorded in the test only: the page's
 * own speechSynthesis is replaced before the kiosk loads, so nothing is heard. Call it before
 * `openKiosk`. The browser has a Mandarin and an English voice (`voices`), as a terminal's
 * Chromium with speech-dispatcher does; with none, the kiosk reads aloud through the agent.
 */
export async function recordSpeech(
  page: Page,
  voices: readonly string[] = ['zh-CN', 'en-US'],
): Promise<void> {
  await page.addInitScript((languages) => {
    const calls: string[] = [];
    const heard: Heard[] = [];
    Object.assign(window, { speechCalls: calls, heard });
    const synthesis = window.speechSynthesis;
    // A SpeechSynthesisVoice cannot be made in a page: the utterance takes these plain ones.
    const voiceList = languages.map((lang) => ({ lang, name: `test ${lang}`, default: false }));
    synthesis.getVoices = () => voiceList as unknown as SpeechSynthesisVoice[];
    const voices = new WeakMap<SpeechSynthesisUtterance, unknown>();
    Object.defineProperty(SpeechSynthesisUtterance.prototype, 'voice', {
      configurable: true,
      get(this: SpeechSynthesisUtterance) {
        return voices.get(this) ?? null;
      },
      set(this: SpeechSynthesisUtterance, voice: unknown) {
        voices.set(this, voice);
      },
    });
    synthesis.speak = (u: SpeechSynthesisUtterance) => {
      calls.push(`speak:${u.lang}:${u.text}`);
      // The browser keeps the volume as a 32-bit float: 0.7 reads back as 0.699999988.
      heard.push({ text: u.text, volume: Math.round(u.volume * 100) / 100 });
    };
    synthesis.cancel = () => void calls.push('cancel');
    synthesis.pause = () => void calls.push('pause');
    synthesis.resume = () => void calls.push('resume');
  }, voices);
}

/** Every call so far, in order: `speak:<voice's language>:<text>`, `cancel`, `pause`, `resume`. */
export const speechCalls = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { speechCalls: string[] }).speechCalls.slice());

/** The texts spoken so far, each after its voice's language: `en-US: …`. */
export const voicedTexts = async (page: Page): Promise<string[]> =>
  (await speechCalls(page))
    .filter((c) => c.startsWith('speak:'))
    .map((c) => {
      const [, lang, ...text] = c.split(':');
      return `${lang}: ${text.join(':')}`;
    });

/** What an utterance said, and how loud (SpeechSynthesisUtterance.volume, 0 to 1). */
export interface Heard {
  text: string;
  volume: number;
}

/** The texts spoken so far, each with its volume. */
export const heardTexts = (page: Page): Promise<Heard[]> =>
  page.evaluate(() => (window as unknown as { heard: Heard[] }).heard.slice());

/** The texts spoken so far. */
export const spokenTexts = async (page: Page): Promise<string[]> =>
  (await speechCalls(page))
    .filter((c) => c.startsWith('speak:'))
    .map((c) => c.split(':').slice(2).join(':'));
