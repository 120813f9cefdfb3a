import { describe, expect, it } from 'vitest';
import {
  assign,
  createActor,
  setup,
  SimulatedClock,
  type AnyActorRef,
  type SnapshotFrom,
} from 'xstate';
import { answerCall, heldCall, walkModel } from '../model-walk.fixture.js';
import { screenMeta } from '../screen.js';
import { SERVICE as APPLICATION } from '../apply/form.fixture.js';
import { CATALOGUE, QUEUES, SCREEN_HEIGHT_MM, COMMUNITY } from './catalogue.fixture.js';
import { GUIDE_PRINTS_PER_GUIDE, printsOfGuide, type SessionEvent } from './context.js';
import {
  HEADER_DEFAULTS,
  settingsOf,
  staffCallCarried,
  staffCallOf,
  type HeaderEvent,
  type HeaderSettings,
  type StaffCall,
  type Theme,
} from '../header.js';
import type { Language } from '../../i18n/languages.js';
import { sessionMachine } from './machine.js';

/**
 * Model-based checks, walked as take-ticket's are: every step the world can take (the
 * resident's taps, time passing by each named delay, the take-ticket flow finishing), from
 * every state reached, replayed on a fresh actor with a simulated clock. The take-ticket flow
 * has its own walk; here a stand-in records what the session hands it.
 */
type Machine = SnapshotFrom<typeof sessionMachine>;

const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, ticketShownMs: 20_000 };

interface Handed extends StaffCall {
  serviceId: string | null;
  taps: string[];
  /** What the session reads back from the take-ticket flow's context. */
  ticket: object | null;
  readAloud: boolean;
  textScale: number;
  theme: Theme;
  language: Language;
  volume: number;
}

const standInTicket = { number: 'B001' };

const standIn = setup({
  types: {
    context: {} as Handed,
    events: {} as { type: string; serviceId?: string },
  },
});
const record = standIn.assign({ taps: ({ context, event }) => [...context.taps, event.type] });
type CallCarried = Extract<HeaderEvent, { type: 'STAFF_CALL_CARRIED' }>;
/** The resident's staff call, as a flow the session hands over to takes it. */
const carried = (event: { type: string }): Partial<StaffCall> =>
  event.type === 'STAFF_CALL_CARRIED' ? staffCallOf((event as CallCarried).call) : {};
const ticketFlowStandIn = standIn.createMachine({
  context: {
    serviceId: null,
    taps: [],
    ticket: null,
    readAloud: false,
    textScale: 0,
    theme: 'default',
    language: 'zh-CN',
    volume: 0,
    ...staffCallOf(HEADER_DEFAULTS),
  },
  initial: 'home',
  on: {
    '*': { actions: record },
    STAFF_CALL_CARRIED: {
      actions: [record, standIn.assign(({ event }) => carried(event))],
    },
  },
  states: {
    home: { on: { START: { target: 'busy', actions: record } } },
    busy: {
      on: {
        CHOOSE_SERVICE: {
          actions: [record, assign({ serviceId: ({ event }) => event.serviceId ?? null })],
        },
        ISSUE: { actions: assign({ ticket: standInTicket }) },
        FINISH: 'home',
      },
    },
  },
});

type Step =
  | { type: 'tap'; event: SessionEvent }
  | { type: 'wait'; ms: number; label: string }
  /** Every header button at once, the staff call getting through. */
  | { type: 'header' }
  /** The take-ticket flow comes back to its home screen (a ticket shown and done, or cancelled). */
  | { type: 'ticket-flow-done' }
  /** The take-ticket flow issues a ticket. */
  | { type: 'ticket-issued' }
  /** The rate flow ends (rated, skipped or timed out: the session does not tell them apart). */
  | { type: 'rate-flow-done' }
  /** The apply flow ends: back to the guide (返回上一步 on its first step), or done. */
  | { type: 'apply-flow-done'; wentBack: boolean }
  /** The agent answers a guide's print: printed, or not (out of paper). */
  | { type: 'guide-print'; ok: boolean };

type World = {
  machine: Machine;
  handed: Handed | null;
  rated: unknown;
  /** The staff call the rate flow was handed, if any. */
  ratedCall: StaffCall | null;
  /** The apply flow's staff call, while it runs. */
  applying: StaffCall | null;
};

