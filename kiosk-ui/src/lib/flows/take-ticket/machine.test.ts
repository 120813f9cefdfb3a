import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { CardHolderSummary, TicketRequest, TicketResponse } from '../../agent/types.js';
import { screenMeta } from '../screen.js';
import type { EndReason } from './context.js';
import { takeTicketMachine } from './machine.js';
import { ticketAnnouncement } from './screens.js';
import { translate } from '../../i18n/translate.js';

const services = [
  { id: 'social-security', name: '社保业务', ticketPrefix: 'A' },
  { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' },
];

const timing = {
  idleTimeoutMs: 120_000,
  warningMs: 30_000,
  ticketShownMs: 20_000,
};

const aged: CardHolderSummary = { maskedName: '王*英', priorityByAge: true };
const younger: CardHolderSummary = { maskedName: '李*国', priorityByAge: false };

/**
 * A fake of the agent (allowed here: this unit-tests the flow above the HTTP client); its
 * pushed card events are sent to the actor as the page does.
 */
function harness(ticketFails = false) {
  const clock = new SimulatedClock();
  const requests: TicketRequest[] = [];
  const ended: EndReason[] = [];
  const spoken: string[] = [];
  const staffCalls: { screen: string; answer: (sent: boolean) => void }[] = [];
  const effects = { chimes: 0, silences: 0, focuses: 0, reminders: 0 };
  const watches: boolean[] = [];
  const machine = takeTicketMachine.provide({
    actors: {
      // The ticket follows the request, as the agent's does.
      issueTicket: fromPromise<TicketResponse, TicketRequest>(async ({ input }) => {
        requests.push(input);
        if (ticketFails) throw new Error('agent unreachable');
        const service = services.find((s) => s.id === input.serviceId)!;
        return {
          ticket: {
            number: `${service.ticketPrefix}00${requests.length}`,
            serviceName: service.name,
            priority: input.priority,
            waitingAhead: 2,
            issuedAt: '2026-11-23T09:00:00+08:00',
          },
          print: { ok: true },
        };
      }),
    },
    actions: {
      sessionEnded: (_, params) => ended.push(params.reason),
      watchCard: (_, params) => watches.push(params.on),
      speak: (_, params) => spoken.push(params.text),
      silence: () => effects.silences++,
      chime: () => effects.chimes++,
      focusHeading: () => effects.focuses++,
      showReminder: () => effects.reminders++,
      callStaff: ({ self }, params) =>
        staffCalls.push({
          screen: params.screen,
          answer: (sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }),
        }),
    },
  });
  const actor = createActor(machine, {
    input: { services, timeZone: 'Asia/Shanghai', timing },
    clock,
  });
  actor.start();
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  return {
    actor,
    clock,
    requests,
    ended,
    spoken,
    staffCalls,
    effects,
    screen,
    watches,
    /** The resident places a card the agent reads, as the agent reports it. */
    cardRead: (holder: CardHolderSummary) => actor.send({ type: 'CARD_READ', holder }),
  };
}

