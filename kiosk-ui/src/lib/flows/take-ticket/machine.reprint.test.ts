import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type {
  PrintOutcome,
  ReprintRequest,
  TicketRequest,
  TicketResponse,
} from '../../agent/types.js';
import { screenMeta } from '../screen.js';
import type { EndReason } from './context.js';
import { takeTicketMachine } from './machine.js';
import { PRINTER_BACK, ticketAnnouncement } from './screens.js';
import { translate } from '../../i18n/translate.js';

const services = [{ id: 'social-security', name: '社保业务', ticketPrefix: 'A' }];
const timing = { idleTimeoutMs: 120_000, warningMs: 30_000, ticketShownMs: 20_000 };

const ticket = {
  number: 'A007',
  serviceName: '社保业务',
  priority: false,
  waitingAhead: 3,
  issuedAt: '2026-11-23T09:00:00+08:00',
};

/**
 * The flow with a fake agent (this unit-tests the flow above the HTTP client): the first print
 * ends as `firstPrint`; each reprint answers with the next of `reprints` (an Error: the call
 * failed).
 */
function harness(firstPrint: PrintOutcome, reprints: (PrintOutcome | Error)[] = []) {
  const clock = new SimulatedClock();
  const issued: TicketRequest[] = [];
  const reprinted: ReprintRequest[] = [];
  const spoken: string[] = [];
  const ended: EndReason[] = [];
  const staffCalls: string[] = [];
  const machine = takeTicketMachine.provide({
    actors: {
      issueTicket: fromPromise<TicketResponse, TicketRequest>(async ({ input }) => {
        issued.push(input);
        return { ticket, print: firstPrint };
      }),
      reprintTicket: fromPromise<TicketResponse, ReprintRequest>(async ({ input }) => {
        reprinted.push(input);
        const answer = reprints.shift() ?? new Error('no answer prepared');
        if (answer instanceof Error) throw answer;
        return { ticket, print: answer };
      }),
    },
    actions: {
      speak: (_, params) => spoken.push(params.text),
      sessionEnded: (_, params) => ended.push(params.reason),
      callStaff: ({ self }, params) => {
        staffCalls.push(params.screen);
        self.send({ type: 'STAFF_CALL_ANSWERED', sent: true });
      },
    },
  });
  const actor = createActor(machine, {
    input: { services, timeZone: 'Asia/Shanghai', timing },
    clock,
  });
  actor.start();
  const screen = () => screenMeta(actor.getSnapshot()).screen;
  const takeTicket = async () => {
    actor.send({ type: 'START' });
    // Told the printer is not working, the resident takes a ticket anyway.
    if (screen() === 'printer-out') actor.send({ type: 'ACCEPT_NO_SLIP' });
    actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    actor.send({ type: 'SKIP_CARD' });
    actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    await waitFor(actor, (s) => !s.matches('issuing'));
  };
  const printer = (available: boolean) => actor.send({ type: 'PRINTER_AVAILABILITY', available });
  return {
    actor,
    clock,
    issued,
    reprinted,
    spoken,
    ended,
    staffCalls,
    screen,
    takeTicket,
    printer,
  };
}

const paperOut: PrintOutcome = { ok: false, reason: 'no-paper' };

