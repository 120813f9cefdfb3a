import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import type { TicketRequest, TicketResponse } from '../../agent/types.js';
import type { EndReason } from '../idle.js';
import { screenMeta } from '../screen.js';
import { takeTicketMachine } from '../take-ticket/machine.js';
import { rateMachine } from '../rate/machine.js';
import { applyMachine } from '../apply/machine.js';
import { STAFF_CALL_WINDOW_MS } from '../header.js';
import { SERVICE as APPLICATION } from '../apply/form.fixture.js';
import { CATALOGUE, QUEUES, SCREEN_HEIGHT_MM, COMMUNITY } from './catalogue.fixture.js';
import type { SessionEvent } from './context.js';
import { sessionMachine } from './machine.js';
import { guidePage, guidePageSpeech, listPage } from './views.js';

const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, ticketShownMs: 20_000 };

/** The session with the real take-ticket flow under it, the agent faked above its client. */
/** From home, in standard mode, to the guide of 社保卡 in 人社. */
function openGuide(actor: { send: (event: SessionEvent) => void }): void {
  actor.send({ type: 'START' });
  actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
  actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'human-resources' });
  actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security-card' });
}

function harness(ticketFails = false, catalogue = CATALOGUE) {
  const clock = new SimulatedClock();
  const requests: TicketRequest[] = [];
  const ended: EndReason[] = [];
  const spoken: string[] = [];
  const started: string[] = [];
  /** The screens staff were called from, in every flow: each is a call the agent gets. */
  const staffCalls: string[] = [];
  const callStaff = (_: unknown, params: { screen: string }) => void staffCalls.push(params.screen);
  const takeTicket = takeTicketMachine.provide({
    actors: {
      issueTicket: fromPromise<TicketResponse, TicketRequest>(async ({ input }) => {
        requests.push(input);
        if (ticketFails) throw new Error('agent unreachable');
        return {
          ticket: {
            number: 'B001',
            serviceName: '医保业务',
            priority: input.priority,
            waitingAhead: 0,
            issuedAt: '2026-11-26T09:00:00+08:00',
          },
          print: { ok: true },
        };
      }),
    },
    actions: {
      sessionEnded: (_, params) => ended.push(`ticket:${params.reason}` as EndReason),
      speak: (_, params) => spoken.push(params.text),
      callStaff,
    },
  });
  const machine = sessionMachine.provide({
    actors: {
      takeTicket,
      rate: rateMachine.provide({ actions: { callStaff } }),
      apply: applyMachine.provide({ actions: { callStaff } }),
    },
    actions: {
      sessionStarted: () => started.push('started'),
      sessionEnded: (_, params) => ended.push(params.reason),
      speak: (_, params) => spoken.push(params.text),
      callStaff,
    },
  });
  const actor = createActor(machine, {
    input: {
      catalogue,
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
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  const child = () => actor.getSnapshot().children.takeTicket;
  const childScreen = () => {
    const ref = child();
    return ref ? screenMeta(ref.getSnapshot()).screen : null;
  };
  return { actor, clock, requests, ended, spoken, started, staffCalls, screen, child, childScreen };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('sessionMachine', () => {
  it('goes from home through elder mode, a category and a service to its guide', () => {
    const { actor, screen, started } = harness();
    expect(screen()).toBe('home');
    actor.send({ type: 'START' });
    expect(started).toEqual(['started']);
    expect(screen()).toBe('choose-mode');
    actor.send({ type: 'CHOOSE_MODE', mode: 'elder' });
    expect(actor.getSnapshot().context).toMatchObject({
      mode: 'elder',
      textScale: 2,
      timing: { idleTimeoutMs: 240_000, warningMs: 60_000 },
    });
    expect(screen()).toBe('catalogue');
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    expect(screen()).toBe('category-services');
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    expect(screen()).toBe('service-guide');
    expect(actor.getSnapshot().context.serviceId).toBe('out-of-area');
  });

  it('reads a guide when read-aloud is turned on there, and again in a new language', () => {
    const { actor, spoken } = harness();
    const context = () => actor.getSnapshot().context;
    openGuide(actor);
    actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(spoken).toEqual([guidePageSpeech(context())]);
    // 重听 says the last text: after 中文 → English it must be the English one.
    actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(context().language).toBe('en');
    expect(spoken).toEqual([spoken[0], guidePageSpeech(context())]);
    expect(spoken[1]).not.toBe(spoken[0]);
  });

  it('reads a guide without doubled stops where its own sentences end', () => {
    const { actor, spoken } = harness();
    openGuide(actor);
    actor.send({ type: 'TOGGLE_READ_ALOUD' });
    actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(spoken).toHaveLength(2);
    expect(spoken[0]).toContain('。');
    for (const text of spoken) expect(text).not.toMatch(/[。.；;][。.；;]/u);
  });

  it('refuses a category or service that is not on the screen', () => {
    const { actor, screen } = harness();
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'no-such-category' });
    expect(screen()).toBe('catalogue');
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'human-resources' });
    // A service of another category is not on this list.
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    expect(screen()).toBe('category-services');
  });

  it('pages a long list and a long guide, only as far as they go', () => {
    const { actor } = harness();
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'elder' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    const list = () => listPage(actor.getSnapshot().context);
    expect(list().count).toBeGreaterThan(1);
    actor.send({ type: 'PREVIOUS_PAGE' });
    expect(list().index).toBe(0);
    for (let i = 0; i < 10; i++) actor.send({ type: 'NEXT_PAGE' });
    expect(list().index).toBe(list().count - 1);
    expect(actor.getSnapshot().context.pages.list).toBe(list().count - 1);
    const last = list().items.at(-1)!;
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: last.id });
    const guide = () => guidePage(actor.getSnapshot().context);
    expect(guide().count).toBeGreaterThan(1);
    actor.send({ type: 'NEXT_PAGE' });
    expect(guide().index).toBe(1);
    // 返回 comes back to the list where the resident left it.
    actor.send({ type: 'BACK' });
    expect(list().index).toBe(list().count - 1);
  });

  it('searches by the initials typed on the keypad and comes back to the results from a guide', () => {
    const { actor, screen } = harness();
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    actor.send({ type: 'OPEN_SEARCH' });
    actor.send({ type: 'SHOW_RESULTS' });
    expect(screen()).toBe('search');
    for (const letter of ['Y', 'D', 'x', '1', 'J']) actor.send({ type: 'TYPE_LETTER', letter });
    expect(actor.getSnapshot().context.query).toBe('YDJ');
    actor.send({ type: 'DELETE_LETTER' });
    actor.send({ type: 'TYPE_LETTER', letter: 'J' });
    actor.send({ type: 'SHOW_RESULTS' });
    expect(screen()).toBe('search-results');
    expect(listPage(actor.getSnapshot().context).items.map((s) => s.id)).toEqual(['out-of-area']);
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    actor.send({ type: 'BACK' });
    expect(screen()).toBe('search-results');
    actor.send({ type: 'BACK' });
    actor.send({ type: 'TYPE_LETTER', letter: 'Q' });
    actor.send({ type: 'SHOW_RESULTS' });
    expect(screen()).toBe('search');
  });

  it('hands a guide\u2019s ticket to the take-ticket flow on its queue, in the resident\u2019s settings, and goes home after', async () => {
    const h = harness();
    const { actor } = h;
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'elder' });
    actor.send({ type: 'TOGGLE_READ_ALOUD' });
    actor.send({ type: 'NEXT_VOLUME' });
    actor.send({ type: 'TOGGLE_THEME' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    actor.send({ type: 'TAKE_TICKET' });
    expect(h.screen()).toBe('take-ticket');
    expect(h.childScreen()).toBe('identify');
    const child = h.child()!;
    const childContext = () => child.getSnapshot().context;
    expect(childContext()).toMatchObject({
      serviceId: 'medical-insurance',
      textScale: 2,
      readAloud: true,
      theme: 'high-contrast',
      volume: 1,
    });
    // The level was said when the resident chose it, not again on the way into taking a ticket.
    expect(h.spoken.filter((text) => text === '音量：大')).toHaveLength(1);
    child.send({ type: 'SKIP_CARD' });
    child.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await settle();
    expect(h.childScreen()).toBe('ticket-shown');
    expect(h.requests.map((r) => r.serviceId)).toEqual(['medical-insurance']);
    child.send({ type: 'DONE' });
    expect(h.ended).toEqual(['ticket:finished']);
    // 好差评 of the queue, in the resident's settings; skipping it ends the session.
    expect(h.screen()).toBe('rate');
    const rate = actor.getSnapshot().children.rate!;
    expect(rate.getSnapshot().context).toMatchObject({
      serviceId: 'medical-insurance',
      outcome: 'ticket-issued',
      textScale: 2,
      readAloud: true,
      theme: 'high-contrast',
      volume: 1,
    });
    rate.send({ type: 'SKIP' });
    expect(h.screen()).toBe('home');
    expect(actor.getSnapshot().children.rate).toBeUndefined();
    expect(actor.getSnapshot().context).toMatchObject({
      textScale: 0,
      readAloud: false,
      theme: 'default',
      volume: 0,
      mode: 'standard',
    });
    expect(actor.getSnapshot().children.takeTicket).toBeUndefined();
  });

  it('offers a rating on leaving a guide by 首页: read to the end, or left midway', () => {
    const h = harness();
    const { actor } = h;
    const openGuide = () => {
      actor.send({ type: 'START' });
      actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
      actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
      actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    };
    const offered = () => actor.getSnapshot().children.rate?.getSnapshot().context;

    openGuide();
    expect(guidePage(actor.getSnapshot().context).hasNext).toBe(true);
    actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('rate');
    expect(offered()).toMatchObject({ serviceId: 'out-of-area', outcome: 'left-midway' });
    actor.getSnapshot().children.rate!.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');

    openGuide();
    while (guidePage(actor.getSnapshot().context).hasNext) actor.send({ type: 'NEXT_PAGE' });
    // Turning back does not undo having read it to the end.
    actor.send({ type: 'PREVIOUS_PAGE' });
    actor.send({ type: 'CANCEL' });
    expect(offered()).toMatchObject({ serviceId: 'out-of-area', outcome: 'guide-read' });
  });

  it('asks for a rating when a counter requests one, but only while the kiosk is idle', () => {
    const h = harness();
    const { actor } = h;
    actor.send({ type: 'START' });
    actor.send({ type: 'RATING_REQUESTED', serviceId: 'social-security' });
    expect(h.screen()).not.toBe('rate');
    actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');

    actor.send({ type: 'RATING_REQUESTED', serviceId: 'social-security' });
    expect(h.screen()).toBe('rate');
    expect(actor.getSnapshot().children.rate?.getSnapshot().context).toMatchObject({
      serviceId: 'social-security',
      outcome: 'served-at-counter',
    });
  });

  it('offers no rating before a service was started, after 返回 out of a guide, or when the resident has gone', () => {
    const h = harness();
    const { actor } = h;
    actor.send({ type: 'START' });
    actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');

    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    actor.send({ type: 'BACK' });
    actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');

    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    h.clock.increment(timing.idleTimeoutMs);
    h.clock.increment(timing.warningMs);
    expect(h.screen()).toBe('home');

    // The take-ticket flow timing out on its idle warning: nobody to ask.
    actor.send({ type: 'TAKE_TICKET' });
    h.child()!.send({ type: 'CHOOSE_SERVICE', serviceId: 'medical-insurance' });
    h.clock.increment(timing.idleTimeoutMs);
    h.clock.increment(timing.warningMs);
    expect(h.screen()).toBe('home');
  });

  it('says the terminal is out of service before a resident starts a ticket it cannot record', () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'TAKE_TICKET' });
    expect(h.childScreen()).toBe('out-of-service');
    h.child()!.send({ type: 'SERVICE_AVAILABILITY', available: true });
    // The resident came for a ticket: on to the queues, still their session.
    expect(h.screen()).toBe('take-ticket');
    expect(h.childScreen()).toBe('choose-service');
    expect(h.requests).toEqual([]);
  });

  /** A resident with every setting changed asks for a ticket the terminal cannot record. */
  const outOfServiceFromGuide = () => {
    const h = harness();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    h.actor.send({ type: 'TOGGLE_THEME' });
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    h.actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'out-of-area' });
    h.actor.send({ type: 'TAKE_TICKET' });
    expect(h.childScreen()).toBe('out-of-service');
    expect(h.child()!.getSnapshot().context).toMatchObject({
      textScale: 1,
      volume: 1,
      language: 'en',
    });
    return h;
  };

  const defaults = {
    readAloud: false,
    textScale: 0,
    volume: 0,
    theme: 'default',
    language: 'zh-CN',
    mode: 'standard',
    serviceId: null,
    ticketServiceId: null,
    ticketUnderway: false,
    startedAt: null,
  };

  it('takes a resident who meets the out-of-service screen home by 返回首页, ending the session', () => {
    const h = outOfServiceFromGuide();
    // The guide's queue went with them: once back, the terminal would go on to it.
    expect(h.child()!.getSnapshot().context.serviceId).toBe('medical-insurance');
    h.child()!.send({ type: 'CANCEL' });
    // They gave up on a service: 好差评 of it is offered, never forced.
    expect(h.screen()).toBe('rate');
    const rate = h.actor.getSnapshot().children.rate!;
    expect(rate.getSnapshot().context).toMatchObject({
      serviceId: 'medical-insurance',
      outcome: 'left-midway',
      language: 'en',
    });
    rate.send({ type: 'SKIP' });
    expect(h.screen()).toBe('home');
    expect(h.actor.getSnapshot().children.takeTicket).toBeUndefined();
    expect(h.actor.getSnapshot().context).toMatchObject(defaults);
    // The agent is told, which drops any card it holds for an application.
    expect(h.ended).toEqual(['ticket:cancelled']);
  });

  it('warns on the out-of-service screen like any step, then resets the kiosk when nobody answers', () => {
    const h = outOfServiceFromGuide();
    h.clock.increment(timing.idleTimeoutMs);
    expect(h.childScreen()).toBe('idle-warning');
    h.clock.increment(timing.warningMs);
    expect(h.screen()).toBe('home');
    expect(h.actor.getSnapshot().children.takeTicket).toBeUndefined();
    expect(h.actor.getSnapshot().context).toMatchObject(defaults);
    expect(h.ended).toEqual(['ticket:timeout']);
  });

  /** The catalogue with an application (申请) in 民政, its guide open. */
  const applicationGuide = () => {
    // The fixture's 高龄津贴申领, taking applications at the kiosk.
    const withApplication = {
      ...CATALOGUE,
      services: CATALOGUE.services.map((s) =>
        s.id === APPLICATION.id ? { ...s, application: APPLICATION.application } : s,
      ),
    };
    const h = harness(false, withApplication);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    h.actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'civil-affairs' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: APPLICATION.id });
    expect(h.screen()).toBe('service-guide');
    return h;
  };

  it('says applications cannot be taken before a resident starts one the terminal cannot record', () => {
    const h = applicationGuide();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'APPLY' });
    expect(h.screen()).toBe('apply-out-of-service');
    expect(h.actor.getSnapshot().children.apply).toBeUndefined();
    expect(h.spoken.at(-1)).toContain('不能收申请');
    // 返回上一步: the guide again, which can still be read.
    h.actor.send({ type: 'BACK' });
    expect(h.screen()).toBe('service-guide');
    h.actor.send({ type: 'APPLY' });
    expect(h.screen()).toBe('apply-out-of-service');
    // Once the agent can record again, the resident goes on to the application they asked for.
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: true });
    expect(h.screen()).toBe('apply');
    expect(h.actor.getSnapshot().children.apply).toBeDefined();
  });

  it('starts an application with the reader as the agent last reported it', () => {
    const h = applicationGuide();
    h.actor.send({
      type: 'AGENT_RESYNC',
      serviceAvailable: true,
      readerAvailable: false,
      printerAvailable: true,
    });
    h.actor.send({ type: 'APPLY' });
    const apply = h.actor.getSnapshot().children.apply!;
    // Its card step shows, and says, that the reader cannot be used from the first moment.
    expect(apply.getSnapshot().context).toMatchObject({
      readerAvailable: false,
      cardHint: 'reader-unavailable',
    });
  });

  it('tells a ticket taken from a guide that the reader is faulted before its card step speaks', () => {
    const h = harness();
    openGuide(h.actor);
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'TAKE_TICKET' });
    expect(h.childScreen()).toBe('identify');
    expect(h.child()!.getSnapshot().context.cardHint).toBe('reader-unavailable');
    expect(h.spoken.at(-1)).toContain('读卡器暂时不能使用');
    expect(h.spoken.filter((text) => text.startsWith('请将身份证放在读卡区'))).toEqual([]);
  });

  it('starts an application at once while the terminal can record it', () => {
    const h = applicationGuide();
    h.actor.send({ type: 'APPLY' });
    expect(h.screen()).toBe('apply');
  });

  it('warns on the applications-paused screen like any step, and 首页 ends the session', () => {
    const h = applicationGuide();
    h.actor.send({ type: 'SERVICE_AVAILABILITY', available: false });
    h.actor.send({ type: 'APPLY' });
    h.clock.increment(timing.idleTimeoutMs);
    expect(h.screen()).toBe('idle-warning');
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('apply-out-of-service');
    h.actor.send({ type: 'CANCEL' });
    expect(['rate', 'home']).toContain(h.screen());
    expect(h.ended).toEqual(['cancelled']);
  });

  it('offers no ticket from a guide whose service has none', () => {
    const { actor, screen } = harness();
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'standard' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'e-voucher' });
    actor.send({ type: 'TAKE_TICKET' });
    expect(screen()).toBe('service-guide');
  });

  it('takes a ticket straight from home on the queue list, as before', () => {
    const h = harness();
    h.actor.send({ type: 'TAKE_TICKET' });
    expect(h.childScreen()).toBe('choose-service');
    h.child()!.send({ type: 'BACK' });
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['ticket:cancelled']);
  });

  it('warns when idle, resumes the step on continue, and goes home with the settings reset', () => {
    const { actor, clock, screen, ended } = harness();
    actor.send({ type: 'START' });
    actor.send({ type: 'CHOOSE_MODE', mode: 'elder' });
    actor.send({ type: 'CHOOSE_CATEGORY', categoryId: 'medical-insurance' });
    clock.increment(120_000);
    expect(screen()).toBe('category-services');
    // Elder mode's pace: twice the time.
    clock.increment(120_000);
    expect(screen()).toBe('idle-warning');
    actor.send({ type: 'CONTINUE' });
    expect(screen()).toBe('category-services');
    clock.increment(240_000);
    clock.increment(60_000);
    expect(screen()).toBe('home');
    expect(ended).toEqual(['timeout']);
    expect(actor.getSnapshot().context).toMatchObject({
      textScale: 0,
      categoryId: null,
      timing: { idleTimeoutMs: 120_000 },
    });
  });

  it('warns a resident who walks away from a failed ticket, then resets the kiosk with no rating', async () => {
    const h = harness(true);
    const { actor, clock } = h;
    actor.send({ type: 'TAKE_TICKET' });
    const child = h.child()!;
    child.send({ type: 'NEXT_TEXT_SIZE' });
    child.send({ type: 'TOGGLE_READ_ALOUD' });
    child.send({ type: 'CHOOSE_SERVICE', serviceId: 'medical-insurance' });
    child.send({ type: 'SKIP_CARD' });
    child.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await settle();
    expect(h.childScreen()).toBe('issue-failed');
    clock.increment(120_000);
    expect(h.childScreen()).toBe('idle-warning');
    // 继续办理 is back where the resident was.
    h.child()!.send({ type: 'CONTINUE' });
    expect(h.childScreen()).toBe('issue-failed');
    clock.increment(120_000);
    clock.increment(30_000);
    // Nobody is there to rate: home, for the next resident, in the defaults.
    expect(h.screen()).toBe('home');
    expect(actor.getSnapshot().context).toMatchObject({ textScale: 0, readAloud: false });
  });

  it('goes home from any step with 首页, and back step by step with 返回', () => {
    const { actor, screen, ended } = harness();
    openGuide(actor);
    const back = ['category-services', 'catalogue', 'choose-mode', 'home'];
    for (const expected of back) {
      actor.send({ type: 'BACK' });
      expect(screen()).toBe(expected);
    }
    actor.send({ type: 'START' });
    actor.send({ type: 'CANCEL' });
    expect(screen()).toBe('home');
    expect(ended).toEqual(['cancelled', 'cancelled']);
  });

  describe('the resident\u2019s call for staff, which goes with them from flow to flow', () => {
    const staffOf = (ref: { getSnapshot(): unknown } | undefined) =>
      (ref?.getSnapshot() as { context: Record<string, unknown> } | undefined)?.context;
    const answered = { type: 'STAFF_CALL_ANSWERED', sent: true } as const;
    const coming = { type: 'STAFF_COMING', counterName: '2号窗口 医保' } as const;

    it('is not made again when a resident who called on a guide goes on to take a ticket', () => {
      const h = harness();
      openGuide(h.actor);
      h.actor.send({ type: 'CALL_STAFF' });
      h.actor.send(answered);
      h.actor.send({ type: 'TAKE_TICKET' });
      expect(staffOf(h.child())).toMatchObject({ staffNotice: 'sent', staffCallOpen: true });
      h.child()!.send({ type: 'CALL_STAFF' });
      expect(h.staffCalls).toEqual(['service-guide']);
      // The counter's answer to that call is said where the resident now is.
      h.child()!.send(coming);
      expect(staffOf(h.child())).toMatchObject({
        staffNotice: 'coming',
        staffComingFrom: '2号窗口 医保',
      });
      // The window runs on in the take-ticket flow: after it, a tap is a new call.
      h.clock.increment(STAFF_CALL_WINDOW_MS);
      h.child()!.send({ type: 'CALL_STAFF' });
      expect(h.staffCalls).toEqual(['service-guide', 'identify']);
    });

    it('goes on into the rating when the take-ticket flow ends, where who is coming is said', () => {
      const h = harness();
      h.actor.send({ type: 'TAKE_TICKET' });
      h.child()!.send({ type: 'CHOOSE_SERVICE', serviceId: QUEUES[0]!.id });
      h.child()!.send({ type: 'CALL_STAFF' });
      h.child()!.send(answered);
      h.child()!.send({ type: 'CANCEL' });
      expect(h.screen()).toBe('rate');
      const rate = () => h.actor.getSnapshot().children.rate;
      expect(staffOf(rate())).toMatchObject({ staffNotice: 'sent', staffCallOpen: true });
      rate()!.send({ type: 'CALL_STAFF' });
      expect(h.staffCalls).toHaveLength(1);
      h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
      rate()!.send(coming);
      expect(staffOf(rate())).toMatchObject({ staffNotice: 'coming' });
    });

    it('goes into an application and back to its guide, whose window then runs again', () => {
      const h = applicationGuide();
      h.actor.send({ type: 'CALL_STAFF' });
      h.actor.send(answered);
      h.actor.send({ type: 'APPLY' });
      const apply = () => h.actor.getSnapshot().children.apply;
      expect(staffOf(apply())).toMatchObject({ staffNotice: 'sent', staffCallOpen: true });
      apply()!.send(coming);
      // 返回上一步 on the application's first step: the guide, still saying who is coming.
      apply()!.send({ type: 'BACK' });
      expect(h.screen()).toBe('service-guide');
      expect(h.actor.getSnapshot().context).toMatchObject({
        staffNotice: 'coming',
        staffComingFrom: '2号窗口 医保',
        staffCallOpen: true,
      });
      h.actor.send({ type: 'CALL_STAFF' });
      expect(h.staffCalls).toHaveLength(1);
      h.clock.increment(STAFF_CALL_WINDOW_MS);
      h.actor.send({ type: 'CALL_STAFF' });
      expect(h.staffCalls).toEqual(['service-guide', 'service-guide']);
    });

    it('goes with a resident who called on home only while its window is open', () => {
      const h = harness();
      h.actor.send({ type: 'CALL_STAFF' });
      h.actor.send(answered);
      h.actor.send({ type: 'TAKE_TICKET' });
      expect(staffOf(h.child())).toMatchObject({ staffNotice: 'sent', staffCallOpen: true });

      // Called on home by someone who did not stay: whoever starts later knows nothing of it.
      const later = harness();
      later.actor.send({ type: 'CALL_STAFF' });
      later.actor.send(answered);
      later.actor.send(coming);
      later.clock.increment(STAFF_CALL_WINDOW_MS);
      later.actor.send({ type: 'TAKE_TICKET' });
      expect(staffOf(later.child())).toMatchObject({ staffNotice: 'none', staffComingFrom: '' });
      later.child()!.send(coming);
      expect(staffOf(later.child())).toMatchObject({ staffNotice: 'none' });
    });

    it('is not handed to a rating a counter asks for: that resident is not whoever called', () => {
      const h = harness();
      h.actor.send({ type: 'CALL_STAFF' });
      h.actor.send(answered);
      h.actor.send({ type: 'RATING_REQUESTED', serviceId: 'social-security' });
      expect(h.screen()).toBe('rate');
      const rate = h.actor.getSnapshot().children.rate;
      expect(staffOf(rate)).toMatchObject({ staffNotice: 'none', staffCallOpen: false });
    });

    it('is not handed on once the resident has gone: the next one starts with none', () => {
      const h = harness();
      openGuide(h.actor);
      h.actor.send({ type: 'CALL_STAFF' });
      h.actor.send(answered);
      // 返回 step by step to home: the session ends there.
      for (let i = 0; i < 4; i++) h.actor.send({ type: 'BACK' });
      expect(h.screen()).toBe('home');
      h.actor.send({ type: 'TAKE_TICKET' });
      expect(staffOf(h.child())).toMatchObject({ staffNotice: 'none', staffCallOpen: false });
      h.child()!.send(coming);
      expect(staffOf(h.child())).toMatchObject({ staffNotice: 'none' });
    });
  });
});
