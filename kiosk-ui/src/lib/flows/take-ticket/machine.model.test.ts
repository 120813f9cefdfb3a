import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type SnapshotFrom } from 'xstate';
import type { PrintOutcome, TicketRequest, TicketResponse } from '../../agent/types.js';
import type { IdKey } from '../identify/id-entry.js';
import { answerCall, heldCall, walkModel } from '../model-walk.fixture.js';
import { screenMeta } from '../screen.js';
import type { TakeTicketEvent } from './context.js';
import { takeTicketMachine } from './machine.js';
import { IDENTIFY_SPEECH } from './screens.js';
import { cardStepSpeech } from '../identify/card-step.js';
import { translate } from '../../i18n/translate.js';

/**
 * Model-based checks: every transition of the flow, walked on a running actor with a simulated
 * clock. The walk's steps are what the world can do: the resident's taps and the agent's pushed
 * events (the machine's own events), time passing by each named delay, and the agent answering
 * a pending call. Each step
 * replays its path from a fresh actor, so timers and calls run through the machine as they do
 * on the page, and the walk needs no XState-internal event names.
 */
type Machine = SnapshotFrom<typeof takeTicketMachine>;

const timing = {
  idleTimeoutMs: 120_000,
  warningMs: 30_000,
  ticketShownMs: 20_000,
};
const services = [{ id: 'social-security', name: '社保业务', ticketPrefix: 'A' }];

type Step =
  | { type: 'tap'; event: TakeTicketEvent }
  | { type: 'wait'; ms: number; label: string }
  /** The agent answers the ticket call: unreachable, or a ticket whose slip printed or not. */
  | { type: 'ticket'; ok: boolean; print?: PrintOutcome }
  /** The agent answers the reprint call. */
  | { type: 'reprint'; ok: boolean; print?: PrintOutcome }
  /** Every header button at once, and the staff call gets through: all settings changed. */
  | { type: 'header' }
  /** A whole ID number typed on the keypad, key by key. */
  | { type: 'id-typed'; digits: string };

/** The agent's ticket follows the request, so a test expecting an ordinary ticket could fail. */
const ticketFor = (
  request: { priority?: boolean },
  print: PrintOutcome = { ok: true },
): TicketResponse => ({
  ticket: {
    number: 'A001',
    serviceName: '社保业务',
    priority: request.priority ?? false,
    waitingAhead: 0,
    issuedAt: '2026-11-23T01:00:00Z',
  },
  print,
});
const paperOut: PrintOutcome = { ok: false, reason: 'no-paper' };

/**
 * `watching`: what the flow last told the agent about reading the card reader. `said`: the
 * last text read aloud that 重听 would say again (not one said in passing).
 */
type World = { machine: Machine; watching: boolean; said: string | null };

// The staff calls that the current replay has made and not yet answered.
const staffCalls: ((sent: boolean) => void)[] = [];
let watching = false;
let said: string | null = null;
const walkedMachine = takeTicketMachine.provide({
  actors: { issueTicket: heldCall() as never, reprintTicket: heldCall() as never },
  actions: {
    callStaff: ({ self }) => {
      staffCalls.push((sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }));
    },
    watchCard: (_, params) => {
      watching = params.on;
    },
    speak: (_, params) => {
      if (!params.aside) said = params.text;
    },
  },
});

function replay(steps: Step[]): World {
  const clock = new SimulatedClock();
  staffCalls.length = 0;
  watching = false;
  said = null;
  const actor = createActor(walkedMachine, {
    input: { services, timeZone: 'Asia/Shanghai', timing },
    clock,
  });
  actor.start();
  for (const step of steps) {
    const { children } = actor.getSnapshot();
    if (step.type === 'tap') actor.send(step.event);
    else if (step.type === 'wait') clock.increment(step.ms);
    else if (step.type === 'ticket') {
      answerCall(children.issueTicket, (input) =>
        step.ok
          ? { ok: true, output: ticketFor(input as TicketRequest, step.print) }
          : { ok: false },
      );
    } else if (step.type === 'reprint') {
      answerCall(children.reprintTicket, () =>
        step.ok ? { ok: true, output: ticketFor({}, step.print) } : { ok: false },
      );
    } else if (step.type === 'id-typed') {
      for (const key of step.digits) actor.send({ type: 'ID_KEY', key: key as IdKey });
    } else {
      actor.send({ type: 'TOGGLE_READ_ALOUD' });
      actor.send({ type: 'NEXT_TEXT_SIZE' });
      actor.send({ type: 'NEXT_VOLUME' });
      actor.send({ type: 'TOGGLE_THEME' });
      actor.send({ type: 'CALL_STAFF' });
      staffCalls.shift()?.(true);
    }
  }
  const machine = actor.getSnapshot();
  actor.stop();
  return { machine, watching, said };
}