describe('takeTicketMachine, a slip that did not print', () => {
  it('keeps the number on screen and offers no reprint while the printer is faulted, calling nobody for a fault the resident was told of', async () => {
    const h = harness(paperOut);
    h.printer(false);
    await h.takeTicket();
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.actor.getSnapshot().context).toMatchObject({
      ticket,
      print: paperOut,
      printerWasReady: false,
    });
    expect(h.staffCalls).toEqual([]);
    expect(h.actor.getSnapshot().context.staffNotice).toBe('none');
    h.actor.send({ type: 'REPRINT' });
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.reprinted).toEqual([]);
    // The resident's own 呼叫工作人员 works as on any screen.
    h.actor.send({ type: 'CALL_STAFF' });
    expect(h.staffCalls).toEqual(['slip-not-printed']);
    expect(h.actor.getSnapshot().context.staffNotice).toBe('sent');
  });

  it('says there is no slip, as the resident was told, rather than that printing failed', async () => {
    const h = harness(paperOut);
    h.printer(false);
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    await h.takeTicket();
    const noSlip = ticketAnnouncement(ticket, paperOut, 'zh-CN', false);
    expect(noSlip).toContain(translate('zh-CN', 'speech.ticketNoSlip'));
    expect(h.spoken.at(-1)).toBe(noSlip);
    h.actor.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(h.spoken.at(-1)).toBe(ticketAnnouncement(ticket, paperOut, 'en', false));
  });

  it('calls staff for a slip that fails on a printer reported working', async () => {
    const h = harness(paperOut);
    await h.takeTicket();
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.actor.getSnapshot().context.printerWasReady).toBe(true);
    expect(h.staffCalls).toEqual(['slip-not-printed']);
    expect(h.actor.getSnapshot().context.staffNotice).toBe('sent');
  });

  it('still calls staff when the fault the failed slip caused is reported before the ticket', async () => {
    const h = harness(paperOut);
    h.actor.send({ type: 'START' });
    h.actor.send({ type: 'CHOOSE_SERVICE', serviceId: 'social-security' });
    h.actor.send({ type: 'SKIP_CARD' });
    h.actor.send({ type: 'ANSWER_PRIORITY', needsPriority: false });
    expect(h.actor.getSnapshot().matches('issuing')).toBe(true);
    h.printer(false);
    await waitFor(h.actor, (s) => !s.matches('issuing'));
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.staffCalls).toEqual(['slip-not-printed']);
  });

  it('never prints again by itself: the printer coming back only enables the button', async () => {
    const h = harness(paperOut, [{ ok: true }]);
    h.printer(false);
    await h.takeTicket();
    h.printer(true);
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.reprinted).toEqual([]);
    h.actor.send({ type: 'REPRINT' });
    expect(h.screen()).toBe('reprinting');
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.reprinted).toEqual([{ requestId: h.issued[0]!.requestId }]);
    expect(h.actor.getSnapshot().context.print).toEqual({ ok: true });
  });

  it('says so with read-aloud on when the printer is back', async () => {
    const h = harness(paperOut);
    h.printer(false);
    await h.takeTicket();
    h.actor.send({ type: 'TOGGLE_READ_ALOUD' });
    h.printer(true);
    h.printer(true);
    const back = translate('zh-CN', PRINTER_BACK);
    expect(h.spoken.filter((text) => text === back)).toHaveLength(1);
  });

  it('goes back to the number with a note when the reprint does not print or the call fails', async () => {
    const h = harness({ ok: false, reason: 'cover-open' }, [
      { ok: false, reason: 'no-paper' },
      new Error('agent unreachable'),
      { ok: true },
    ]);
    await h.takeTicket();
    for (let i = 0; i < 2; i++) {
      h.actor.send({ type: 'REPRINT' });
      await waitFor(h.actor, (s) => s.matches({ session: { slipNotPrinted: 'waiting' } }));
      expect(h.actor.getSnapshot().context.reprintFailed).toBe(true);
    }
    expect(h.actor.getSnapshot().context.print).toEqual({ ok: false, reason: 'no-paper' });
    h.actor.send({ type: 'REPRINT' });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.reprinted).toHaveLength(3);
    expect(new Set(h.reprinted.map((r) => r.requestId)).size).toBe(1);
  });

  it('waits for the resident like any step: warning, continue back to the number, then home', async () => {
    const h = harness(paperOut);
    await h.takeTicket();
    h.clock.increment(timing.idleTimeoutMs);
    expect(h.screen()).toBe('idle-warning');
    h.actor.send({ type: 'CONTINUE' });
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.actor.getSnapshot().context.ticket).toEqual(ticket);
    h.actor.send({ type: 'DONE' });
    expect(h.screen()).toBe('home');
    expect(h.ended).toEqual(['finished']);
    expect(h.actor.getSnapshot().context).toMatchObject({
      ticket: null,
      print: null,
      reprintFailed: false,
    });
  });

  it('shows the ticket as before when the outcome is unknown, since the slip may have printed', async () => {
    const h = harness({ ok: false, reason: 'unknown-outcome' });
    await h.takeTicket();
    expect(h.screen()).toBe('ticket-shown');
    expect(h.staffCalls).toEqual([]);
  });

  it('offers a reprint for a job the printer never confirmed, as for one it stopped in', async () => {
    const h = harness({ ok: false, reason: 'unconfirmed' }, [{ ok: true }]);
    await h.takeTicket();
    expect(h.screen()).toBe('slip-not-printed');
    expect(h.staffCalls).toEqual(['slip-not-printed']);
    h.actor.send({ type: 'REPRINT' });
    await waitFor(h.actor, (s) => s.matches('ticketShown'));
    expect(h.reprinted).toHaveLength(1);
  });

  it('follows the printer in the agent resync too', async () => {
    const h = harness(paperOut, [{ ok: true }]);
    const resync = (printerAvailable: boolean) =>
      h.actor.send({
        type: 'AGENT_RESYNC',
        readerAvailable: true,
        serviceAvailable: true,
        printerAvailable,
        card: 'not-watching',
      });
    resync(false);
    await h.takeTicket();
    h.actor.send({ type: 'REPRINT' });
    expect(h.reprinted).toEqual([]);
    resync(true);
    h.actor.send({ type: 'REPRINT' });
    expect(h.screen()).toBe('reprinting');
  });
});
