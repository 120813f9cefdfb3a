import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { CardReadResult, TicketRequest, TicketResponse } from '../../agent/types.js';
import { takeTicketMachine, type EndReason } from './machine.js';

const services = [
  { id: 'social-security', name: '社保业务', ticketPrefix: 'A' },
  { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' },
];

const timing = {
  idleTimeoutMs: 120_000,
  warningMs: 30_000,
  ticketShownMs: 20_000,
  cardPollMs: 400,
};

/** A fake of the agent (allowed here: this unit-tests the flow above the HTTP client). */
function harness(cardResults: CardReadResult[], ticketFails = false) {
  const clock = new SimulatedClock();
  const requests: TicketRequest[] = [];
  const ended: EndReason[] = [];
  let reads = 0;
  const machine = takeTicketMachine.provide({
    actors: {
      readCard: fromPromise(async () => cardResults[Math.min(reads++, cardResults.length - 1)]!),
      issueTicket: fromPromise<TicketResponse, TicketRequest>(async ({ input }) => {
        requests.push(input);
        if (ticketFails) throw new Error('agent unreachable');
        return {
          ticket: {
            number: 'A001',
            serviceName: '社保业务',
            priority: input.priority !== null,
            waitingAhead: 2,
            issuedAt: '2026-11-23T09:00:00+08:00',
          },
          print: { ok: true },
        };
      }),
    },
    actions: {
      sessionEnded: (_, params) => ended.push(params.reason),
    },
  });
  const actor = createActor(machine, { input: { services, timing }, clock });
  actor.start();
  return { actor, clock, requests, ended, readCount: () => reads };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('takeTicketMachine', () => {
  it('gives a resident aged 65 or over a priority ticket without asking', async () => {
    const h = harness([{ result: 'read', holder: { maskedName: '王*英', priorityByAge: true } }]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests).toEqual([
      expect.objectContaining({ serviceId: 'social-security', priority: true }),
    ]);
    expect(h.actor.getSnapshot().context.priority).toBe('age');
    expect(h.actor.getSnapshot().context.ticket?.number).toBe('A001');
  });

  it('asks a younger resident about priority and passes the disability answer on', async () => {
    const h = harness([{ result: 'read', holder: { maskedName: '李*国', priorityByAge: false } }]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    await waitFor(h.actor, (s) => s.matches({ session: 'askPriority' }));
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: true });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests[0]?.priority).toBe(true);
    expect(h.actor.getSnapshot().context.priority).toBe('disability');
  });

  it('lets a resident without a card skip and get an ordinary ticket', async () => {
    const h = harness([{ result: 'no-card' }]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'medical-insurance' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.requests[0]).toMatchObject({ serviceId: 'medical-insurance', priority: false });
  });

  it('polls the reader on the named cardPoll delay until a card arrives', async () => {
    const h = harness([
      { result: 'no-card' },
      { result: 'unreadable', hint: 'place-flat' },
      { result: 'read', holder: { maskedName: '王*英', priorityByAge: true } },
    ]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    await flush();
    expect(h.readCount()).toBe(1);
    h.clock.increment(400);
    await flush();
    expect(h.actor.getSnapshot().context.cardHint).toBe('place-flat');
    h.clock.increment(400);
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.readCount()).toBe(3);
  });

  it('warns before the idle timeout, continues where the resident was, and resets on a second silence', async () => {
    const h = harness([{ result: 'no-card' }]);
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
    const h = harness([{ result: 'read', holder: { maskedName: '王*英', priorityByAge: true } }]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
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
    const h = harness([{ result: 'no-card' }], true);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(h.actor, (s) => s.matches('issueFailed'));
    h.actor.send({ type: 'RETRY' });
    await waitFor(h.actor, (s) => s.matches('issueFailed'));
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
    const h = harness([
      { result: 'read', holder: { maskedName: '李*国', priorityByAge: false } },
      { result: 'no-card' },
    ]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    await waitFor(h.actor, (s) => s.matches({ session: 'askPriority' }));
    h.actor.send({ type: 'BACK' });
    const { context } = h.actor.getSnapshot();
    expect(context.cardHint).toBe('replace-card');
    expect(context.holder).toBeNull();
  });

  it('ignores a service that is not in the catalogue', () => {
    const h = harness([{ result: 'no-card' }]);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'no-such-service' });
    expect(h.actor.getSnapshot().matches({ session: 'chooseService' })).toBe(true);
  });
});
