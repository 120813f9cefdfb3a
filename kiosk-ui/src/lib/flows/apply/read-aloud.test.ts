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
import type { PlainKey } from '../../i18n/catalogue.js';

const receipt: ApplicationReceipt = {
  reference: 'SQ-20261126-0007',
  submittedAt: '2026-11-26T02:00:00.000Z',
  destination: { name: '社区便民服务中心（帮办代办）', description: '申请已保存在本自助终端。' },
};

/**
 * The apply flow with a card read (unless `onCardStep`), the agent taking the application, and
 * what it says; the session starts it with the reader's state and read-aloud as they are.
 */
function harness({ onCardStep = false, readerAvailable = true, readAloud = false } = {}) {
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
      readAloud,
      theme: 'default',
      language: 'zh-CN',
      volume: 0,
      readerAvailable,
    },
    clock: new SimulatedClock(),
  });
  actor.start();
  if (!onCardStep)
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

  it('says each page of the confirmation as it is turned to, the page for a phone among them', async () => {
    const h = harness({ readAloud: true });
    await h.submit();
    const say = (key: PlainKey) => translate('zh-CN', key);
    // On arriving: the whole receipt, and where the next page leads.
    expect(h.spoken.at(-1)!.text).toContain(say('apply.seeNext'));
    h.actor.send({ type: 'NEXT_PAGE' });
    expect(h.context().receiptPage).toBe(1);
    expect(h.spoken.at(-1)!.text).toContain(say('apply.phoneTitle'));
    expect(h.spoken.at(-1)!.text).toContain(say('apply.qrHint'));
    expect(h.spoken.at(-1)!.text).toContain('S Q 2 0 2 6 1 1 2 6 0 0 0 7');
    h.actor.send({ type: 'NEXT_PAGE' });
    expect(h.spoken.at(-1)!.text).toContain(say('apply.destinationTitle'));
    expect(h.spoken.at(-1)!.text).toContain(receipt.destination.description);
    expect(h.spoken.at(-1)!.text).toContain('S Q 2 0 2 6 1 1 2 6 0 0 0 7');
    h.actor.send({ type: 'NEXT_PAGE' });
    expect(h.spoken.at(-1)!.text).toContain(say('apply.whatNextTitle'));
    expect(h.spoken.at(-1)!.text).toContain(say('reminder.belongings'));
    // Read-aloud turned on again on the last page says that page, not the whole receipt and a
    // next page that is not there.
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.at(-1)!.text).toContain(say('apply.whatNextTitle'));
    expect(h.spoken.at(-1)!.text).not.toContain(say('apply.seeNext'));
    // And in a new language, the same page in it.
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toMatchObject({ language: 'en' });
    expect(h.spoken.at(-1)!.text).toContain(translate('en', 'apply.whatNextTitle'));
    h.actor.send({ type: 'SET_LANGUAGE', language: 'zh-CN' });
    // Past the last page nothing turns, and nothing more is said.
    const said = h.spoken.length;
    h.actor.send({ type: 'NEXT_PAGE' });
    expect(h.spoken).toHaveLength(said);
    h.actor.send({ type: 'PREVIOUS_PAGE' });
    h.actor.send({ type: 'PREVIOUS_PAGE' });
    h.actor.send({ type: 'PREVIOUS_PAGE' });
    expect(h.context().receiptPage).toBe(0);
    expect(h.spoken.at(-1)!.text).toContain(say('apply.submittedTitle'));
    expect(h.spoken.at(-1)!.text).toContain(say('apply.seeNext'));
  });

  it('says nothing on turning a page of the confirmation with read-aloud off', async () => {
    const h = harness();
    await h.submit();
    h.actor.send({ type: 'NEXT_PAGE' });
    expect(h.context().receiptPage).toBe(1);
    expect(h.spoken).toEqual([]);
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

describe('the apply flow, its card step read aloud', () => {
  const placeCard = '请将身份证放在读卡区，或按输入身份证号码。身份证上的姓名和号码不用再填写。';
  const readerDown = '读卡器暂时不能使用。请按输入身份证号码，用数字键输入，或呼叫工作人员。';

  it('says the reader is not working, and what to do instead, from the start when it is faulted', () => {
    const h = harness({ onCardStep: true, readerAvailable: false, readAloud: true });
    expect(h.screen()).toBe('apply-identify');
    expect(h.context().cardHint).toBe('reader-unavailable');
    expect(h.spoken.map((u) => u.text)).toEqual([readerDown]);
    // The page tells a new flow the reader's state again: the same state says nothing new.
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    expect(h.spoken.map((u) => u.text)).toEqual([readerDown]);
  });

  it('says how to place the card with the reader ready', () => {
    const h = harness({ onCardStep: true, readAloud: true });
    expect(h.spoken.map((u) => u.text)).toEqual([placeCard]);
  });

  it('says a change of the reader at once, so 重听 repeats what the screen shows', () => {
    const h = harness({ onCardStep: true, readAloud: true });
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    expect(h.context().cardHint).toBe('reader-unavailable');
    h.actor.send({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      printerAvailable: true,
      card: 'none',
    });
    expect(h.context().cardHint).toBe('none');
    expect(h.spoken.map((u) => u.text)).toEqual([placeCard, readerDown, placeCard]);
    // A card read for something else while the reader was down: the screen asks to lift it.
    h.actor.send({ type: 'READER_AVAILABILITY', available: false });
    h.actor.send({ type: 'CARD_READ', holder: { maskedName: '王*英', priorityByAge: true } });
    expect(h.context().cardHint).toBe('replace-card');
    expect(h.spoken.map((u) => u.text).slice(3)).toEqual([readerDown, placeCard]);
  });

  it('reads the card step as shown when read-aloud is turned on there, and in a new language', () => {
    const h = harness({ onCardStep: true, readerAvailable: false });
    expect(h.spoken).toEqual([]);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    expect(h.spoken.map((u) => u.text)).toEqual([readerDown]);
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toMatchObject({
      text: 'The card reader cannot be used just now. Press Enter ID number and type the number on the keypad, or call staff.',
      language: 'en',
    });
  });
});
