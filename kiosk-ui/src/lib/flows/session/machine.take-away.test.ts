import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import type { PrintOutcome } from '../../agent/types.js';
import { translate } from '../../i18n/translate.js';
import { screenMeta } from '../screen.js';
import { COMMUNITY, SESSION_INPUT } from './catalogue.fixture.js';
import { GUIDE_PRINTS_PER_GUIDE, type SessionEvent } from './context.js';
import { sessionMachine } from './machine.js';
import { takeAway } from './views.js';

/** The session with the agent's guide print faked above its client: each call takes the next outcome. */
function harness(outcomes: (PrintOutcome | Error)[] = []) {
  const asked: unknown[] = [];
  const spoken: string[] = [];
  const machine = sessionMachine.provide({
    actors: {
      printGuide: fromPromise<PrintOutcome, { serviceId: string }>(async ({ input }) => {
        asked.push(input);
        const outcome = outcomes.shift() ?? { ok: true };
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }),
    },
    actions: { speak: (_, params) => spoken.push(params.text) },
  });
  const actor = createActor(machine, { input: SESSION_INPUT });
  actor.start();
  const send = (event: SessionEvent) => actor.send(event);
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  const context = () => actor.getSnapshot().context;
  return { actor, send, screen, context, asked, spoken };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function toGuide(send: (event: SessionEvent) => void, serviceId = 'social-security-card'): void {
  send({ type: 'START' });
  send({ type: 'CHOOSE_MODE', mode: 'standard' });
  send({ type: 'CHOOSE_CATEGORY', categoryId: 'human-resources' });
  send({ type: 'CHOOSE_SERVICE', serviceId });
}

const say = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key as never);
const TITLE = '带走办事指南。';
const LOST_CARD = 'social-security-card';

