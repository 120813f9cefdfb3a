import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type SnapshotFrom } from 'xstate';
import type { ApplicationReceipt, ApplicationRequest } from '../../agent/types.js';
import type { IdKey } from '../identify/id-entry.js';
import { answerCall, heldCall, walkModel } from '../model-walk.fixture.js';
import { screenMeta } from '../screen.js';
import type { ApplyEvent } from './context.js';
import type { SubmitOutcome } from './submission.js';
import { ID_NUMBER, NAME, PHONE, SERVICE, WRONG_ID_NUMBER } from './form.fixture.js';
import { applyMachine } from './machine.js';
import { IDENTIFY_SPEECH } from './screens.js';
import { cardStepSpeech } from '../identify/card-step.js';
import { translate } from '../../i18n/translate.js';
import { askedOf, RECEIPT_PAGES } from './views.js';

/**
 * Model-based checks, walked as the other flows' are: the resident's taps, the agent's pushed
 * card events, time passing by each named delay and the agent answering a pending call, from
 * every state reached, each path replayed on a fresh actor with a simulated clock.
 */
type Machine = SnapshotFrom<typeof applyMachine>;

const timing = { idleTimeoutMs: 120_000, warningMs: 30_000 };
const READ_ID = 'card-read-0000000001';

type Step =
  | { type: 'tap'; event: ApplyEvent }
  | { type: 'wait'; ms: number; label: string }
  /** The agent answers the submission (./submission.ts), or never does. */
  | { type: 'submit'; outcome: SubmitOutcome | 'unreachable' }
  /** The agent answers the print call: printed, or the printer out of paper. */
  | { type: 'print'; ok: boolean }
  | { type: 'header' }
  /** A whole ID number typed on the keypad, key by key, then 确认. */
  | { type: 'id-typed'; digits: string }
  /** A whole phone number typed on the question's keypad, after 清空. */
  | { type: 'phone-typed'; digits: string };

/** Each submission the flow makes (a print call carries no request id). */
const submission = (input: unknown) => {
  if ((input as { requestId?: string }).requestId) submitted.push(input as ApplicationRequest);
};

const receipt: ApplicationReceipt = {
  reference: 'SQ-20261126-0007',
  submittedAt: '2026-11-26T02:00:00.000Z',
  destination: { name: '社区便民服务中心（帮办代办）', description: '申请已保存在本自助终端。' },
};

type World = {
  machine: Machine;
  watching: boolean;
  submitted: ApplicationRequest[];
  ended: string[];
  /** The screens staff were called from, by the header or by the flow. */
  staffCalled: string[];
  /** The last text read aloud that 重听 would say again (not one said in passing). */
  said: string | null;
};

const staffCalls: ((sent: boolean) => void)[] = [];
const staffCalled: string[] = [];
const submitted: ApplicationRequest[] = [];
const ended: string[] = [];
let watching = false;
let said: string | null = null;
const walked = applyMachine.provide({
  actors: { submitApplication: heldCall(submission) as never, printSlip: heldCall() as never },
  actions: {
    callStaff: ({ self }, params) => {
      staffCalled.push(params.screen);
      staffCalls.push((sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }));
    },
    watchCard: (_, params) => {
      watching = params.on;
    },
    sessionEnded: (_, params) => {
      ended.push(params.reason);
    },
    speak: (_, params) => {
      if (!params.aside) said = params.text;
    },
  },
});

