import { spoken, headerFor } from '../header.js';
import { idleFor } from '../idle.js';
import { stepFor } from '../step.js';
import { cardStepFor } from '../identify/card-step.js';
import { IDENTIFY_SPEECH, ticketAnnouncement } from './screens.js';
import { flow } from './setup.js';

/*
 * The take-ticket machine's (./machine.ts) actions, built on its setup (./setup.ts) so they are
 * typed as its own: the shared header, idle and card-step parts, and the flow's own.
 */

export const { transitions: headerTransitions, announceScreen, closeStaffWindow } = headerFor(flow);
const idle = idleFor(flow);
export const {
  restartIdleTimer,
  stopIdleTimer,
  restartOnActivity,
  remindWhoeverLeft,
  warningState,
} = idle;
/** A step that waits for the resident: announced, focused, and idle-timed. */
export const step = stepFor({ announceScreen }, idle);

export const announceTicket = flow.enqueueActions(({ context, enqueue }) => {
  if (context.readAloud && context.ticket) {
    const text = ticketAnnouncement(
      context.ticket,
      context.print,
      context.language,
      context.printerWasReady,
    );
    enqueue({ type: 'speak', params: spoken(context, text) });
  }
});

export const {
  readerAvailability,
  announce: announceCardStep,
  cardTransitions,
  keypadTransitions,
  refuseIdNumber,
  forgetIdNumber,
} = cardStepFor(flow, IDENTIFY_SPEECH);

export const serviceAvailability = flow.assign({
  serviceAvailable: ({ context, event }) => {
    if (event.type === 'SERVICE_AVAILABILITY') return event.available;
    return event.type === 'AGENT_RESYNC' ? event.serviceAvailable : context.serviceAvailable;
  },
});

export const printerAvailability = flow.assign({
  printerAvailable: ({ context, event }) => {
    if (event.type === 'PRINTER_AVAILABILITY') return event.available;
    return event.type === 'AGENT_RESYNC' ? event.printerAvailable : context.printerAvailable;
  },
});
