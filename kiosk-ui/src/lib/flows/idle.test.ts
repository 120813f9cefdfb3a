import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { runComposedFlow } from './composed-harness.fixture.js';
import { volumeLevel } from '../speech-volumes.js';
import { headerActions, type HeaderContext } from './header.js';
import {
  DEFAULT_IDLE_TIMING,
  idleActions,
  idleDelays,
  idleFor,
  type IdleContext,
  type IdleEvent,
} from './idle.js';

const { idleTimeoutMs, warningMs } = DEFAULT_IDLE_TIMING;

describe('the shared idle timer, warning and reset, composed into a flow', () => {
  it('gives at least 30 s to answer the warning', () => {
    expect(warningMs).toBeGreaterThanOrEqual(30_000);
  });

  it('warns after a step is left alone, chimes, speaks and focuses even with read-aloud off', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    const focuses = h.effects.focuses;
    h.clock.increment(idleTimeoutMs - 1);
    expect(h.screen()).toBe('first');
    h.clock.increment(1);
    expect(h.screen()).toBe('idle-warning');
    expect(h.effects.chimes).toBe(1);
    expect(h.spoken).toEqual(['您还在办理吗？如需继续，请按继续办理。']);
    expect(h.effects.focuses).toBe(focuses + 1);
    expect(h.context().warningsShown).toBe(1);
  });

  it('speaks the warning at the resident\u2019s volume', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    h.clock.increment(idleTimeoutMs);
    expect(h.screen()).toBe('idle-warning');
    expect(h.spoken).toEqual(['您还在办理吗？如需继续，请按继续办理。']);
    expect(h.volumes).toEqual([volumeLevel(1).gain]);
  });

  it('continues on the step the resident was on, with a fresh timer', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT' });
    h.clock.increment(idleTimeoutMs);
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('second');
    h.clock.increment(idleTimeoutMs - 1);
    expect(h.screen()).toBe('second');
    h.clock.increment(1);
    expect(h.screen()).toBe('idle-warning');
    expect(h.context().warningsShown).toBe(2);
  });

  it('restarts the timer on each new step', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.clock.increment(idleTimeoutMs - 1_000);
    h.actor.send({ type: 'NEXT' });
    h.clock.increment(idleTimeoutMs - 1_000);
    expect(h.screen()).toBe('second');
  });

  it('goes home when the warning is not answered, says why, and reminds the resident to take their things', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.clock.increment(idleTimeoutMs);
    h.clock.increment(warningMs - 1);
    expect(h.screen()).toBe('idle-warning');
    h.clock.increment(1);
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['timeout']);
    expect(h.effects.reminders).toBe(1);
    expect(h.context()).toMatchObject({ startedAt: null, warningsShown: 0 });
  });

  it('ends the session from the warning on request', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.clock.increment(idleTimeoutMs);
    h.actor.send({ type: 'CANCEL' });
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['cancelled']);
  });

  it('reminds only someone who started, and never times out the home screen', () => {
    const h = runComposedFlow();
    expect(h.effects.reminders).toBe(0);
    h.clock.increment(idleTimeoutMs * 3);
    expect(h.screen()).toBe('home');
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT' });
    h.actor.send({ type: 'NEXT' });
    expect(h.ended).toEqual(['finished']);
    expect(h.effects.reminders).toBe(1);
    h.clock.increment(idleTimeoutMs * 3);
    expect(h.effects.reminders).toBe(1);
    expect(h.effects.chimes).toBe(0);
  });

  it('does not compile for a flow that lacks what idle needs', () => {
    const types = {
      context: {} as IdleContext & Pick<HeaderContext, 'language' | 'volume'>,
      events: {} as IdleEvent,
    };
    const complete = setup({
      types,
      actions: { ...idleActions, ...headerActions },
      delays: idleDelays,
    });
    expect(idleFor(complete).restartIdleTimer).toHaveLength(2);
    const withoutSpeech = setup({ types, actions: idleActions, delays: idleDelays });
    // @ts-expect-error: the warning speaks, and `speak` is not declared
    idleFor(withoutSpeech);
    const withoutDelays = setup({ types, actions: { ...idleActions, ...headerActions } });
    // @ts-expect-error: the idle delays are not declared
    idleFor(withoutDelays);
  });
});
