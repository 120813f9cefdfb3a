import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { ApplicationReceipt, ApplicationRequest } from '../../agent/types.js';
import type { Utterance } from '../header.js';
import { screenMeta } from '../screen.js';
import { SERVICE } from './form.fixture.js';
import { applyMachine } from './machine.js';
import type { SubmitOutcome } from './submission.js';
import { questionSpeech } from './views.js';
import { translate } from '../../i18n/translate.js';

const receipt: ApplicationReceipt = {
  reference: 'SQ-20261126-0007',
  submittedAt: '2026-11-26T02:00:00.000Z',
  destination: { name: '社区便民服务中心（帮办代办）', description: '申请已保存在本自助终端。' },
};

/** The apply flow with a card read, the agent taking the application, and what it says. */
function harness() {
  const spoken: Utterance[] = [];
  const machine = applyMachine.provide({
    actors: {
      submitApplication: fromPromise<SubmitOutcome, ApplicationRequest>(async () => ({
        kind: 'submitted',
        receipt,
      })),
    },
    actions: { speak: (_, params) => spoken.push(params) },
  });
  const actor = createActor(machine, {
    input: {
      service: SERVICE,
      screenHeightMm: 268,
      portrait: false,
      timeZone: 'Asia/Shanghai',
      timing: { idleTimeoutMs: 120_000, warningMs: 30_000 },
      textScale: 0,
      readAloud: false,
      theme: 'default',
      language: 'zh-CN',
      volume: 0,
      readerAvailable: true,
    },
    clock: new SimulatedClock(),
  });
  actor.start();
  actor.send({
    type: 'CARD_READ',
    holder: { maskedName: '王*英', priorityByAge: true, readId: 'card-read-0000000001' },
  });
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  const submit = async () => {
    actor.send({ type: 'CHOOSE_OPTION', value: 'alone' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'SUBMIT' });
    await waitFor(actor, (s) => s.matches({ steps: 'submitted' }));
  };
  return { actor, spoken, screen, submit, context: () => actor.getSnapshot().context };
}

describe('the apply flow, read aloud', () => {
  it('reads the question when read-aloud is turned on there, and again in a new language', () => {
    const h = harness();
    expect(h.screen()).toBe('apply-question');
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.map((u) => u.text)).toEqual([questionSpeech(h.context())]);
    // 重听 says the last text: after 中文 → English it must be the English one.
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toMatchObject({ text: questionSpeech(h.context()), language: 'en' });
  });

  it('reads the confirmation when read-aloud is turned on there, and again in a new language', async () => {
    const h = harness();
    h.actor.send({ type: 'CHOOSE_OPTION', value: 'alone' });
    h.actor.send({ type: 'NEXT' });
    h.actor.send({ type: 'NEXT' });
    expect(h.screen()).toBe('apply-check');
    h.actor.send({ type: 'SUBMIT' });
    await waitFor(h.actor, (s) => s.matches({ steps: 'submitted' }));
    expect(h.spoken).toEqual([]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken).toHaveLength(1);
    expect(h.spoken[0]!.text).toContain('S Q 2 0 2 6 1 1 2 6 0 0 0 7');
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken).toHaveLength(2);
    expect(h.spoken[1]).toMatchObject({ language: 'en' });
    expect(h.spoken[1]!.text).toContain('S Q 2 0 2 6 1 1 2 6 0 0 0 7');
    expect(h.spoken[1]!.text).not.toBe(h.spoken[0]!.text);
  });

  it('says no slip can be printed and the reference is on screen while the printer is faulted, and offers none', async () => {
    const h = harness();
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: false });
    await h.submit();
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.at(-1)!.text).toContain('S Q 2 0 2 6 1 1 2 6 0 0 0 7');
    expect(h.spoken.at(-1)!.text).toContain(translate('zh-CN', 'apply.noPrinter'));
    h.actor.send({ type: 'PRINT' });
    expect(h.screen()).toBe('apply-submitted');
    // Back: said without moving on, and the slip can be asked for.
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(h.spoken.at(-1)!.text).toBe(translate('zh-CN', 'speech.applyPrinterBack'));
    h.actor.send({ type: 'PRINTER_AVAILABILITY', available: true });
    expect(h.spoken.filter((u) => u.text === h.spoken.at(-1)!.text)).toHaveLength(1);
    h.actor.send({ type: 'PRINT' });
    expect(h.screen()).toBe('apply-printing');
  });

  it('tells a resident on the confirmation when the printer stops, from the resync too', async () => {
    const h = harness();
    await h.submit();
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.at(-1)!.text).not.toContain(translate('zh-CN', 'apply.noPrinter'));
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      printerAvailable: false,
      card: 'not-watching',
    });
    expect(h.spoken.at(-1)!.text).toBe(translate('zh-CN', 'apply.noPrinter'));
    expect(h.context().printerAvailable).toBe(false);
    h.actor.send({ type: 'PRINT' });
    expect(h.screen()).toBe('apply-submitted');
  });

  it('hears of the printer on the card step too, where the card step answers the resync', () => {
    const h = harness();
    h.actor.send({ type: 'BACK' });
    expect(h.screen()).toBe('apply-identify');
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      printerAvailable: false,
      card: 'none',
    });
    expect(h.context().printerAvailable).toBe(false);
  });
});