describe('takeTicketMachine', () => {
  it('gives a resident aged 65 or over a priority ticket without asking', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.cardRead(aged);
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests).toEqual([
      expect.objectContaining({ serviceId: 'social-security', priority: true }),
    ]);
    expect(h.actor.getSnapshot().context.priority).toBe('age');
    expect(h.actor.getSnapshot().context.ticket).toMatchObject({ number: 'A001', priority: true });
  });

  it('asks a younger resident about priority and passes the disability answer on', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.cardRead(younger);
    expect(h.actor.getSnapshot().matches({ session: 'askPriority' })).toBe(true);
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: true });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests[0]?.priority).toBe(true);
    expect(h.actor.getSnapshot().context.priority).toBe('disability');
    expect(h.actor.getSnapshot().context.ticket?.priority).toBe(true);
  });

  it('lets a resident without a card skip and get an ordinary ticket', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'medical-insurance' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests[0]).toMatchObject({ serviceId: 'medical-insurance', priority: false });
    expect(h.actor.getSnapshot().context.ticket).toMatchObject({ number: 'B001', priority: false });
  });

  it('has the agent watch for a card exactly while the card step is shown', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    expect(h.watches).toEqual([]);
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.watches).toEqual([true]);
    h.actor.send({ type: 'BACK' });
    expect(h.watches).toEqual([true, false]);
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.clock.increment(120_000);
    expect(h.screen()).toBe('idle-warning');
    expect(h.watches).toEqual([true, false, true, false]);
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('identify');
    h.cardRead(younger);
    expect(h.watches).toEqual([true, false, true, false, true, false]);
  });

  it('asks to place an unreadable card flat, and counts handling the card as activity', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.clock.increment(100_000);
    h.actor.send({ type: 'CARD_UNREADABLE', reason: 'place-flat' });
    expect(h.actor.getSnapshot().context.cardHint).toBe('place-flat');
    h.clock.increment(100_000);
    expect(h.screen()).toBe('identify');
    h.actor.send({ type: 'CARD_REMOVED' });
    expect(h.actor.getSnapshot().context.cardHint).toBe('place-flat');
    h.cardRead(aged);
    expect(h.actor.getSnapshot().matches('issuing')).toBe(true);
  });

  it('ignores card events outside the card step', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.cardRead(aged);
    h.actor.send({ type: 'CARD_UNREADABLE', reason: 'place-flat' });
    expect(h.screen()).toBe('choose-service');
    expect(h.actor.getSnapshot().context).toMatchObject({ holder: null, cardHint: 'none' });
  });

  it('offers to skip while the reader is faulted or the stream is down, and stops once it is back', () => {
    const h = harness();
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.actor.getSnapshot().context.cardHint).toBe('reader-unavailable');
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'none',
    });
    expect(h.actor.getSnapshot().context.cardHint).toBe('none');
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    expect(h.actor.getSnapshot().context.cardHint).toBe('reader-unavailable');
    h.actor.send({ type: 'READER_AVAILABILITY', available: true });
    expect(h.actor.getSnapshot().context.cardHint).toBe('none');
  });

  it('reads the card step as its hint shows it: the reader not working, and the other ways, while it is faulted', () => {
    const placeCard = '请将身份证放在读卡区，或按输入身份证号码。没有带身份证，可以按跳过。';
    const readerDown =
      '读卡器暂时不能使用。请按输入身份证号码，用数字键输入；也可以按跳过直接取号，或呼叫工作人员。';
    const h = harness();
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.actor.getSnapshot().context.cardHint).toBe('reader-unavailable');
    expect(h.spoken.slice(1)).toEqual([readerDown]);
    // The same again, said by the card step: the reader's state does not change what is said.
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'CARD_REMOVED' });
    expect(h.spoken.slice(1)).toEqual([readerDown]);
    // Back while the resident is there: said at once, so 重听 says what the screen shows.
    h.actor.send({ type: 'READER_AVAILABILITY', available: true });
    expect(h.spoken.slice(1)).toEqual([readerDown, placeCard]);
    // A hint that leaves the text as it was cuts nothing short.
    h.actor.send({ type: 'CARD_UNREADABLE', reason: 'place-flat' });
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'present',
    });
    expect(h.spoken.slice(1)).toEqual([readerDown, placeCard]);
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: false,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'none',
    });
    expect(h.spoken.slice(1)).toEqual([readerDown, placeCard, readerDown]);
    // Read-aloud turned on there, and a new language, say it as shown too.
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.at(-1)).toBe(readerDown);
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toBe(
      'The card reader cannot be used just now. Press Enter ID number and type the number on the keypad, or press Skip to take a ticket without it, or call staff.',
    );
    // Elsewhere the reader's changes say nothing: the keypad step has its own text.
    h.actor.send({ type: 'ENTER_ID_NUMBER' });
    const onKeypad = h.spoken.length;
    h.actor.send({ type: 'READER_AVAILABILITY', available: true });
    expect(h.spoken).toHaveLength(onKeypad);
    h.actor.send({ type: 'BACK' });
    expect(h.spoken.at(-1)).toBe(
      'Place your ID card on the reader, or press Enter ID number. Without an ID card, press Skip.',
    );
  });

  it('says nothing of the reader with read-aloud off, and does not count its changes as activity', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.clock.increment(timing.idleTimeoutMs - 1_000);
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'READER_AVAILABILITY', available: true });
    expect(h.spoken).toEqual([]);
    h.clock.increment(1_000);
    expect(h.screen()).toBe('idle-warning');
  });

  it('says it is out of service before the resident starts while storage is faulted, and goes on to the queues once it is back', () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    expect(h.screen()).toBe('home');
    h.actor.send({ type: 'START' });
    expect(h.screen()).toBe('out-of-service');
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'not-watching',
    });
    expect(h.screen()).toBe('choose-service');
    expect(h.requests).toEqual([]);
  });

  it('keeps the queue a guide chose while out of service, and goes on to it once the terminal is back', () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'no-such-service' });
    expect(h.actor.getSnapshot().context.serviceId).toBeNull();
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.screen()).toBe('out-of-service');
    expect(h.actor.getSnapshot().context.serviceId).toBe('social-security');
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: true });
    expect(h.screen()).toBe('identify');
    expect(h.requests).toEqual([]);
  });

  it('lets a resident on the out-of-service screen go home, with every setting back to its default', () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.actor.send({ type: 'TOGGLE_THEME' });
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.screen()).toBe('out-of-service');
    h.actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['cancelled']);
    expect(h.effects.reminders).toBe(1);
    expect(h.actor.getSnapshot().context).toMatchObject({
      readAloud: false,
      textScale: 0,
      theme: 'default',
      language: 'zh-CN',
      startedAt: null,
    });
    // Still out of service: the next resident is told too.
    h.actor.send({ type: 'START' });
    expect(h.screen()).toBe('out-of-service');
  });

  it('warns a resident who walks away from the out-of-service screen, then resets the kiosk', () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.clock.increment(timing.idleTimeoutMs);
    expect(h.screen()).toBe('idle-warning');
    expect(h.effects.chimes).toBe(1);
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('out-of-service');
    h.clock.increment(timing.idleTimeoutMs);
    h.clock.increment(timing.warningMs);
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['timeout']);
    expect(h.actor.getSnapshot().context).toMatchObject({ textScale: 0, warningsShown: 0 });
  });

  it('says the printer is not working before the resident chooses, and issues the ticket once they go on', async () => {
    const h = harness();
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: false });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'START' });
    expect(h.screen()).toBe('printer-out');
    expect(h.spoken.at(-1)).toBe(translate('zh-CN', 'speech.printerOut'));
    // 重听 in another language says the notice in it.
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toBe(translate('en', 'speech.printerOut'));
    h.actor.send({ type: 'ACCEPT_NO_SLIP' });
    expect(h.screen()).toBe('choose-service');
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    // Told once: back to the queues, the resident is not stopped again.
    h.actor.send({ type: 'BACK' });
    expect(h.screen()).toBe('choose-service');
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests).toHaveLength(1);
  });

  it('tells of a printer fault reported just after the flow started, as the page reports it', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    expect(h.screen()).toBe('choose-service');
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: false });
    expect(h.screen()).toBe('printer-out');
  });

  it('tells a resident sent from a guide, and goes on to the card step of the queue it chose', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'medical-insurance' });
    expect(h.watches).toEqual([true]);
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: false,
      card: 'none',
    });
    // The card step's resync still tells of the printer, and the reader is let go.
    expect(h.screen()).toBe('printer-out');
    expect(h.watches).toEqual([true, false]);
    h.actor.send({ type: 'ACCEPT_NO_SLIP' });
    expect(h.screen()).toBe('identify');
    expect(h.actor.getSnapshot().context.serviceId).toBe('medical-insurance');
  });

  it('keeps the queue a guide chose on the printer notice, and moves on once the printer is back', () => {
    const h = harness();
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'no-such-service' });
    expect(h.actor.getSnapshot().context.serviceId).toBeNull();
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.screen()).toBe('printer-out');
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(h.screen()).toBe('identify');
    expect(h.requests).toEqual([]);
  });

  it('lets a resident told of the printer go home to the guides, and tells the next one again', () => {
    const h = harness();
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'ACCEPT_NO_SLIP' });
    expect(h.actor.getSnapshot().context.printerNoticeSeen).toBe(true);
    h.actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['cancelled']);
    expect(h.actor.getSnapshot().context.printerNoticeSeen).toBe(false);
    h.actor.send({ type: 'START' });
    expect(h.screen()).toBe('printer-out');
    h.actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');
  });

  it('after a reconnect asks the agent to watch again, and to lift a card it found meanwhile', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'not-watching',
    });
    expect(h.watches).toEqual([true, true]);
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
      card: 'present',
    });
    expect(h.watches).toEqual([true, true]);
    expect(h.actor.getSnapshot().context.cardHint).toBe('replace-card');
    h.actor.send({ type: 'CARD_REMOVED' });
    expect(h.actor.getSnapshot().context.cardHint).toBe('none');
  });

  it('warns before the idle timeout, continues where the resident was, and resets on a second silence', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.clock.increment(120_000);
    expect(h.actor.getSnapshot().matches('idleWarning')).toBe(true);
    h.actor.send({ type: 'CONTINUE' });
    expect(h.actor.getSnapshot().matches({ session: 'askPriority' })).toBe(true);
    // The warning can be extended again and again (WCAG 2.2.1 asks for at least 10).
    for (let i = 0; i < 10; i++) {
      h.clock.increment(120_000);
      h.actor.send({ type: 'CONTINUE' });
    }
    expect(h.actor.getSnapshot().matches({ session: 'askPriority' })).toBe(true);
    h.clock.increment(120_000);
    h.clock.increment(30_000);
    expect(h.actor.getSnapshot().matches('home')).toBe(true);
    expect(h.ended).toEqual(['timeout']);
  });

  it('wipes every personal field when the session ends', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.cardRead(aged);
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.actor.getSnapshot().context.holder).not.toBeNull();
    h.clock.increment(20_000);
    const { context } = h.actor.getSnapshot();
    expect(h.actor.getSnapshot().matches('home')).toBe(true);
    expect(context).toMatchObject({
      holder: null,
      serviceId: null,
      ticket: null,
      priority: null,
      requestId: null,
    });
    expect(h.ended).toEqual(['finished']);
  });

  it('retries with the same request id, so the agent returns the ticket already issued', async () => {
    const h = harness(true);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches({ session: 'issueFailed' }));
    h.actor.send({ type: 'RETRY' });
    await waitFor(h.actor, (s) => s.matches({ session: 'issueFailed' }));
    expect(h.requests).toHaveLength(2);
    expect(h.requests[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.requests[1]!.requestId).toBe(h.requests[0]!.requestId);
    h.actor.send({ type: 'CANCEL' });
    expect(h.actor.getSnapshot().matches('home')).toBe(true);
    // The next resident gets a new id.
    h.actor.send({ type: 'START' });
    expect(h.actor.getSnapshot().context.requestId).not.toBe(h.requests[0]!.requestId);
  });

  it('asks a resident who comes back to the card step to lift and replace the card', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.cardRead(younger);
    h.actor.send({ type: 'BACK' });
    const { context } = h.actor.getSnapshot();
    expect(context.cardHint).toBe('replace-card');
    expect(context.holder).toBeNull();
  });

  it('ignores a service that is not in the catalogue', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'no-such-service' });
    expect(h.actor.getSnapshot().matches({ session: 'chooseService' })).toBe(true);
  });

  it('names the screen and step of each state in its meta', async () => {
    const h = harness();
    const seen = () => {
      const { screen, step } = screenMeta(h.actor.getSnapshot());
      return { screen, step };
    };
    expect(seen()).toEqual({ screen: 'home', step: undefined });
    h.actor.send({ type: 'START' });
    expect(seen()).toEqual({ screen: 'choose-service', step: { step: 1, of: 3 } });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(seen()).toEqual({ screen: 'identify', step: { step: 2, of: 3 } });
    h.cardRead(younger);
    expect(seen()).toEqual({ screen: 'ask-priority', step: { step: 3, of: 3 } });
  });

  it('treats a header tap as activity: the idle warning comes a full timeout after it', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.clock.increment(119_000);
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.clock.increment(119_000);
    expect(h.screen()).toBe('choose-service');
    h.clock.increment(1_000);
    expect(h.screen()).toBe('idle-warning');
  });

  it('restarts the idle timeout on each step, not from the start of the session', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.clock.increment(100_000);
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.clock.increment(100_000);
    expect(h.screen()).toBe('identify');
    h.clock.increment(20_000);
    expect(h.screen()).toBe('idle-warning');
  });

  it('speaks each new screen only with read-aloud on, and the ticket with its number', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    expect(h.spoken).toEqual([]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken).toEqual(['请选择要办理的业务。']);
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.spoken.slice(1)).toEqual([
      '请将身份证放在读卡区，或按输入身份证号码。没有带身份证，可以按跳过。',
      '您需要绿色通道优先办理吗？',
      '取号成功。您的号码是 A001，前面还有 2 人等候。请取走凭条。',
    ]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.effects.silences).toBe(1);
  });

  it('reads the ticket when read-aloud is turned on there, and again in a new language', async () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken).toEqual(['取号成功。您的号码是 A001，前面还有 2 人等候。请取走凭条。']);
    // 重听 says the last text: after 中文 → English it must be the English one.
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toBe(
      ticketAnnouncement(h.actor.getSnapshot().context.ticket!, { ok: true }, 'en', true),
    );
  });

  it('chimes and speaks the idle warning even with read-aloud off', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.clock.increment(120_000);
    expect(h.screen()).toBe('idle-warning');
    expect(h.effects.chimes).toBe(1);
    expect(h.spoken).toEqual(['您还在办理吗？如需继续，请按继续办理。']);
  });

  it('moves focus to each new screen and reminds whoever leaves to take their things', () => {
    const h = harness();
    expect(h.effects).toMatchObject({ focuses: 1, reminders: 0 });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    expect(h.effects.focuses).toBe(3);
    h.actor.send({ type: 'CANCEL' });
    expect(h.effects).toMatchObject({ focuses: 4, reminders: 1 });
  });

  it('makes repeated staff taps within 30 s one call, naming the screen, and lets a failed call be retried', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CALL_STAFF' });
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['choose-service']);
    h.staffCalls[0]!.answer(true);
    expect(h.actor.getSnapshot().context.staffNotice).toBe('sent');
    h.clock.increment(29_000);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(1);
    h.clock.increment(1_000);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(2);
    h.clock.increment(10_000);
    h.staffCalls[1]!.answer(false);
    expect(h.actor.getSnapshot().context.staffNotice).toBe('failed');
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(3);
    // The retry has a window of its own, not what was left of the failed call's.
    h.staffCalls[2]!.answer(true);
    h.clock.increment(20_000);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(3);
  });

  it('restores the defaults for the next resident: read-aloud off, standard text, no staff notice', () => {
    const h = harness();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.actor.send({ type: 'CALL_STAFF' });
    h.staffCalls[0]!.answer(true);
    expect(h.actor.getSnapshot().context).toMatchObject({
      readAloud: true,
      textScale: 1,
      staffNotice: 'sent',
    });
    h.actor.send({ type: 'BACK' });
    expect(h.actor.getSnapshot().context).toMatchObject({
      readAloud: false,
      textScale: 0,
      staffNotice: 'none',
      staffCallOpen: false,
    });
    // The next resident's first tap is a new call.
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(2);
  });
});