const rateStandIn = setup({
  types: {
    context: {} as { input: unknown; call: StaffCall | null },
    input: {} as unknown,
    events: {} as { type: 'FINISH' } | CallCarried,
  },
}).createMachine({
  context: ({ input }) => ({ input, call: null }),
  initial: 'open',
  on: {
    STAFF_CALL_CARRIED: {
      actions: assign({ call: ({ event }: { event: CallCarried }) => event.call }),
    },
  },
  states: { open: { on: { FINISH: 'done' } }, done: { type: 'final' } },
});

/**
 * The apply flow, as the session sees it: it starts with the resident's settings and staff call
 * and reports them back, runs (no application submitted: a rating would be of a service left part-way),
 * then ends back in the guide or done.
 */
const applyStandIn = setup({
  types: {
    context: {} as HeaderSettings &
      StaffCall & { receipt: null; wentBack: boolean; readerAvailable: boolean },
    input: {} as HeaderSettings & { readerAvailable: boolean },
    events: {} as { type: 'FINISH'; wentBack: boolean } | CallCarried,
    output: {} as { wentBack: boolean },
  },
}).createMachine({
  context: ({ input }) => ({
    ...settingsOf(input),
    ...staffCallOf(HEADER_DEFAULTS),
    readerAvailable: input.readerAvailable,
    receipt: null,
    wentBack: false,
  }),
  initial: 'open',
  on: { STAFF_CALL_CARRIED: { actions: assign(({ event }) => carried(event)) } },
  states: {
    open: {
      on: {
        FINISH: { target: 'done', actions: assign({ wentBack: ({ event }) => event.wentBack }) },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => ({ wentBack: context.wentBack }),
});

/** 异地就医备案 takes applications at the kiosk here, so its guide offers 申请 too. */
const MODEL_CATALOGUE = {
  ...CATALOGUE,
  services: CATALOGUE.services.map((s) =>
    s.id === 'out-of-area' ? { ...s, application: APPLICATION.application } : s,
  ),
};

const staffCalls: ((sent: boolean) => void)[] = [];
/** Every guide print the session asks the agent for, by its input. */
const guidePrints: unknown[] = [];
const walked = sessionMachine.provide({
  actors: {
    takeTicket: ticketFlowStandIn as never,
    rate: rateStandIn as never,
    apply: applyStandIn as never,
    printGuide: heldCall((input) => guidePrints.push(input)) as never,
  },
  actions: {
    callStaff: ({ self }) => {
      staffCalls.push((sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }));
    },
  },
});

function replay(steps: Step[]): World {
  const clock = new SimulatedClock();
  staffCalls.length = 0;
  const actor = createActor(walked, {
    input: {
      catalogue: MODEL_CATALOGUE,
      queues: QUEUES,
      screenHeightMm: SCREEN_HEIGHT_MM,
      portrait: false,
      timeZone: 'Asia/Shanghai',
      communityName: COMMUNITY,
      timing,
    },
    clock,
  });
  actor.start();
  for (const step of steps) {
    if (step.type === 'tap') actor.send(step.event);
    else if (step.type === 'wait') clock.increment(step.ms);
    else if (step.type === 'ticket-flow-done') {
      actor.getSnapshot().children.takeTicket?.send({ type: 'FINISH' } as never);
    } else if (step.type === 'ticket-issued') {
      actor.getSnapshot().children.takeTicket?.send({ type: 'ISSUE' } as never);
    } else if (step.type === 'rate-flow-done') {
      actor.getSnapshot().children.rate?.send({ type: 'FINISH' } as never);
    } else if (step.type === 'apply-flow-done') {
      actor
        .getSnapshot()
        .children.apply?.send({ type: 'FINISH', wentBack: step.wentBack } as never);
    } else if (step.type === 'guide-print') {
      answerCall(actor.getSnapshot().children.printGuide, () => ({
        ok: true,
        output: step.ok ? { ok: true } : { ok: false, reason: 'no-paper' },
      }));
    } else {
      actor.send({ type: 'TOGGLE_READ_ALOUD' });
      actor.send({ type: 'NEXT_TEXT_SIZE' });
      actor.send({ type: 'NEXT_VOLUME' });
      actor.send({ type: 'TOGGLE_THEME' });
      actor.send({ type: 'SET_LANGUAGE', language: 'en' });
      actor.send({ type: 'CALL_STAFF' });
      staffCalls.shift()?.(true);
    }
  }
  const machine = actor.getSnapshot();
  const child = machine.children.takeTicket?.getSnapshot() as { context: Handed } | undefined;
  const rating = machine.children.rate?.getSnapshot() as
    { context: { input: unknown; call: StaffCall | null } } | undefined;
  const applying = machine.children.apply?.getSnapshot() as { context: StaffCall } | undefined;
  actor.stop();
  return {
    machine,
    handed: child ? child.context : null,
    rated: rating ? rating.context.input : null,
    ratedCall: rating ? rating.context.call : null,
    applying: applying ? staffCallOf(applying.context) : null,
  };
}

const tap = (event: SessionEvent): Step => ({ type: 'tap', event });

const STEPS: Step[] = [
  tap({ type: 'START' }),
  tap({ type: 'TAKE_TICKET' }),
  tap({ type: 'CHOOSE_MODE', mode: 'standard' }),
  tap({ type: 'CHOOSE_MODE', mode: 'elder' }),
  tap({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' }),
  tap({ type: 'CHOOSE_CATEGORY', categoryId: 'not-in-catalogue' }),
  tap({ type: 'OPEN_SEARCH' }),
  tap({ type: 'TYPE_LETTER', letter: 'Y' }),
  tap({ type: 'TYPE_LETTER', letter: 'Q' }),
  tap({ type: 'DELETE_LETTER' }),
  tap({ type: 'SHOW_RESULTS' }),
  // On the 医保 list's first page and in the results of Y; with a ticket, and without.
  tap({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' }),
  tap({ type: 'CHOOSE_SERVICE', serviceId: 'e-voucher' }),
  tap({ type: 'NEXT_PAGE' }),
  tap({ type: 'PREVIOUS_PAGE' }),
  tap({ type: 'APPLY' }),
  tap({ type: 'BACK' }),
  tap({ type: 'CANCEL' }),
  tap({ type: 'CONTINUE' }),
  tap({ type: 'SERVICE_AVAILABILITY', available: false }),
  tap({ type: 'SERVICE_AVAILABILITY', available: true }),
  tap({ type: 'READER_AVAILABILITY', available: false }),
  tap({
    type: 'AGENT_RESYNC',
    serviceAvailable: true,
    readerAvailable: true,
    printerAvailable: true,
  }),
  tap({ type: 'TAKE_AWAY' }),
  tap({ type: 'PRINT_GUIDE' }),
  tap({ type: 'PRINTER_AVAILABILITY', available: false }),
  tap({ type: 'PRINTER_AVAILABILITY', available: true }),
  { type: 'guide-print', ok: true },
  { type: 'guide-print', ok: false },
  tap({ type: 'RATING_REQUESTED', serviceId: 'social-security' }),
  { type: 'header' },
  { type: 'ticket-flow-done' },
  { type: 'ticket-issued' },
  { type: 'rate-flow-done' },
  { type: 'apply-flow-done', wentBack: true },
  { type: 'apply-flow-done', wentBack: false },
  { type: 'wait', ms: timing.idleTimeoutMs, label: 'idleTimeout' },
  { type: 'wait', ms: timing.warningMs * 2, label: 'elder warning' },
];

const settingsChanged = ({ context }: Machine) =>
  context.readAloud ||
  context.textScale !== 0 ||
  context.theme !== 'default' ||
  context.language !== 'zh-CN' ||
  context.volume !== 0 ||
  context.staffNotice !== 'none' ||
  context.staffCallOpen;

const describeStep = (step: Step) =>
  step.type === 'tap'
    ? JSON.stringify(step.event)
    : `${step.type}${'label' in step ? ` ${step.label}` : ''}${'wentBack' in step ? ` ${step.wentBack ? 'back' : 'done'}` : ''}${'ok' in step ? ` ${step.ok ? 'printed' : 'not printed'}` : ''}`;

// What the walk tells apart: the screen, and only what that screen shows or leads back to, so
// the walk stays small. Settings count only as changed or not (the header is the same
// everywhere); the query only as empty, matching or not.
const serializeState = ({ machine: s, handed, rated }: World) => {
  const { context: c } = s;
  const at = (state: string) => s.matches({ browsing: state } as never);
  const listed = at('categoryServices') || at('searchResults') || at('guide');
  // The printer and the guide's prints matter only to the take-away: twice PRINT_GUIDE there
  // reaches the visit's last copy.
  const takingAway = at('takeAway');
  return JSON.stringify({
    value: s.value,
    mode: c.mode,
    settings: settingsChanged(s),
    category: listed && c.listSource === 'category' ? c.categoryId : null,
    query: c.query === '' ? 'empty' : c.query.includes('Q') ? 'no-match' : 'match',
    source: listed ? c.listSource : null,
    service: at('guide') || at('takeAway') ? c.serviceId : null,
    printer: takingAway ? c.printerAvailable : null,
    guidePrints: takingAway ? printsOfGuide(c) : null,
    guidePrint: takingAway ? c.guidePrint : null,
    categoryPage: at('categories') ? c.pages.categories : null,
    listPage: listed ? c.pages.list : null,
    guidePage: at('guide') ? c.pages.guide : null,
    serviceAvailable: c.serviceAvailable,
    readerAvailable: c.readerAvailable,
    handed: handed && {
      serviceId: handed.serviceId,
      taps: handed.taps.length,
      ticket: handed.ticket !== null,
    },
    offer: c.rateOffer,
    rated,
  });
};

const { worlds: nodes, transitions } = walkModel({
  replay,
  steps: STEPS,
  serializeState,
  describeStep,
});
const leaf = (s: Machine) => JSON.stringify(s.value);
const TAKE_AWAY = '{"browsing":{"takeAway":"shown"}}';
const PRINTING = '{"browsing":{"takeAway":"printing"}}';

describe('sessionMachine, every transition', () => {
  it('reaches every state of the flow', () => {
    const reached = new Set(nodes.map((n) => leaf(n.machine)));
    expect([...reached].sort()).toEqual(
      [
        '"home"',
        '{"browsing":"chooseMode"}',
        '{"browsing":"categories"}',
        '{"browsing":"categoryServices"}',
        '{"browsing":"search"}',
        '{"browsing":"searchResults"}',
        '{"browsing":"guide"}',
        '{"browsing":"applyOutOfService"}',
        TAKE_AWAY,
        PRINTING,
        '"idleWarning"',
        '"takeTicket"',
        '"applying"',
        '"rating"',
      ].sort(),
    );
    expect(transitions.length).toBeGreaterThan(1000);
  });

  it('takes every transition the machine declares, from every state that declares it', () => {
    // Each (state, event) the machine handles changes the world on some walked edge.
    const taken = new Set(
      transitions
        .filter((t) => serializeState(t.from) !== serializeState(t.to))
        .map(
          (t) =>
            `${leaf(t.from.machine)} ${t.step.type === 'tap' ? t.step.event.type : t.step.type}`,
        ),
    );
    const declared = [
      ['"home"', ['START', 'TAKE_TICKET', 'RATING_REQUESTED']],
      ['{"browsing":"chooseMode"}', ['CHOOSE_MODE', 'BACK', 'CANCEL']],
      [
        '{"browsing":"categories"}',
        ['CHOOSE_CATEGORY', 'OPEN_SEARCH', 'NEXT_PAGE', 'PREVIOUS_PAGE', 'BACK', 'CANCEL'],
      ],
      [
        '{"browsing":"categoryServices"}',
        ['CHOOSE_SERVICE', 'NEXT_PAGE', 'PREVIOUS_PAGE', 'BACK', 'CANCEL'],
      ],
      ['{"browsing":"search"}', ['TYPE_LETTER', 'DELETE_LETTER', 'SHOW_RESULTS', 'BACK', 'CANCEL']],
      ['{"browsing":"searchResults"}', ['CHOOSE_SERVICE', 'BACK', 'CANCEL']],
      [
        '{"browsing":"guide"}',
        [
          'NEXT_PAGE',
          'PREVIOUS_PAGE',
          'TAKE_TICKET',
          'APPLY',
          'TAKE_AWAY',
          'BACK',
          'CANCEL',
          'wait',
        ],
      ],
      [TAKE_AWAY, ['PRINT_GUIDE', 'PRINTER_AVAILABILITY', 'BACK', 'CANCEL', 'wait']],
      [PRINTING, ['guide-print', 'BACK', 'CANCEL', 'wait']],
      ['{"browsing":"applyOutOfService"}', ['SERVICE_AVAILABILITY', 'BACK', 'CANCEL', 'wait']],
      ['"idleWarning"', ['CONTINUE', 'CANCEL', 'wait']],
      ['"takeTicket"', ['ticket-flow-done', 'ticket-issued']],
      ['"rating"', ['rate-flow-done']],
      ['"applying"', ['apply-flow-done']],
    ] as const;
    for (const [state, events] of declared) {
      // The apply flow's screens have their own header: the page sends its taps to that flow.
      const header = state === '"applying"' ? [] : ['header'];
      for (const event of [...events, ...header]) {
        expect(taken, `${state} ${event}`).toContain(`${state} ${event}`);
      }
    }
  });

  it('names exactly one screen, by meta, in every state', () => {
    const screens = new Set(nodes.map((n) => screenMeta(n.machine).screen));
    expect([...screens].sort()).toEqual([
      'apply',
      'apply-out-of-service',
      'catalogue',
      'category-services',
      'choose-mode',
      'guide-printing',
      'guide-take-away',
      'home',
      'idle-warning',
      'rate',
      'search',
      'search-results',
      'service-guide',
      'take-ticket',
    ]);
  });

  it('wipes the choices and restores the defaults on every way home', () => {
    const intoHome = transitions.filter(
      (t) => t.to.machine.matches('home') && !t.from.machine.matches('home'),
    );
    expect(intoHome.filter((t) => settingsChanged(t.from.machine)).length).toBeGreaterThan(5);
    for (const t of intoHome) {
      expect(
        t.to.machine.context,
        `${leaf(t.from.machine)} --${describeStep(t.step)}--> home`,
      ).toMatchObject({
        mode: 'standard',
        categoryId: null,
        query: '',
        serviceId: null,
        ticketServiceId: null,
        ticketUnderway: false,
        pages: { categories: 0, list: 0, guide: 0 },
        startedAt: null,
        readAloud: false,
        textScale: 0,
        theme: 'default',
        language: 'zh-CN',
        volume: 0,
        staffNotice: 'none',
        staffCallOpen: false,
        guidePrint: null,
        guidePrints: {},
        timing,
      });
      // The agent's word on the printer outlives the resident.
      expect(t.to.machine.context.printerAvailable).toBe(t.from.machine.context.printerAvailable);
    }
  });

  it('hands the take-ticket flow the guide\u2019s queue, or none from home, with the resident\u2019s settings', () => {
    const intoTicket = transitions.filter(
      (t) => t.to.machine.matches('takeTicket') && !t.from.machine.matches('takeTicket'),
    );
    expect(intoTicket.length).toBeGreaterThan(3);
    const { context: set } =
      intoTicket.find((t) => t.from.machine.context.volume > 0)?.from.machine ?? {};
    expect(set, 'a hand-over with the volume and read-aloud set').toMatchObject({
      readAloud: true,
    });
    for (const { from, to } of intoTicket) {
      const fromGuide = from.machine.matches({ browsing: 'guide' });
      const service = CATALOGUE.services.find((s) => s.id === from.machine.context.serviceId);
      expect(to.handed?.serviceId).toBe(fromGuide ? service?.ticketServiceId : null);
      const { textScale, readAloud, theme, language, volume } = from.machine.context;
      const taps = to.handed?.taps ?? [];
      expect(taps.filter((tap) => tap === 'NEXT_TEXT_SIZE')).toHaveLength(textScale);
      expect(taps.filter((tap) => tap === 'NEXT_VOLUME')).toHaveLength(volume);
      // The level is set before read-aloud is on there, so it is not said again.
      if (volume > 0 && readAloud) {
        expect(taps.lastIndexOf('NEXT_VOLUME')).toBeLessThan(taps.indexOf('TOGGLE_READ_ALOUD'));
      }
      expect(to.handed?.taps.includes('TOGGLE_READ_ALOUD')).toBe(readAloud);
      expect(to.handed?.taps.includes('TOGGLE_THEME')).toBe(theme === 'high-contrast');
      expect(to.handed?.taps.includes('SET_LANGUAGE')).toBe(language === 'en');
      // Out of service is said before the resident starts.
      // So is a faulted reader, before the card step can ask for the card.
      const { serviceAvailable, readerAvailable } = from.machine.context;
      const first = [
        ...(serviceAvailable ? [] : ['SERVICE_AVAILABILITY']),
        ...(readerAvailable ? [] : ['READER_AVAILABILITY']),
        'START',
      ];
      expect(to.handed?.taps.slice(0, first.length)).toEqual(first);
    }
  });

  it('starts the apply flow with the reader as the agent last reported it', () => {
    const intoApplying = transitions.filter(
      (t) => t.to.machine.matches('applying') && !t.from.machine.matches('applying'),
    );
    const states = new Set(intoApplying.map((t) => t.to.machine.context.readerAvailable));
    expect([...states].sort()).toEqual([false, true]);
    for (const { to } of intoApplying) {
      const apply = to.machine.children.apply as AnyActorRef | undefined;
      expect(apply?.getSnapshot().context.readerAvailable).toBe(to.machine.context.readerAvailable);
    }
  });

  it('carries the resident\u2019s call for staff into each flow it hands over to, and none unmade', () => {
    const flows = ['takeTicket', 'applying', 'rating'] as const;
    const handOvers = transitions.filter(({ from, to }) =>
      flows.some((f) => to.machine.matches(f) && !from.machine.matches(f)),
    );
    const none = staffCallOf(HEADER_DEFAULTS);
    const called = handOvers.filter((t) => staffCallCarried(t.from.machine.context) !== null);
    expect(
      new Set(called.map((t) => JSON.stringify(t.to.machine.value))),
      'a call carried into each flow',
    ).toEqual(new Set(flows.map((f) => JSON.stringify(f))));
    for (const { from, to, step } of handOvers) {
      // From home only a call whose window is open, and never into a counter's rating.
      const passerBy =
        from.machine.matches('home') &&
        (!from.machine.context.staffCallOpen || describeStep(step).includes('RATING_REQUESTED'));
      const carried = staffCallCarried(from.machine.context)?.call ?? none;
      const expected = passerBy ? none : carried;
      const taken = to.machine.matches('takeTicket')
        ? staffCallOf(to.handed!)
        : to.machine.matches('applying')
          ? to.applying
          : (to.ratedCall ?? none);
      expect(taken).toEqual(expected);
    }
  });

  it(`prints a guide only while the printer works, at most ${GUIDE_PRINTS_PER_GUIDE} times, by its id alone`, () => {
    const asked = transitions.filter(
      (t) =>
        t.from.machine.matches({ browsing: { takeAway: 'shown' } }) &&
        describeStep(t.step).includes('PRINT_GUIDE'),
    );
    const refused = asked.filter(
      (t) => !t.to.machine.matches({ browsing: { takeAway: 'printing' } }),
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(asked.length).toBeGreaterThan(refused.length);
    for (const { from, to } of asked) {
      const { printerAvailable } = from.machine.context;
      const prints = printsOfGuide(from.machine.context);
      const printing = to.machine.matches({ browsing: { takeAway: 'printing' } });
      expect(printing).toBe(printerAvailable && prints < GUIDE_PRINTS_PER_GUIDE);
    }
    expect(guidePrints.length).toBeGreaterThan(0);
    for (const input of guidePrints) expect(Object.keys(input as object)).toEqual(['serviceId']);
  });

  it('offers a rating only after a service was started, about that service, or when a counter asks from home', () => {
    const intoRating = transitions.filter(
      (t) => t.to.machine.matches('rating') && !t.from.machine.matches('rating'),
    );
    expect(intoRating.length).toBeGreaterThan(3);
    for (const { from, to, step } of intoRating) {
      if (
        from.machine.matches({ browsing: 'guide' }) ||
        from.machine.matches({ browsing: 'applyOutOfService' }) ||
        from.machine.matches({ browsing: 'takeAway' })
      ) {
        expect(describeStep(step)).toBe('{"type":"CANCEL"}');
        expect(to.rated).toMatchObject({ serviceId: from.machine.context.serviceId });
      } else if (from.machine.matches('home')) {
        expect(describeStep(step)).toBe(
          '{"type":"RATING_REQUESTED","serviceId":"social-security"}',
        );
        expect(to.rated).toMatchObject({
          serviceId: 'social-security',
          outcome: 'served-at-counter',
        });
      } else if (from.machine.matches('applying')) {
        expect(describeStep(step)).toBe('apply-flow-done done');
        expect(to.rated).toMatchObject({
          serviceId: from.machine.context.serviceId,
          outcome: 'left-midway',
        });
      } else {
        expect(step.type).toBe('ticket-flow-done');
        expect(to.rated).toMatchObject({
          serviceId: from.handed?.serviceId,
          outcome: from.handed?.ticket ? 'ticket-issued' : 'left-midway',
        });
      }
    }
  });
});
