import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { runComposedFlow } from './composed-harness.fixture.js';
import { translate } from '../i18n/translate.js';
import { VOLUMES, volumeLevel } from '../speech-volumes.js';
import {
  headerActions,
  headerDelays,
  headerFor,
  HEADER_DEFAULTS,
  STAFF_CALL_WINDOW_MS,
  staffCallCarried,
  type HeaderContext,
  type HeaderEvent,
} from './header.js';

const HOME = '便民自助服务。取号请按排队取号。';
const FIRST = '请选择要办理的业务。';

describe('the shared header, composed into a flow', () => {
  it('speaks the screen when read-aloud is switched on, says it is on where the screen has no text, and silences when off', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken).toEqual([FIRST]);
    h.actor.send({ type: 'NEXT' });
    expect(h.spoken).toEqual([FIRST]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.effects.silences).toBe(1);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken).toEqual([FIRST, '朗读已打开。']);
  });

  it('announces each new screen only while read-aloud is on', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT' });
    expect(h.spoken).toEqual([]);
    h.actor.send({ type: 'CANCEL' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'START' });
    expect(h.spoken).toEqual([HOME, FIRST]);
  });

  it('switches language, says the screen again in it, and the next resident starts in Chinese', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.context().language).toBe('en');
    expect(h.spoken).toEqual([FIRST, translate('en', 'speech.chooseService')]);
    expect(h.voices).toEqual(['zh-CN', 'en']);
    h.actor.send({ type: 'NEXT' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.at(-1)).toBe('Speech is on.');
    h.actor.send({ type: 'CANCEL' });
    expect(h.context().language).toBe('zh-CN');
  });

  it('steps through the text sizes and back to the first', () => {
    const h = runComposedFlow();
    const sizes = [h.context().textScale];
    for (let i = 0; i < 4; i++) {
      h.actor.send({ type: 'NEXT_TEXT_SIZE' });
      sizes.push(h.context().textScale);
    }
    expect(sizes).toEqual([0, 1, 2, 3, 0]);
  });

  it('steps through the volume levels and back to the first, which is the middle one', () => {
    const h = runComposedFlow();
    const levels = [h.context().volume];
    for (let i = 0; i < VOLUMES.length; i++) {
      h.actor.send({ type: 'NEXT_VOLUME' });
      levels.push(h.context().volume);
    }
    expect(levels).toEqual([0, 1, 2, 0]);
    const [{ gain: start }, { gain: louder }, { gain: quieter }] = VOLUMES;
    // One step louder, then quieter than where a resident starts; never past the browser's 1.
    expect(louder).toBe(1);
    expect(louder).toBeGreaterThan(start);
    expect(quieter).toBeLessThan(start);
  });

  it('says the new volume at that volume while read-aloud is on, in passing, and nothing while off', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    expect(h.spoken).toEqual([]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    expect(h.spoken).toEqual([
      FIRST,
      '音量：小',
      translate('en', 'speech.chooseService'),
      'Volume: medium',
    ]);
    expect(h.volumes).toEqual([1, 2, 2, 0].map((level) => volumeLevel(level).gain));
    // Only the level's name is said in passing: 重听 says the screen again.
    expect(h.asides).toEqual([false, true, false, true]);
  });

  it('says every screen at the resident\u2019s volume', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'NEXT_VOLUME' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'NEXT' });
    expect(h.spoken).toEqual([HOME, FIRST]);
    expect(h.volumes).toEqual([volumeLevel(1).gain, volumeLevel(1).gain]);
  });

  it('switches between the default and the high-contrast theme', () => {
    const h = runComposedFlow();
    const themes = [h.context().theme];
    for (let i = 0; i < 2; i++) {
      h.actor.send({ type: 'TOGGLE_THEME' });
      themes.push(h.context().theme);
    }
    expect(themes).toEqual(['default', 'high-contrast', 'default']);
  });

  it('makes staff taps within the window one call naming the screen, and lets a failed call be retried at once', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CALL_STAFF' });
    h.actor.send({ type: 'NEXT' });
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['first']);
    h.staffCalls[0]!.answer(true);
    expect(h.context().staffNotice).toBe('sent');
    h.clock.increment(STAFF_CALL_WINDOW_MS);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['first', 'second']);
    h.staffCalls[1]!.answer(false);
    expect(h.context()).toMatchObject({ staffNotice: 'failed', staffCallOpen: false });
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(3);
  });

  it('lets the flow call staff itself, naming the screen it is entering', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'CALL_STAFF', screen: 'second' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['second']);
  });

  it('takes a call carried from the flow before: open for a new window, then a tap is a new call', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    const call = { staffNotice: 'sent', staffComingFrom: '', staffCallOpen: true } as const;
    h.actor.send({ type: 'STAFF_CALL_CARRIED', call });
    expect(h.context()).toMatchObject(call);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toHaveLength(0);
    // Its answer is this flow's to say now.
    h.actor.send({ type: 'STAFF_COMING', counterName: '2号窗口 医保' });
    expect(h.context().staffNotice).toBe('coming');
    h.clock.increment(STAFF_CALL_WINDOW_MS);
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['first']);
  });

  it('makes a call the flow raises itself even within the window of the resident\u2019s own', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CALL_STAFF' });
    h.staffCalls[0]!.answer(true);
    h.actor.send({ type: 'CALL_STAFF', screen: 'second' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['first', 'second']);
  });

  it('carries nothing for a resident who has not called, and a failed call as failed', () => {
    expect(staffCallCarried(HEADER_DEFAULTS)).toBeNull();
    const failed = { staffNotice: 'failed', staffComingFrom: '', staffCallOpen: false } as const;
    expect(staffCallCarried(failed)).toEqual({ type: 'STAFF_CALL_CARRIED', call: failed });
  });

  it('ignores an answer to a call that is no longer open', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'STAFF_CALL_ANSWERED', sent: true });
    expect(h.context().staffNotice).toBe('none');
  });

  it("says which counter's staff are coming once one takes the call, aloud too while read-aloud is on", () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    // A counter's answer before this resident's call got through is not theirs.
    h.actor.send({ type: 'STAFF_COMING', counterName: '2号窗口 医保' });
    expect(h.context().staffNotice).toBe('none');
    h.actor.send({ type: 'CALL_STAFF' });
    h.staffCalls[0]!.answer(true);
    h.actor.send({ type: 'STAFF_COMING', counterName: '2号窗口 医保' });
    expect(h.context()).toMatchObject({ staffNotice: 'coming', staffComingFrom: '2号窗口 医保' });
    expect(h.spoken.at(-1)).toBe(
      translate('zh-CN', 'header.staffComing', { counter: '2号窗口 医保' }),
    );
    // Said in passing: 重听 still says the screen.
    expect(h.asides.at(-1)).toBe(true);
    h.actor.send({ type: 'CANCEL' });
    expect(h.context()).toMatchObject({ staffNotice: 'none', staffComingFrom: '' });
  });

  it('counts every header tap as activity: the idle timer restarts', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    for (const tap of [
      'TOGGLE_READ_ALOUD',
      'NEXT_TEXT_SIZE',
      'NEXT_VOLUME',
      'TOGGLE_THEME',
      'CALL_STAFF',
      'CALL_STAFF',
    ] as const) {
      h.clock.increment(119_000);
      h.actor.send({ type: tap });
    }
    h.clock.increment(119_000);
    expect(h.screen()).toBe('first');
    h.clock.increment(1_000);
    expect(h.screen()).toBe('idle-warning');
  });

  it('goes back to the defaults on the way home, and the next first tap is a new call', () => {
    const h = runComposedFlow();
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'NEXT_TEXT_SIZE' });
    h.actor.send({ type: 'NEXT_VOLUME' });
    h.actor.send({ type: 'TOGGLE_THEME' });
    h.actor.send({ type: 'CALL_STAFF' });
    h.staffCalls[0]!.answer(true);
    h.actor.send({ type: 'CANCEL' });
    expect(h.context()).toMatchObject({
      readAloud: false,
      textScale: 0,
      volume: 0,
      theme: 'default',
      staffNotice: 'none',
      staffCallOpen: false,
    });
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls.map((c) => c.screen)).toEqual(['first', 'home']);
  });

  it('does not compile for a flow that lacks what the header needs', () => {
    const types = { context: {} as HeaderContext, events: {} as HeaderEvent };
    const complete = setup({ types, actions: headerActions, delays: headerDelays });
    expect(headerFor(complete).transitions.CALL_STAFF).toHaveLength(2);
    const withoutHooks = setup({ types, delays: headerDelays });
    // @ts-expect-error: the header's hooks are not declared
    headerFor(withoutHooks);
    const withoutWindow = setup({ types, actions: headerActions });
    // @ts-expect-error: the staff-call window is not declared
    headerFor(withoutWindow);
    const withoutContext = setup({
      types: { context: {} as { other: number }, events: {} as HeaderEvent },
      actions: headerActions,
      delays: headerDelays,
    });
    // @ts-expect-error: the context has no header settings
    headerFor(withoutContext);
    const withoutEvents = setup({
      types: { context: {} as HeaderContext, events: {} as { type: 'CALL_STAFF' } },
      actions: headerActions,
      delays: headerDelays,
    });
    // @ts-expect-error: the flow does not take the header's events
    headerFor(withoutEvents);
  });
});
