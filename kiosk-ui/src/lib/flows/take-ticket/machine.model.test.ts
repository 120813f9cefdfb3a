import { describe, expect, it } from 'vitest';
import type { EventObject, SnapshotFrom } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { takeTicketMachine } from './machine.js';

/**
 * Model-based checks: every transition of the flow, with timers and the agent's answers
 * modelled as explicit events (accessibility.md), so the walk is finite and covers paths no
 * scenario test thought of.
 */
type Snapshot = SnapshotFrom<typeof takeTicketMachine>;

const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output });
const after = (delay: string, stateId: string) => ({
  type: `xstate.after.${delay}.takeTicket.${stateId}`,
});
const ticket = {
  ticket: {
    number: 'A001',
    serviceName: '社保业务',
    priority: false,
    waitingAhead: 0,
    issuedAt: '2026-11-23T01:00:00Z',
  },
  print: { ok: true },
};

const EVENTS: EventObject[] = [
  { type: 'START' },
  { type: 'CHOOSE_SERVICE', serviceId: 'social-security' } as EventObject,
  { type: 'CHOOSE_SERVICE', serviceId: 'not-in-catalogue' } as EventObject,
  { type: 'SKIP_CARD' },
  { type: 'ANSWER_PRIORITY', needsPriority: true } as EventObject,
  { type: 'ANSWER_PRIORITY', needsPriority: false } as EventObject,
  { type: 'BACK' },
  { type: 'CANCEL' },
  { type: 'CONTINUE' },
  { type: 'DONE' },
  { type: 'RETRY' },
  done('readCard', { result: 'read', holder: { maskedName: '王*英', priorityByAge: true } }),
  done('readCard', { result: 'read', holder: { maskedName: '李*国', priorityByAge: false } }),
  done('readCard', { result: 'no-card' }),
  done('readCard', { result: 'unreadable', hint: 'place-flat' }),
  done('readCard', { result: 'unavailable' }),
  { type: 'xstate.error.actor.readCard', error: new Error('network') } as EventObject,
  done('issueTicket', ticket),
  { type: 'xstate.error.actor.issueTicket', error: new Error('timeout') } as EventObject,
  after('idleTimeout', 'session.chooseService'),
  after('idleTimeout', 'session.identify'),
  after('idleTimeout', 'session.askPriority'),
  after('cardPoll', 'session.identify.waiting'),
  after('idleWarning', 'idleWarning'),
  after('ticketShown', 'ticketShown'),
  after('idleTimeout', 'issueFailed'),
];

// Random ids and clock readings would make every snapshot unique; the walk compares what matters.
const serializeState = (s: Snapshot) =>
  JSON.stringify({
    value: s.value,
    holder: s.context.holder?.maskedName ?? null,
    priority: s.context.priority,
    hint: s.context.cardHint,
    service: s.context.serviceId,
    ticket: s.context.ticket !== null,
  });

const map = getAdjacencyMap(takeTicketMachine, {
  events: EVENTS as never,
  serializeState: serializeState as never,
  input: { services: [{ id: 'social-security', name: '社保业务', ticketPrefix: 'A' }] },
});
const transitions = Object.values(map).flatMap((node) =>
  (Object.values(node.transitions) as { event: EventObject; state: Snapshot }[]).map((t) => ({
    from: node.state as Snapshot,
    event: t.event,
    to: t.state,
  })),
);
const leaf = (s: Snapshot) => JSON.stringify(s.value);

describe('takeTicketMachine, every transition', () => {
  it('reaches every screen of the flow', () => {
    const reached = new Set(Object.values(map).map((n) => leaf(n.state as Snapshot)));
    for (const screen of [
      '"home"',
      '{"session":"chooseService"}',
      '{"session":{"identify":"reading"}}',
      '{"session":{"identify":"waiting"}}',
      '{"session":"askPriority"}',
      '"idleWarning"',
      '"issuing"',
      '"issueFailed"',
      '"ticketShown"',
    ]) {
      expect(reached, screen).toContain(screen);
    }
    expect(transitions.length).toBeGreaterThan(50);
  });

  it('wipes all personal data on every way back to the home screen', () => {
    const intoHome = transitions.filter((t) => t.to.matches('home') && !t.from.matches('home'));
    expect(intoHome.length).toBeGreaterThan(5);
    for (const t of intoHome) {
      expect(t.to.context, `${leaf(t.from)} --${t.event.type}--> home`).toMatchObject({
        holder: null,
        serviceId: null,
        priority: null,
        ticket: null,
        print: null,
        requestId: null,
        startedAt: null,
      });
    }
  });

  it('asks for a ticket only with a chosen service and a request id, and gives age priority only from the card', () => {
    const intoIssuing = transitions.filter((t) => t.to.matches('issuing'));
    expect(intoIssuing.length).toBeGreaterThan(0);
    for (const { to } of intoIssuing) {
      const { context } = to;
      expect(context.serviceId).toBe('social-security');
      expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
      if (context.priority === 'age') expect(context.holder?.priorityByAge).toBe(true);
      if (context.holder?.priorityByAge) expect(context.priority).toBe('age');
    }
  });
});
