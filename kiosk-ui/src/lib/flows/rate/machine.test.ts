import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import type { Rating } from '../../agent/types.js';
import { screenMeta } from '../screen.js';
import { rateMachine, toggled } from './machine.js';
import { reasonsFor } from './reasons.js';

const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, thanksMs: 5_000 };

function harness(answer: 'ok' | 'fails' = 'ok') {
  const clock = new SimulatedClock();
  const posted: Rating[] = [];
  const spoken: string[] = [];
  const machine = rateMachine.provide({
    actors: {
      submitRating: fromPromise<undefined, Rating>(async ({ input }) => {
        posted.push(input);
        if (answer === 'fails') throw new Error('agent unreachable');
        return undefined;
      }),
    },
    actions: { speak: (_, params) => spoken.push(params.text) },
  });
  const actor = createActor(machine, {
    input: {
      serviceId: 'out-of-area',
      outcome: 'guide-read',
      timing,
      textScale: 0,
      readAloud: true,
      theme: 'default',
      language: 'zh-CN',
      volume: 0,
    },
    clock,
  });
  actor.start();
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  return { actor, clock, posted, spoken, screen };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('rate flow', () => {
  it('toggles a reason chip on and off', () => {
    expect(toggled([], 'quick')).toEqual(['quick']);
    expect(toggled(['quick', 'clear-guide'], 'quick')).toEqual(['clear-guide']);
  });

  it('offers praise for the top two levels and complaints for the rest', () => {
    expect(reasonsFor('very-satisfied')).toContain('quick');
    expect(reasonsFor('satisfied')).not.toContain('long-wait');
    for (const level of ['fair', 'dissatisfied', 'very-dissatisfied'] as const) {
      expect(reasonsFor(level)).toEqual(expect.arrayContaining(['long-wait', 'text-too-small']));
      expect(reasonsFor(level)).not.toContain('quick');
    }
  });

  it('names the five levels aloud when read-aloud is on, and says 跳过 is there', () => {
    const { spoken } = harness();
    expect(spoken[0]).toContain('非常满意、满意、基本满意、不满意、非常不满意');
    expect(spoken[0]).toContain('跳过');
  });

  it('sends the level, the reasons and the outcome, and thanks the resident', async () => {
    const h = harness();
    h.actor.send({ type: 'CHOOSE_LEVEL', level: 'very-satisfied' });
    // A complaint is not offered with praise: the tap is ignored.
    h.actor.send({ type: 'TOGGLE_REASON', reason: 'long-wait' });
    h.actor.send({ type: 'TOGGLE_REASON', reason: 'clear-guide' });
    h.actor.send({ type: 'SUBMIT' });
    expect(h.screen()).toBe('rate-thanks');
    await settle();
    expect(h.posted).toEqual([
      {
        serviceId: 'out-of-area',
        level: 'very-satisfied',
        reasons: ['clear-guide'],
        outcome: 'guide-read',
      },
    ]);
    h.clock.increment(timing.thanksMs);
    expect(h.actor.getSnapshot().status).toBe('done');
  });

  it('drops the reasons of a level the resident changed their mind about', () => {
    const h = harness();
    h.actor.send({ type: 'CHOOSE_LEVEL', level: 'dissatisfied' });
    h.actor.send({ type: 'TOGGLE_REASON', reason: 'long-wait' });
    h.actor.send({ type: 'BACK' });
    h.actor.send({ type: 'CHOOSE_LEVEL', level: 'fair' });
    expect(h.actor.getSnapshot().context.reasons).toEqual([]);
  });

  it('thanks the resident even when the agent could not take the rating', async () => {
    const h = harness('fails');
    h.actor.send({ type: 'CHOOSE_LEVEL', level: 'fair' });
    h.actor.send({ type: 'SUBMIT' });
    await settle();
    expect(h.screen()).toBe('rate-thanks');
    h.actor.send({ type: 'DONE' });
    expect(h.actor.getSnapshot().status).toBe('done');
  });

  it('ends without a rating when left alone, even with a level chosen; a header tap gives more time', () => {
    const h = harness();
    h.actor.send({ type: 'CHOOSE_LEVEL', level: 'fair' });
    h.clock.increment(timing.idleTimeoutMs - 1);
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.clock.increment(timing.idleTimeoutMs - 1);
    expect(h.screen()).toBe('rate-reasons');
    h.clock.increment(1);
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.posted).toEqual([]);
  });
});