describe('a guide taken away (带走指南)', () => {
  it('shows the code and prints the guide by its service id alone', async () => {
    const { send, screen, context, asked } = harness();
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    expect(screen()).toBe('guide-take-away');
    expect(takeAway(context()).qrText).toContain(COMMUNITY);
    expect(takeAway(context()).button).toBe('guide.print');
    send({ type: 'PRINT_GUIDE' });
    expect(screen()).toBe('guide-printing');
    await settle();
    expect(screen()).toBe('guide-take-away');
    expect(asked).toEqual([{ serviceId: LOST_CARD }]);
    expect(context()).toMatchObject({ guidePrint: { ok: true }, guidePrints: { [LOST_CARD]: 1 } });
    expect(takeAway(context())).toMatchObject({
      notes: ['guide.qrHint', 'guide.printed'],
      button: 'guide.printAgain',
    });
    send({ type: 'BACK' });
    expect(screen()).toBe('service-guide');
  });

  it(`prints a guide at most ${GUIDE_PRINTS_PER_GUIDE} times a visit, a failed print counted but not called a copy`, async () => {
    const { send, screen, context, asked } = harness([
      { ok: false, reason: 'no-paper' },
      new Error('agent unreachable'),
    ]);
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    send({ type: 'PRINT_GUIDE' });
    await settle();
    expect(context().guidePrint).toEqual({ ok: false, reason: 'no-paper' });
    expect(takeAway(context())).toMatchObject({
      notes: ['guide.qrHint', 'guide.notPrinted'],
      button: 'guide.print',
      canPrint: true,
    });
    send({ type: 'PRINT_GUIDE' });
    await settle();
    expect(context().guidePrint).toEqual({ ok: false, reason: 'agent-unreachable' });
    expect(takeAway(context()).canPrint).toBe(false);
    send({ type: 'PRINT_GUIDE' });
    expect(screen()).toBe('guide-take-away');
    expect(asked).toHaveLength(2);
  });

  it('counts copies per guide for the whole visit: the same guide chosen again prints no more', async () => {
    const { send, context, asked } = harness();
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    send({ type: 'PRINT_GUIDE' });
    await settle();
    send({ type: 'PRINT_GUIDE' });
    await settle();
    send({ type: 'BACK' });
    send({ type: 'BACK' });
    send({ type: 'CHOOSE_SERVICE', serviceId: LOST_CARD });
    send({ type: 'TAKE_AWAY' });
    expect(context().guidePrint).toBeNull();
    expect(takeAway(context()).canPrint).toBe(false);
    send({ type: 'PRINT_GUIDE' });
    expect(asked).toHaveLength(2);
    // Another guide has copies of its own.
    send({ type: 'BACK' });
    send({ type: 'BACK' });
    send({ type: 'BACK' });
    send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    send({ type: 'TAKE_AWAY' });
    expect(takeAway(context()).canPrint).toBe(true);
  });

  it('goes back to the guide during a print, the copy counted', async () => {
    const { send, screen, context, asked } = harness();
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    send({ type: 'PRINT_GUIDE' });
    send({ type: 'BACK' });
    expect(screen()).toBe('service-guide');
    await settle();
    expect(asked).toHaveLength(1);
    expect(context().guidePrints).toEqual({ [LOST_CARD]: 1 });
  });

  it('offers no print while the printer is faulted, and says so beside what the last print did', async () => {
    const { send, screen, context, asked } = harness();
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    send({ type: 'PRINT_GUIDE' });
    await settle();
    send({ type: 'PRINTER_AVAILABILITY', available: false });
    expect(takeAway(context())).toMatchObject({
      canPrint: false,
      notes: ['guide.qrHint', 'guide.printed', 'guide.noPrinter'],
    });
    send({ type: 'PRINT_GUIDE' });
    expect(screen()).toBe('guide-take-away');
    expect(asked).toHaveLength(1);
    send({
      type: 'AGENT_RESYNC',
      serviceAvailable: true,
      readerAvailable: true,
      printerAvailable: true,
    });
    expect(takeAway(context())).toMatchObject({ canPrint: true, button: 'guide.printAgain' });
  });

  it('reads the take-away aloud as the screen shows it, and the printer stopping and coming back', async () => {
    const { send, spoken } = harness();
    send({ type: 'PRINTER_AVAILABILITY', available: false });
    toGuide(send);
    send({ type: 'TOGGLE_READ_ALOUD' });
    spoken.length = 0;
    send({ type: 'TAKE_AWAY' });
    expect(spoken).toEqual([`${TITLE}${say('guide.qrHint')}${say('guide.noPrinter')}`]);
    send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(spoken.at(-1)).toBe('打印机已恢复，可以按打印指南。');
    send({ type: 'TOGGLE_READ_ALOUD' });
    send({ type: 'TOGGLE_READ_ALOUD' });
    expect(spoken.at(-1)).toBe(`${TITLE}${say('guide.qrHint')}要纸质的，请按打印指南。`);
    send({ type: 'PRINT_GUIDE' });
    await settle();
    send({ type: 'PRINTER_AVAILABILITY', available: false });
    expect(spoken.at(-1)).toBe(say('guide.noPrinter'));
    send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(spoken.at(-1)).toBe('打印机已恢复，可以按再打印一份。');
    // The visit's last copy printed: the printer's coming and going changes nothing offered.
    send({ type: 'PRINT_GUIDE' });
    await settle();
    const said = spoken.length;
    send({ type: 'PRINTER_AVAILABILITY', available: false });
    send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(spoken).toHaveLength(said);
  });

  it('offers a rating for the guide on 首页, and forgets the prints once home, not the printer', async () => {
    const { actor, send, screen, context } = harness();
    toGuide(send);
    send({ type: 'TAKE_AWAY' });
    send({ type: 'PRINT_GUIDE' });
    await settle();
    send({ type: 'PRINTER_AVAILABILITY', available: false });
    send({ type: 'CANCEL' });
    expect(screen()).toBe('rate');
    expect(context().rateOffer).toEqual({ serviceId: LOST_CARD, outcome: 'guide-read' });
    actor.getSnapshot().children.rate?.send({ type: 'CANCEL' });
    expect(screen()).toBe('home');
    expect(context()).toMatchObject({ guidePrints: {}, guidePrint: null, printerAvailable: false });
  });

  it('is not offered for a queue without a guide', () => {
    const { send, screen } = harness();
    toGuide(send, 'social-security');
    expect(screen()).toBe('service-guide');
    send({ type: 'TAKE_AWAY' });
    expect(screen()).toBe('service-guide');
  });
});