const tap = (event: TakeTicketEvent): Step => ({ type: 'tap', event });

const STEPS: Step[] = [
  tap({ type: 'START' }),
  tap({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' }),
  tap({ type: 'CHOOSE_SERVICE', serviceId: 'not-in-catalogue' }),
  tap({ type: 'SKIP_CARD' }),
  tap({ type: 'ACCEPT_NO_SLIP' }),
  tap({ type: 'ANSWER_PRIORITY', needsPriority: true }),
  tap({ type: 'ANSWER_PRIORITY', needsPriority: false }),
  tap({ type: 'BACK' }),
  tap({ type: 'CANCEL' }),
  tap({ type: 'CONTINUE' }),
  tap({ type: 'DONE' }),
  tap({ type: 'RETRY' }),
  tap({ type: 'REPRINT' }),
  tap({ type: 'ENTER_ID_NUMBER' }),
  tap({ type: 'ID_CONFIRM' }),
  tap({ type: 'ID_CLEAR' }),
  // Priority by age, and a wrong check character.
  { type: 'id-typed', digits: '11010519491231002X' },
  { type: 'id-typed', digits: '110105194912310021' },
  { type: 'header' },
  // The agent's events, at any moment: the flow must ignore those that do not fit its state.
  tap({ type: 'CARD_READ', holder: { maskedName: '王*英', priorityByAge: true } }),
  tap({ type: 'CARD_READ', holder: { maskedName: '李*国', priorityByAge: false } }),
  tap({ type: 'CARD_UNREADABLE', reason: 'place-flat' }),
  tap({ type: 'CARD_REMOVED' }),
  tap({ type: 'READER_AVAILABILITY', available: false }),
  tap({ type: 'READER_AVAILABILITY', available: true }),
  tap({ type: 'SERVICE_AVAILABILITY', available: false }),
  tap({ type: 'SERVICE_AVAILABILITY', available: true }),
  tap({ type: 'PRINTER_AVAILABILITY', available: false }),
  tap({ type: 'PRINTER_AVAILABILITY', available: true }),
  tap({
    type: 'AGENT_RESYNC',
    readerAvailable: true,
    serviceAvailable: true,
    printerAvailable: true,
    card: 'not-watching',
  }),
  tap({
    type: 'AGENT_RESYNC',
    readerAvailable: true,
    serviceAvailable: true,
    printerAvailable: true,
    card: 'present',
  }),
  tap({
    type: 'AGENT_RESYNC',
    readerAvailable: true,
    serviceAvailable: true,
    printerAvailable: false,
    card: 'not-watching',
  }),
  { type: 'ticket', ok: true },
  { type: 'ticket', ok: true, print: paperOut },
  { type: 'ticket', ok: false },
  { type: 'reprint', ok: true },
  { type: 'reprint', ok: true, print: paperOut },
  { type: 'reprint', ok: false },
  { type: 'wait', ms: timing.ticketShownMs, label: 'ticketShown' },
  { type: 'wait', ms: timing.warningMs, label: 'warning' },
  { type: 'wait', ms: timing.idleTimeoutMs, label: 'idleTimeout' },
];

const changedSettings = ({ context }: Machine) =>
  context.readAloud ||
  context.textScale !== 0 ||
  context.volume !== 0 ||
  context.theme !== 'default' ||
  context.staffNotice !== 'none' ||
  context.staffCallOpen;

const describeStep = (step: Step) =>
  step.type === 'tap'
    ? JSON.stringify(step.event)
    : `${step.type} ${'label' in step ? step.label : JSON.stringify(step)}`;

/**
 * The idle warning over the out-of-service screen, told apart from the others (whose step the
 * walk does not tell apart, to stay small) so that 继续 back to that screen is walked too.
 */
const warnedOutOfService = (s: Machine) =>
  s.matches('idleWarning') &&
  Object.values(s.historyValue)
    .flat()
    .some((node) => node.key === 'outOfService');

// Random ids and clock readings would make every snapshot unique; the walk compares what matters.
// The header's settings count only as changed or not: the header is the same on every screen,
// so that is enough to start a way home from every screen with changed settings.
const serializeState = ({ machine: s, watching }: World) =>
  JSON.stringify({
    value: s.value,
    watching,
    readerAvailable: s.context.readerAvailable,
    serviceAvailable: s.context.serviceAvailable,
    printerAvailable: s.context.printerAvailable,
    printerNoticeSeen: s.context.printerNoticeSeen,
    printerWasReady: s.context.printerWasReady,
    print: s.context.print,
    reprintFailed: s.context.reprintFailed,
    holder: s.context.holder?.maskedName ?? null,
    priority: s.context.priority,
    hint: s.context.cardHint,
    service: s.context.serviceId,
    ticket: s.context.ticket !== null,
    idNumber: s.context.idNumber,
    idNumberProblem: s.context.idNumberProblem,
    settingsChanged: changedSettings(s),
    warnedOutOfService: warnedOutOfService(s),
  });

const walk = walkModel({ replay, steps: STEPS, serializeState, describeStep });
const nodes = walk.worlds.map((w) => w.machine);
const transitions = walk.transitions.map((t) => ({
  from: t.from.machine,
  step: t.step,
  to: t.to.machine,
}));
const leaf = (s: Machine) => JSON.stringify(s.value);

describe('takeTicketMachine, every transition', () => {
  it('reaches every screen of the flow', () => {
    const reached = new Set(nodes.map(leaf));
    for (const screen of [
      '"home"',
      '{"session":"outOfService"}',
      '{"session":"printerOut"}',
      '{"session":"chooseService"}',
      '{"session":"identify"}',
      '{"session":"askPriority"}',
      '{"session":"enterIdNumber"}',
      '"idleWarning"',
      '"issuing"',
      '{"session":"issueFailed"}',
      '"ticketShown"',
      '{"session":{"slipNotPrinted":"waiting"}}',
      '{"session":{"slipNotPrinted":"reprinting"}}',
    ]) {
      expect(reached, screen).toContain(screen);
    }
    expect(transitions.length).toBeGreaterThan(50);
  });

  it('gets every resident home by time alone, from every screen but a pending call to the agent', () => {
    // Only the passing of time: a resident who walks away answers nothing.
    const byTime = new Map<string, World[]>();
    for (const t of walk.transitions) {
      if (t.step.type !== 'wait') continue;
      const from = serializeState(t.from);
      byTime.set(from, [...(byTime.get(from) ?? []), t.to]);
    }
    const reachesHome = (start: World) => {
      const seen = new Set<string>();
      const queue = [start];
      for (let w = queue.shift(); w; w = queue.shift()) {
        if (w.machine.matches('home')) return true;
        const key = serializeState(w);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(...(byTime.get(key) ?? []));
      }
      return false;
    };
    // Issuing and reprinting wait on the agent, whose calls time out (lib/agent/client.ts).
    const waitingOnAgent = (s: Machine) =>
      s.matches('issuing') || s.matches({ session: { slipNotPrinted: 'reprinting' } });
    const resting = walk.worlds.filter((w) => !waitingOnAgent(w.machine));
    const outOfService = resting.filter((w) => w.machine.matches({ session: 'outOfService' }));
    expect(outOfService.filter((w) => changedSettings(w.machine)).length).toBeGreaterThan(0);
    for (const w of resting) expect(reachesHome(w), leaf(w.machine)).toBe(true);
  });

  it('leaves the out-of-service screen only by 首页, the idle warning or the terminal recovering', () => {
    const resyncedWith = {
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      serviceAvailable: true,
      printerAvailable: true,
    };
    const fromOutOfService = transitions.filter(
      (t) => t.from.matches({ session: 'outOfService' }) && leaf(t.from) !== leaf(t.to),
    );
    const ways = new Set(fromOutOfService.map((t) => `${describeStep(t.step)} -> ${leaf(t.to)}`));
    // Recovering goes to the queue a guide chose (handed over as CHOOSE_SERVICE), else the list.
    const recovered = ['{"session":"chooseService"}', '{"session":"identify"}'];
    expect([...ways].sort()).toEqual(
      [
        '{"type":"CANCEL"} -> "home"',
        ...recovered.map((to) => `{"type":"SERVICE_AVAILABILITY","available":true} -> ${to}`),
        ...['not-watching', 'present'].flatMap((card) =>
          recovered.map((to) => `${JSON.stringify({ ...resyncedWith, card })} -> ${to}`),
        ),
        // Recovered with the printer faulted: told of that next, before the resident chooses.
        '{"type":"SERVICE_AVAILABILITY","available":true} -> {"session":"printerOut"}',
        `${JSON.stringify({ ...resyncedWith, printerAvailable: false, card: 'not-watching' })} -> {"session":"printerOut"}`,
        'wait idleTimeout -> "idleWarning"',
      ].sort(),
    );
    for (const t of fromOutOfService.filter((t) => t.to.matches({ session: 'identify' }))) {
      expect(t.from.context.serviceId).toBe('social-security');
    }
    // Only a resident who asked for a ticket is shown it, so their session is the one that ends.
    const into = transitions.filter(
      (t) =>
        t.to.matches({ session: 'outOfService' }) && !t.from.matches({ session: 'outOfService' }),
    );
    for (const t of into) {
      expect(t.from.context.serviceAvailable).toBe(false);
      expect(t.to.context.startedAt).not.toBeNull();
    }
    expect(into.map((t) => leaf(t.from))).toContain('"home"');
    expect(into.map((t) => leaf(t.from))).toContain('"idleWarning"');
  });

  it('leaves the printer notice only by 继续取号, 首页, the idle warning or the printer coming back', () => {
    const fromNotice = transitions.filter(
      (t) => t.from.matches({ session: 'printerOut' }) && leaf(t.from) !== leaf(t.to),
    );
    const ways = new Set(
      fromNotice.map((t) => `${describeStep(t.step).split(',')[0]} -> ${leaf(t.to)}`),
    );
    const onward = ['{"session":"chooseService"}', '{"session":"identify"}'];
    expect([...ways].sort()).toEqual(
      [
        '{"type":"CANCEL"} -> "home"',
        ...onward.flatMap((to) => [
          `{"type":"ACCEPT_NO_SLIP"} -> ${to}`,
          `{"type":"PRINTER_AVAILABILITY" -> ${to}`,
          `{"type":"AGENT_RESYNC" -> ${to}`,
        ]),
        'wait idleTimeout -> "idleWarning"',
      ].sort(),
    );
    for (const t of fromNotice.filter((t) => t.to.matches({ session: 'identify' }))) {
      expect(t.from.context.serviceId).toBe('social-security');
    }
    // Shown only before the ticket, while the printer is reported faulted, to a resident not yet
    // told; going on means they were.
    for (const s of nodes.filter((s) => s.matches({ session: 'printerOut' }))) {
      expect(s.context).toMatchObject({ printerAvailable: false, printerNoticeSeen: false });
      expect(s.context.ticket).toBeNull();
    }
    for (const t of fromNotice.filter(
      (t) => t.step.type === 'tap' && t.step.event.type === 'ACCEPT_NO_SLIP',
    )) {
      expect(t.to.context.printerNoticeSeen).toBe(true);
    }
  });

  it('calls staff for a slip not printed only when the printer was reported working at the ticket', () => {
    const unprinted = transitions.filter(
      (t) => t.from.matches('issuing') && t.to.matches({ session: 'slipNotPrinted' }),
    );
    const calls = new Set(unprinted.map((t) => t.from.context.printerWasReady));
    expect([...calls].sort()).toEqual([false, true]);
    for (const { from, to } of unprinted) {
      if (from.context.printerWasReady) expect(to.context.staffCallOpen).toBe(true);
      else expect(to.context.staffCallOpen).toBe(from.context.staffCallOpen);
    }
    // When the ticket is asked for, it says whether the printer was then reported working.
    for (const t of transitions.filter(
      (t) => t.to.matches('issuing') && !t.from.matches('issuing'),
    )) {
      expect(t.to.context.printerWasReady).toBe(t.from.context.printerAvailable);
    }
  });

  it('has the agent read the card reader exactly while the card step is shown', () => {
    const identify = (s: Machine) => s.matches({ session: 'identify' });
    expect(nodes.filter(identify).length).toBeGreaterThan(3);
    for (const w of walk.worlds) expect(w.watching, leaf(w.machine)).toBe(identify(w.machine));
  });

  it('says on the card step what its hint shows, the reader not working included, however it got there', () => {
    const intoCardStep = walk.transitions.filter(
      (t) => t.to.machine.matches({ session: 'identify' }) && t.to.machine.context.readAloud,
    );
    const hints = new Set(intoCardStep.map((t) => t.to.machine.context.cardHint));
    expect([...hints]).toEqual(expect.arrayContaining(['none', 'reader-unavailable']));
    for (const { from, step, to } of intoCardStep) {
      const { cardHint, language } = to.machine.context;
      expect(to.said, `${leaf(from.machine)} --${describeStep(step)}--> ${cardHint}`).toBe(
        translate(language, cardStepSpeech(cardHint, IDENTIFY_SPEECH)),
      );
    }
  });

  it('names exactly one screen, by meta, in every state the flow rests in', () => {
    const screens = new Set(nodes.map((s) => screenMeta(s).screen));
    expect([...screens].sort()).toEqual([
      'ask-priority',
      'choose-service',
      'enter-id-number',
      'home',
      'identify',
      'idle-warning',
      'issue-failed',
      'issuing',
      'out-of-service',
      'printer-out',
      'reprinting',
      'slip-not-printed',
      'ticket-shown',
    ]);
  });

  it('wipes all personal data and restores the defaults on every way back to the home screen', () => {
    const intoHome = transitions.filter((t) => t.to.matches('home') && !t.from.matches('home'));
    expect(intoHome.length).toBeGreaterThan(5);
    expect(intoHome.filter((t) => changedSettings(t.from)).length).toBeGreaterThan(5);
    for (const t of intoHome) {
      expect(t.to.context, `${leaf(t.from)} --${describeStep(t.step)}--> home`).toMatchObject({
        holder: null,
        serviceId: null,
        priority: null,
        ticket: null,
        print: null,
        reprintFailed: false,
        idNumber: '',
        idNumberProblem: null,
        requestId: null,
        startedAt: null,
        readAloud: false,
        textScale: 0,
        volume: 0,
        theme: 'default',
        staffNotice: 'none',
        staffCallOpen: false,
      });
    }
  });

  it('asks for a ticket only with a chosen service and a request id, and gives age priority only from the card or a checked ID number', () => {
    const intoIssuing = transitions.filter((t) => t.to.matches('issuing'));
    expect(intoIssuing.length).toBeGreaterThan(0);
    for (const { from, to } of intoIssuing) {
      const { context } = to;
      expect(context.serviceId).toBe('social-security');
      expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
      // Where priority was decided; from issuing or a failed issue it was decided before.
      const deciding = !from.matches('issuing') && !from.matches({ session: 'issueFailed' });
      if (deciding && context.priority === 'age') {
        const byNumber = from.matches({ session: 'enterIdNumber' });
        expect(byNumber || context.holder?.priorityByAge).toBe(true);
      }
      if (context.holder?.priorityByAge) expect(context.priority).toBe('age');
    }
  });

  it('prints a slip again only when the resident asks, with the printer reported ready', () => {
    const intoReprinting = transitions.filter(
      (t) =>
        t.to.matches({ session: { slipNotPrinted: 'reprinting' } }) &&
        !t.from.matches({ session: { slipNotPrinted: 'reprinting' } }),
    );
    expect(intoReprinting.length).toBeGreaterThan(0);
    for (const t of intoReprinting) {
      expect(describeStep(t.step)).toBe(JSON.stringify({ type: 'REPRINT' }));
      expect(t.from.context.printerAvailable).toBe(true);
    }
  });

  it('keeps the number on screen until the resident is done or gone, whatever the printer does', () => {
    const slipScreens = nodes.filter((s) => s.matches({ session: 'slipNotPrinted' }));
    expect(slipScreens.length).toBeGreaterThan(3);
    for (const s of slipScreens) expect(s.context.ticket?.number).toBe('A001');
  });

  it('keeps a typed ID number only on the keypad step, and never in a ticket request', () => {
    for (const s of nodes) {
      if (!s.matches({ session: 'enterIdNumber' }) && !s.matches('idleWarning')) {
        expect(s.context.idNumber, leaf(s)).toBe('');
      }
    }
    const byNumber = transitions.filter(
      (t) => t.from.matches({ session: 'enterIdNumber' }) && t.to.matches('issuing'),
    );
    expect(byNumber.length).toBeGreaterThan(0);
    for (const { to } of byNumber) expect(to.context.priority).toBe('age');
  });
});
