import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { TicketRequest, TicketResponse } from '../../agent/types.js';
import type { IdKey } from '../identify/id-entry.js';
import { screenMeta } from '../screen.js';
import { takeTicketMachine } from './machine.js';

const services = [{ id: 'social-security', name: '社保业务', ticketPrefix: 'A' }];
const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, ticketShownMs: 20_000 };
// Born 1949-12-31 (priority by age) and 1990-03-07 (not), both with the right check character.
const AGED = '11010519491231002X';
const YOUNGER = '110105199003070017';

function harness() {
  const clock = new SimulatedClock();
  const requests: TicketRequest[] = [];
  const spoken: string[] = [];
  const machine = takeTicketMachine.provide({
    actors: {
      issueTicket: fromPromise<TicketResponse, TicketRequest>(async ({ input }) => {
        requests.push(input);
        return {
          ticket: {
            number: 'A001',
            serviceName: '社保业务',
            priority: input.priority,
            waitingAhead: 0,
            issuedAt: '2026-11-26T09:00:00+08:00',
          },
          print: { ok: true },
        };
      }),
    },
    actions: { speak: (_, params) => spoken.push(params.text) },
  });
  const actor = createActor(machine, {
    input: { services, timeZone: 'Asia/Shanghai', timing },
    clock,
  });
  actor.start();
  actor.send({ type: 'TOGGLE_READ_ALOUD' });
  actor.send({ type: 'START' });
  actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
  actor.send({ type: 'ENTER_ID_NUMBER' });
  const type = (digits: string) => {
    for (const key of digits) actor.send({ type: 'ID_KEY', key: key as IdKey });
  };
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  const context = () => actor.getSnapshot().context;
  return { actor, clock, requests, spoken, type, screen, context };
}

describe('take-ticket: the ID number instead of the card', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 26, 10));
  });
  afterEach(() => vi.useRealTimers());

  it('names a wrong check digit, and takes the corrected number to a priority ticket by age', async () => {
    const h = harness();
    expect(h.screen()).toBe('enter-id-number');
    h.type('110105194912310021');
    h.actor.send({ type: 'ID_CONFIRM' });
    expect(h.screen()).toBe('enter-id-number');
    expect(h.context().idNumberProblem).toBe('check-digit');
    expect(h.spoken.at(-1)).toContain('最后一位校验码');
    h.actor.send({ type: 'ID_DELETE' });
    expect(h.context().idNumberProblem).toBeNull();
    h.type('X');
    h.actor.send({ type: 'ID_CONFIRM' });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests).toEqual([expect.objectContaining({ priority: true })]);
    // Used, then gone: the request carries only `priority`, the context no digits.
    expect(JSON.stringify(h.requests)).not.toContain('19491231');
    expect(h.context()).toMatchObject({ idNumber: '', priority: 'age' });
  });

  it('asks a younger resident about priority, as after a card, and keeps no digits', () => {
    const h = harness();
    h.type(YOUNGER);
    h.actor.send({ type: 'ID_CONFIRM' });
    expect(h.screen()).toBe('ask-priority');
    expect(h.context().idNumber).toBe('');
  });

  it('names the part that is wrong: too short, or a birth date that is no date', () => {
    const h = harness();
    h.type(AGED.slice(0, 10));
    h.actor.send({ type: 'ID_CONFIRM' });
    expect(h.context().idNumberProblem).toBe('length');
    h.actor.send({ type: 'ID_CLEAR' });
    h.type('110105194913310028');
    h.actor.send({ type: 'ID_CONFIRM' });
    expect(h.context().idNumberProblem).toBe('birth-date');
  });

  it('never speaks the digits and takes no more than 18 keys', () => {
    const h = harness();
    h.type(`${AGED}99`);
    expect(h.context().idNumber).toBe(AGED);
    h.actor.send({ type: 'ID_CONFIRM' });
    for (const text of h.spoken) expect(text).not.toMatch(/\d{4}/);
  });

  it('wipes a half-typed number on the way home, and on 返回 to the card step', () => {
    const h = harness();
    h.type('1101');
    h.actor.send({ type: 'BACK' });
    expect(h.screen()).toBe('identify');
    expect(h.context().idNumber).toBe('');
    h.actor.send({ type: 'ENTER_ID_NUMBER' });
    h.type('1101');
    h.actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');
    expect(h.context().idNumber).toBe('');
  });

  it('counts typing as activity: the idle warning waits for a resident who stops', () => {
    const h = harness();
    h.clock.increment(timing.idleTimeoutMs - 1);
    h.type('1');
    h.clock.increment(timing.idleTimeoutMs - 1);
    expect(h.screen()).toBe('enter-id-number');
    h.clock.increment(1);
    expect(h.screen()).toBe('idle-warning');
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('enter-id-number');
    expect(h.context().idNumber).toBe('1');
    h.clock.increment(timing.idleTimeoutMs);
    h.clock.increment(timing.warningMs);
    expect(h.screen()).toBe('home');
    expect(h.context().idNumber).toBe('');
  });
});