function replay(steps: Step[]): World {
  const clock = new SimulatedClock();
  staffCalls.length = 0;
  staffCalled.length = 0;
  submitted.length = 0;
  ended.length = 0;
  watching = false;
  said = null;
  const actor = createActor(walked, {
    input: {
      service: SERVICE,
      screenHeightMm: 268,
      portrait: false,
      timeZone: 'Asia/Shanghai',
      timing,
      textScale: 0,
      readAloud: false,
      theme: 'default',
      language: 'zh-CN',
      volume: 0,
      readerAvailable: true,
    },
    clock,
  });
  actor.start();
  for (const step of steps) {
    const { children } = actor.getSnapshot();
    if (step.type === 'tap') actor.send(step.event);
    else if (step.type === 'wait') clock.increment(step.ms);
    else if (step.type === 'submit') {
      const { outcome } = step;
      answerCall(children.submitApplication, () =>
        outcome === 'unreachable' ? { ok: false } : { ok: true, output: outcome },
      );
    } else if (step.type === 'print') {
      answerCall(children.printSlip, () => ({
        ok: true,
        output: step.ok ? { ok: true } : { ok: false, reason: 'no-paper' },
      }));
    } else if (step.type === 'id-typed') {
      actor.send({ type: 'ID_CLEAR' });
      for (const key of step.digits) actor.send({ type: 'ID_KEY', key: key as IdKey });
      actor.send({ type: 'ID_CONFIRM' });
    } else if (step.type === 'phone-typed') {
      actor.send({ type: 'CLEAR_ANSWER' });
      for (const digit of step.digits) actor.send({ type: 'DIGIT', digit });
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
  return {
    machine,
    watching,
    submitted: [...submitted],
    ended: [...ended],
    staffCalled: [...staffCalled],
    said,
  };
}

const tap = (event: ApplyEvent): Step => ({ type: 'tap', event });

const STEPS: Step[] = [
  tap({ type: 'CARD_READ', holder: { maskedName: '王*英', priorityByAge: true, readId: READ_ID } }),
  // Read for another flow (no handle): not an identity for an application.
  tap({ type: 'CARD_READ', holder: { maskedName: '王*英', priorityByAge: true } }),
  tap({ type: 'CARD_UNREADABLE', reason: 'place-flat' }),
  tap({ type: 'CARD_REMOVED' }),
  tap({ type: 'READER_AVAILABILITY', available: false }),
  tap({
    type: 'AGENT_RESYNC',
    readerAvailable: true,
    printerAvailable: true,
    card: 'not-watching',
  }),
  tap({ type: 'AGENT_RESYNC', readerAvailable: true, printerAvailable: false, card: 'none' }),
  tap({ type: 'PRINTER_AVAILABILITY', available: false }),
  tap({ type: 'PRINTER_AVAILABILITY', available: true }),
  tap({ type: 'ENTER_ID_NUMBER' }),
  { type: 'id-typed', digits: ID_NUMBER },
  { type: 'id-typed', digits: WRONG_ID_NUMBER },
  tap({ type: 'TYPE_TEXT', text: NAME }),
  tap({ type: 'CHOOSE_OPTION', value: 'alone' }),
  tap({ type: 'CHOOSE_OPTION', value: 'castle' }),
  { type: 'phone-typed', digits: PHONE },
  tap({ type: 'DELETE_DIGIT' }),
  tap({ type: 'NEXT' }),
  tap({ type: 'BACK' }),
  tap({ type: 'NEXT_PAGE' }),
  tap({ type: 'PREVIOUS_PAGE' }),
  tap({ type: 'CHANGE', questionId: 'living' }),
  tap({ type: 'CHANGE', questionId: 'applicant-id-number' }),
  tap({ type: 'SUBMIT' }),
  tap({ type: 'RETRY' }),
  tap({ type: 'PRINT' }),
  tap({ type: 'DONE' }),
  tap({ type: 'CANCEL' }),
  tap({ type: 'CONTINUE' }),
  { type: 'header' },
  { type: 'submit', outcome: { kind: 'submitted', receipt } },
  { type: 'submit', outcome: { kind: 'already-submitted', receipt } },
  { type: 'submit', outcome: { kind: 'not-committed' } },
  { type: 'submit', outcome: 'unreachable' },
  { type: 'submit', outcome: { kind: 'card-read-gone' } },
  { type: 'submit', outcome: { kind: 'answer-refused', questionId: 'living' } },
  { type: 'submit', outcome: { kind: 'refused' } },
  { type: 'print', ok: true },
  { type: 'print', ok: false },
  { type: 'wait', ms: timing.idleTimeoutMs, label: 'idleTimeout' },
  { type: 'wait', ms: timing.warningMs, label: 'idleWarning' },
];

const describeStep = (step: Step) =>
  step.type === 'tap' ? JSON.stringify(step.event) : `${step.type} ${JSON.stringify(step)}`;
const submit = (outcome: SubmitOutcome | 'unreachable') =>
  describeStep({ type: 'submit', outcome });

/** What tells states apart; what a screen does not show is left out where it cannot matter. */
const serializeState = ({ machine: s }: World) => {
  const { context: c } = s;
  const on = (state: string) => s.matches({ steps: state } as never);
  return JSON.stringify({
    value: s.value,
    status: s.status,
    identity: c.identity?.source ?? null,
    question: c.questionIndex,
    answers: c.answers,
    ...(on('question') && { draft: c.draft, problem: c.problem, back: c.returnToCheck }),
    ...(s.matches({ steps: 'submitted' } as never) && {
      print: c.print,
      page: c.receiptPage,
      printer: c.printerAvailable,
    }),
    ...(on('enterIdNumber') && { idNumber: c.idNumber.length, idProblem: c.idNumberProblem }),
    ...(on('identify') && { hint: c.cardHint, reader: c.readerAvailable, back: c.returnToCheck }),
  });
};

const { worlds, transitions } = walkModel({
  replay,
  steps: STEPS,
  serializeState,
  describeStep,
  ended: (w) => w.machine.status === 'done',
});
const leaf = (s: Machine) => JSON.stringify(s.value);
const way = (t: (typeof transitions)[number]) =>
  `${leaf(t.from.machine)} ${describeStep(t.step)} -> ${leaf(t.to.machine)}`;
const ways = new Set(transitions.map(way));

describe('applyMachine, every state and transition', () => {
  it('reaches every state of the flow', () => {
    const reached = new Set(worlds.map((w) => leaf(w.machine)));
    expect([...reached].sort()).toEqual(
      [
        '{"steps":"identify"}',
        '{"steps":"enterIdNumber"}',
        '{"steps":"question"}',
        '{"steps":"check"}',
        '{"steps":"submitFailed"}',
        '{"steps":"submitRefused"}',
        '{"steps":"alreadySubmitted"}',
        '{"steps":{"submitted":"shown"}}',
        '{"steps":{"submitted":"printing"}}',
        '"idleWarning"',
        '"submitting"',
        '"done"',
      ].sort(),
    );
  });

  it('takes every transition the flow declares', () => {
    for (const expected of [
      '{"steps":"identify"} {"type":"ENTER_ID_NUMBER"} -> {"steps":"enterIdNumber"}',
      '{"steps":"identify"} {"type":"BACK"} -> "done"',
      '{"steps":"identify"} {"type":"CANCEL"} -> "done"',
      `{"steps":"identify"} {"type":"CARD_READ","holder":{"maskedName":"王*英","priorityByAge":true,"readId":"${READ_ID}"}} -> {"steps":"question"}`,
      '{"steps":"enterIdNumber"} {"type":"BACK"} -> {"steps":"identify"}',
      `{"steps":"enterIdNumber"} id-typed {"type":"id-typed","digits":"${ID_NUMBER}"} -> {"steps":"question"}`,
      `{"steps":"enterIdNumber"} id-typed {"type":"id-typed","digits":"${WRONG_ID_NUMBER}"} -> {"steps":"enterIdNumber"}`,
      '{"steps":"question"} {"type":"NEXT"} -> {"steps":"question"}',
      '{"steps":"question"} {"type":"NEXT"} -> {"steps":"check"}',
      '{"steps":"question"} {"type":"BACK"} -> {"steps":"question"}',
      '{"steps":"question"} {"type":"BACK"} -> {"steps":"identify"}',
      '{"steps":"question"} {"type":"BACK"} -> {"steps":"check"}',
      '{"steps":"check"} {"type":"CHANGE","questionId":"living"} -> {"steps":"question"}',
      '{"steps":"check"} {"type":"BACK"} -> {"steps":"question"}',
      '{"steps":"check"} {"type":"SUBMIT"} -> "submitting"',
      `"submitting" ${submit({ kind: 'submitted', receipt })} -> {"steps":{"submitted":"shown"}}`,
      `"submitting" ${submit({ kind: 'already-submitted', receipt })} -> {"steps":"alreadySubmitted"}`,
      '{"steps":"alreadySubmitted"} {"type":"NEXT"} -> {"steps":{"submitted":"shown"}}',
      '{"steps":"alreadySubmitted"} wait {"type":"wait","ms":120000,"label":"idleTimeout"} -> "idleWarning"',
      `"submitting" ${submit({ kind: 'not-committed' })} -> {"steps":"submitFailed"}`,
      `"submitting" ${submit('unreachable')} -> {"steps":"submitFailed"}`,
      `"submitting" ${submit({ kind: 'card-read-gone' })} -> {"steps":"identify"}`,
      `"submitting" ${submit({ kind: 'answer-refused', questionId: 'living' })} -> {"steps":"question"}`,
      `"submitting" ${submit({ kind: 'refused' })} -> {"steps":"submitRefused"}`,
      '{"steps":"submitFailed"} {"type":"RETRY"} -> "submitting"',
      '{"steps":"submitFailed"} {"type":"BACK"} -> {"steps":"check"}',
      '{"steps":"submitRefused"} {"type":"BACK"} -> {"steps":"check"}',
      `{"steps":"identify"} {"type":"CARD_READ","holder":{"maskedName":"王*英","priorityByAge":true,"readId":"${READ_ID}"}} -> {"steps":"check"}`,
      '{"steps":{"submitted":"shown"}} {"type":"PRINT"} -> {"steps":{"submitted":"printing"}}',
      '{"steps":{"submitted":"printing"}} print {"type":"print","ok":true} -> {"steps":{"submitted":"shown"}}',
      '{"steps":{"submitted":"printing"}} print {"type":"print","ok":false} -> {"steps":{"submitted":"shown"}}',
      '{"steps":{"submitted":"shown"}} {"type":"DONE"} -> "done"',
      '{"steps":{"submitted":"shown"}} {"type":"CANCEL"} -> "done"',
      '{"steps":"check"} wait {"type":"wait","ms":120000,"label":"idleTimeout"} -> "idleWarning"',
      '{"steps":{"submitted":"shown"}} wait {"type":"wait","ms":120000,"label":"idleTimeout"} -> "idleWarning"',
      '"idleWarning" {"type":"CONTINUE"} -> {"steps":"check"}',
      '"idleWarning" {"type":"CANCEL"} -> "done"',
      '"idleWarning" wait {"type":"wait","ms":30000,"label":"idleWarning"} -> "done"',
    ]) {
      expect(ways, expected).toContain(expected);
    }
    // Answers from the card are not the resident's to change.
    expect([...ways].filter((w) => w.includes('"questionId":"applicant-id-number"'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/-> \{"steps":"check"\}$/)]),
    );
  });

  it('names exactly one screen, by meta, in every state the resident sees', () => {
    const screens = new Set(
      worlds.filter((w) => w.machine.status === 'active').map((w) => screenMeta(w.machine).screen),
    );
    expect([...screens].sort()).toEqual(
      [
        'apply-identify',
        'apply-id-number',
        'apply-question',
        'apply-check',
        'apply-submitting',
        'apply-submit-failed',
        'apply-submit-refused',
        'apply-already-submitted',
        'apply-submitted',
        'apply-printing',
        'idle-warning',
      ].sort(),
    );
  });

  it('says on the card step what its hint shows, the reader not working included, however it got there', () => {
    const intoCardStep = transitions.filter(
      (t) => t.to.machine.matches({ steps: 'identify' }) && t.to.machine.context.readAloud,
    );
    const hints = new Set(intoCardStep.map((t) => t.to.machine.context.cardHint));
    expect([...hints]).toEqual(expect.arrayContaining(['none', 'reader-unavailable']));
    for (const t of intoCardStep) {
      const { cardHint, language } = t.to.machine.context;
      expect(t.to.said, `${way(t)}: ${cardHint}`).toBe(
        translate(language, cardStepSpeech(cardHint, IDENTIFY_SPEECH)),
      );
    }
  });

  it('prints a slip only when the resident asks with the printer reported working', () => {
    const asked = transitions.filter(
      (t) =>
        t.from.machine.matches({ steps: { submitted: 'shown' } } as never) &&
        describeStep(t.step) === '{"type":"PRINT"}',
    );
    const printer = new Set(asked.map((t) => t.from.machine.context.printerAvailable));
    expect([...printer].sort()).toEqual([false, true]);
    for (const t of asked) {
      const printing = t.to.machine.matches({ steps: { submitted: 'printing' } } as never);
      expect(printing).toBe(t.from.machine.context.printerAvailable);
    }
    const intoPrinting = transitions.filter(
      (t) =>
        t.to.machine.matches({ steps: { submitted: 'printing' } } as never) &&
        !t.from.machine.matches({ steps: { submitted: 'printing' } } as never),
    );
    for (const t of intoPrinting) expect(describeStep(t.step)).toBe('{"type":"PRINT"}');
  });

  it('turns the confirmation to each of its pages, and never past either end', () => {
    const pages = new Set(
      worlds
        .filter((w) => w.machine.matches({ steps: 'submitted' } as never))
        .map((w) => w.machine.context.receiptPage),
    );
    expect([...pages].sort()).toEqual(RECEIPT_PAGES.map((_, page) => page));
  });

  it('has the agent hold a card read exactly while the card step is shown', () => {
    for (const w of worlds)
      expect(w.watching, leaf(w.machine)).toBe(w.machine.matches({ steps: 'identify' }));
  });

  it('returns to check-your-answers after a change', () => {
    const changed = transitions.filter(
      (t) =>
        t.from.machine.matches({ steps: 'question' }) &&
        t.from.machine.context.returnToCheck &&
        describeStep(t.step) === '{"type":"NEXT"}' &&
        t.to.machine.context.problem === null,
    );
    expect(changed.length).toBeGreaterThan(0);
    for (const t of changed) expect(t.to.machine.matches({ steps: 'check' })).toBe(true);
  });

  it('asks no question the card answered, and sends a card handle, never its data', () => {
    for (const w of worlds) {
      for (const request of w.submitted) {
        if (request.identity.source === 'card') {
          expect(request.identity.readId).toBe(READ_ID);
          expect(Object.keys(request.answers).sort()).toEqual(['living', 'phone']);
        } else {
          expect(request.identity.idNumber).toBe(ID_NUMBER);
          expect(request.answers).toMatchObject({ 'applicant-name': NAME, living: 'alone' });
          expect(Object.keys(request.answers)).not.toContain('applicant-id-number');
        }
        expect(['', PHONE]).toContain(request.answers.phone);
      }
    }
    const cardQuestions = worlds.filter(
      (w) =>
        w.machine.context.identity?.source === 'card' && w.machine.matches({ steps: 'question' }),
    );
    expect(cardQuestions.length).toBeGreaterThan(0);
    for (const w of cardQuestions) expect(w.machine.context.draft).not.toBe(NAME);
  });

  it('refuses a wrong answer with its problem and keeps the resident on the question', () => {
    const refused = transitions.filter(
      (t) => describeStep(t.step) === '{"type":"NEXT"}' && t.to.machine.context.problem !== null,
    );
    const problems = new Set(refused.map((t) => t.to.machine.context.problem));
    expect([...problems].sort()).toEqual(['not-a-phone', 'required']);
    for (const t of refused) expect(t.to.machine.matches({ steps: 'question' })).toBe(true);
  });

  it('forgets every answer and the identity however the flow ends, and says how it ended', () => {
    // Every way into the end, each replayed on its own path.
    const ends = transitions
      .filter((t) => t.to.machine.status === 'done' && t.from.machine.status !== 'done')
      .map((t) => t.to);
    expect(ends.length).toBeGreaterThan(10);
    for (const w of ends) {
      expect(w.machine.context).toMatchObject({
        identity: null,
        idNumber: '',
        answers: {},
        draft: '',
        receipt: null,
      });
      const back = w.machine.output?.wentBack;
      expect(w.ended.length).toBe(back ? 0 : 1);
    }
    const reasons = new Set(ends.flatMap((w) => w.ended));
    expect([...reasons].sort()).toEqual(['cancelled', 'finished', 'timeout']);
  });

  it('has the card read again when the agent lost its read, keeping every answer', () => {
    const lost = transitions.filter(
      (t) =>
        t.from.machine.matches('submitting') &&
        t.step.type === 'submit' &&
        t.step.outcome !== 'unreachable' &&
        t.step.outcome.kind === 'card-read-gone',
    );
    expect(lost.length).toBeGreaterThan(0);
    for (const t of lost) {
      expect(t.to.machine.matches({ steps: 'identify' })).toBe(true);
      expect(t.to.machine.context).toMatchObject({ cardHint: 'read-again', identity: null });
      expect(t.to.machine.context.answers).toEqual(t.from.machine.context.answers);
      expect(t.to.watching).toBe(true);
    }
    // The next read goes straight back to check-your-answers, answers as they were.
    const readAgain = transitions.filter(
      (t) =>
        t.from.machine.matches({ steps: 'identify' }) &&
        t.from.machine.context.cardHint === 'read-again' &&
        t.step.type === 'tap' &&
        t.step.event.type === 'CARD_READ' &&
        t.step.event.holder.readId !== undefined,
    );
    expect(readAgain.length).toBeGreaterThan(0);
    for (const t of readAgain) {
      expect(t.to.machine.matches({ steps: 'check' })).toBe(true);
      expect(t.to.machine.context.answers).toEqual(t.from.machine.context.answers);
      expect(t.to.machine.context.identity).toMatchObject({ source: 'card', readId: READ_ID });
    }
  });

  it('opens the question whose answer the agent refused, with a problem, and comes back to check', () => {
    const refused = transitions.filter(
      (t) =>
        t.from.machine.matches('submitting') &&
        t.step.type === 'submit' &&
        t.step.outcome !== 'unreachable' &&
        t.step.outcome.kind === 'answer-refused' &&
        t.to.machine.matches({ steps: 'question' }),
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const t of refused) {
      const { context } = t.to.machine;
      expect(askedOf(context)[context.questionIndex]?.id).toBe('living');
      // The rule on the kiosk passes 'alone': the agent's refusal is shown as such.
      expect(context.problem).toBe('not-accepted');
      expect(context.returnToCheck).toBe(true);
      expect(context.answers).toEqual(t.from.machine.context.answers);
    }
  });

  it('sends only a failure that a retry may mend to the retry screen, and calls staff for the rest', () => {
    const answered = transitions.filter(
      (t) => t.from.machine.matches('submitting') && t.step.type === 'submit',
    );
    expect(answered.length).toBeGreaterThan(0);
    for (const t of answered) {
      const outcome = t.step.type === 'submit' ? t.step.outcome : 'unreachable';
      const retry = t.to.machine.matches({ steps: 'submitFailed' });
      expect(retry, describeStep(t.step)).toBe(
        outcome === 'unreachable' || outcome.kind === 'not-committed',
      );
      if (t.to.machine.matches({ steps: 'submitRefused' })) {
        expect(t.to.staffCalled.slice(t.from.staffCalled.length)).toEqual(['apply-submit-refused']);
      }
    }
  });

  it('calls staff when the agent refuses an answer to a question this resident was not asked', () => {
    const { machine, staffCalled } = replay([
      tap({
        type: 'CARD_READ',
        holder: { maskedName: '王*英', priorityByAge: true, readId: READ_ID },
      }),
      tap({ type: 'CHOOSE_OPTION', value: 'alone' }),
      tap({ type: 'NEXT' }),
      tap({ type: 'NEXT' }),
      tap({ type: 'SUBMIT' }),
      {
        type: 'submit',
        outcome: { kind: 'answer-refused', questionId: 'applicant-id-number' },
      },
    ]);
    expect(machine.matches({ steps: 'submitRefused' })).toBe(true);
    expect(staffCalled).toEqual(['apply-submit-refused']);
  });

  it('shows the application already submitted, then its confirmation, when a retry was refused', () => {
    const already = transitions.filter(
      (t) =>
        t.from.machine.matches('submitting') && t.to.machine.matches({ steps: 'alreadySubmitted' }),
    );
    expect(already.length).toBeGreaterThan(0);
    for (const t of already) expect(t.to.machine.context.receipt).toEqual(receipt);
    const onward = transitions.filter(
      (t) =>
        t.from.machine.matches({ steps: 'alreadySubmitted' }) &&
        t.to.machine.matches({ steps: 'submitted' }),
    );
    expect(onward.length).toBeGreaterThan(0);
    for (const t of onward) expect(t.to.machine.context.receipt).toEqual(receipt);
  });
});
