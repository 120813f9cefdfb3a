import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type SnapshotFrom } from 'xstate';
import type { Rating } from '../../agent/types.js';
import { answerCall, heldCall, walkModel } from '../model-walk.fixture.js';
import { screenMeta } from '../screen.js';
import type { RateEvent } from './context.js';
import { rateMachine } from './machine.js';
import { reasonsFor } from './reasons.js';

/**
 * Model-based checks, walked as the other flows' are: the resident's taps, time passing by each
 * named delay and the agent answering the rating call, from every state reached, replayed on a
 * fresh actor with a simulated clock.
 */
type Machine = SnapshotFrom<typeof rateMachine>;

const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, thanksMs: 5_000 };
const offer = { serviceId: 'social-security-card', outcome: 'ticket-issued' } as const;

type Step =
  | { type: 'tap'; event: RateEvent }
  | { type: 'wait'; ms: number; label: string }
  /** The agent answers the rating call: committed, or unreachable. */
  | { type: 'agent'; ok: boolean }
  /** Every header button at once, the staff call getting through. */
  | { type: 'header' };

type World = { steps: Step[]; machine: Machine; posted: Rating[] };

const posted: Rating[] = [];
const staffCalls: ((sent: boolean) => void)[] = [];
const walked = rateMachine.provide({
  actors: { submitRating: heldCall((input) => posted.push(input as Rating)) as never },
  actions: {
    callStaff: ({ self }) => {
      staffCalls.push((sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }));
    },
  },
});

function replay(steps: Step[]): World {
  const clock = new SimulatedClock();
  staffCalls.length = 0;
  posted.length = 0;
  const actor = createActor(walked, {
    input: {
      ...offer,
      timing,
      textScale: 2,
      readAloud: true,
      theme: 'high-contrast',
      language: 'zh-CN',
      volume: 2,
    },
    clock,
  });
  actor.start();
  for (const step of steps) {
    if (step.type === 'tap') actor.send(step.event);
    else if (step.type === 'wait') clock.increment(step.ms);
    else if (step.type === 'agent') {
      answerCall(actor.getSnapshot().children.submitRating, () =>
        step.ok ? { ok: true, output: undefined } : { ok: false },
      );
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
  return { steps, machine, posted: [...posted] };
}

const tap = (event: RateEvent): Step => ({ type: 'tap', event });

const STEPS: Step[] = [
  tap({ type: 'CHOOSE_LEVEL', level: 'very-satisfied' }),
  tap({ type: 'CHOOSE_LEVEL', level: 'very-dissatisfied' }),
  tap({ type: 'TOGGLE_REASON', reason: 'quick' }),
  tap({ type: 'TOGGLE_REASON', reason: 'long-wait' }),
  tap({ type: 'SUBMIT' }),
  tap({ type: 'SKIP' }),
  tap({ type: 'BACK' }),
  tap({ type: 'DONE' }),
  tap({ type: 'CANCEL' }),
  { type: 'header' },
  { type: 'agent', ok: true },
  { type: 'agent', ok: false },
  { type: 'wait', ms: timing.thanksMs, label: 'thanks' },
  { type: 'wait', ms: timing.idleTimeoutMs, label: 'idleTimeout' },
];

const describeStep = (step: Step) =>
  step.type === 'tap' ? JSON.stringify(step.event) : `${step.type} ${JSON.stringify(step)}`;

const serializeState = ({ machine: s, posted: p }: World) =>
  JSON.stringify({
    value: s.value,
    level: s.context.level,
    reasons: s.context.reasons,
    posted: p.length,
    settings: s.context.readAloud,
  });

const { worlds, transitions } = walkModel({
  replay,
  steps: STEPS,
  serializeState,
  describeStep,
});
const leaf = (s: Machine) => JSON.stringify(s.value);

describe('rateMachine, every transition', () => {
  it('reaches every state, and ends in each way', () => {
    const reached = new Set(worlds.map((w) => leaf(w.machine)));
    expect([...reached].sort()).toEqual(
      ['"chooseLevel"', '"chooseReasons"', '"submitting"', '"thanks"', '"done"'].sort(),
    );
    const intoDone = transitions.filter(
      (t) => t.to.machine.status === 'done' && t.from.machine.status !== 'done',
    );
    const ways = new Set(intoDone.map((t) => `${leaf(t.from.machine)} ${describeStep(t.step)}`));
    for (const way of [
      '"chooseLevel" {"type":"SKIP"}',
      '"chooseLevel" {"type":"CANCEL"}',
      '"chooseLevel" wait {"type":"wait","ms":120000,"label":"idleTimeout"}',
      '"chooseReasons" {"type":"SKIP"}',
      '"chooseReasons" {"type":"CANCEL"}',
      '"chooseReasons" wait {"type":"wait","ms":120000,"label":"idleTimeout"}',
      '"submitting" {"type":"DONE"}',
      '"thanks" {"type":"DONE"}',
      '"thanks" wait {"type":"wait","ms":5000,"label":"thanks"}',
    ]) {
      expect(ways, way).toContain(way);
    }
  });

  it('names exactly one screen, by meta, in every state the resident sees', () => {
    const screens = new Set(
      worlds.filter((w) => w.machine.status === 'active').map((w) => screenMeta(w.machine).screen),
    );
    expect([...screens].sort()).toEqual(['rate-level', 'rate-reasons', 'rate-thanks']);
  });

  it('posts a rating only after 提交评价, once, with the level chosen and offered reasons only', () => {
    const posting = transitions.filter((t) => t.to.posted.length > t.from.posted.length);
    expect(posting.length).toBeGreaterThan(2);
    for (const t of posting) {
      expect(describeStep(t.step)).toBe('{"type":"SUBMIT"}');
      expect(t.to.posted).toHaveLength(1);
      const [rating] = t.to.posted;
      expect(rating).toEqual({
        ...offer,
        level: t.from.machine.context.level,
        reasons: t.from.machine.context.reasons,
      });
      for (const reason of rating!.reasons) expect(reasonsFor(rating!.level)).toContain(reason);
    }
    // Skipped, left or timed out: nothing is posted.
    for (const w of worlds.filter((w) => w.machine.status === 'done')) {
      const submitted = w.steps.some((s: Step) => describeStep(s) === '{"type":"SUBMIT"}');
      expect(w.posted.length).toBe(submitted ? 1 : 0);
    }
  });

  it('keeps the settings the resident came with, and their header taps count as activity', () => {
    const first = worlds.find((w) => w.steps.length === 0);
    expect(first?.machine.context).toMatchObject({
      textScale: 2,
      readAloud: true,
      theme: 'high-contrast',
      volume: 2,
    });
    const headerAtLevel = transitions.find(
      (t) => t.step.type === 'header' && t.from.machine.matches('chooseLevel'),
    );
    // Toggled off by the tap, and the flow is still waiting for the resident.
    expect(headerAtLevel?.to.machine.context.readAloud).toBe(false);
    expect(headerAtLevel?.to.machine.matches('chooseLevel')).toBe(true);
  });
});
