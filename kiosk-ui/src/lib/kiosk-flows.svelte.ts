import {
  createActor,
  type Actor,
  fromPromise,
  type ActorRefFrom,
  type AnyActorRef,
  type EventFrom,
  type SnapshotFrom,
  type Subscription,
} from 'xstate';
import { agent } from '$lib/agent/client';
import type {
  AgentEvent,
  ApplicationPrintRequest,
  GuidePrintRequest,
  ApplicationRequest,
  KioskInfo,
  Rating,
  ReprintRequest,
  TicketRequest,
} from '$lib/agent/types';
import type { ApplyEvent } from '$lib/flows/apply/context';
import { applyEventOf, APPLY_STREAM_LOST } from '$lib/flows/apply/agent-events';
import { applyMachine } from '$lib/flows/apply/machine';
import { submitOutcome } from '$lib/flows/apply/submission';
import type { RateEvent } from '$lib/flows/rate/context';
import { rateMachine } from '$lib/flows/rate/machine';
import type { SessionEvent, SessionInput } from '$lib/flows/session/context';
import { sessionEventOf } from '$lib/flows/session/agent-events';
import { sessionMachine } from '$lib/flows/session/machine';
import { flowEventOf, STREAM_LOST } from '$lib/flows/take-ticket/agent-events';
import { takeTicketMachine } from '$lib/flows/take-ticket/machine';
import { afterNextPaint, focusNewScreen } from '$lib/screen-focus';
import { screenProfile } from '$lib/screen-profile';
import { chime, speak, stopSpeaking } from '$lib/speech';
import type { Utterance } from '$lib/flows/header';

type TicketEvent = EventFrom<typeof takeTicketMachine>;
type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;
/** How the resident's call for staff went, for the flow on the glass. */
type StaffCallNews = Extract<TicketEvent, { type: 'STAFF_CALL_ANSWERED' | 'STAFF_COMING' }>;
/** What the header's buttons send, to whichever flow is on the glass. */
type HeaderEvent = Extract<
  TicketEvent,
  {
    type:
      | 'TOGGLE_READ_ALOUD'
      | 'NEXT_TEXT_SIZE'
      | 'NEXT_VOLUME'
      | 'TOGGLE_THEME'
      | 'SET_LANGUAGE'
      | 'CALL_STAFF';
  }
>;

/** The session's input on this glass, for the page's session and for the idle rehearsal. */
export function sessionInput(kiosk: KioskInfo): SessionInput {
  return {
    catalogue: kiosk.catalogue,
    queues: kiosk.services,
    screenHeightMm: window.innerHeight * screenProfile().mmPerPx,
    // As kiosk.css's media queries tell it: portrait stacks what landscape sets in the margins.
    portrait: matchMedia('(orientation: portrait)').matches,
    timeZone: kiosk.terminal.timeZone,
    communityName: kiosk.terminal.communityName,
    timing: {
      idleTimeoutMs: kiosk.session.idleTimeoutSeconds * 1000,
      warningMs: kiosk.session.warningSeconds * 1000,
      ticketShownMs: kiosk.session.ticketShownSeconds * 1000,
    },
  };
}

/** A flow the session has handed over to, followed while it runs: its actor and latest snapshot. */
class ChildFlow<A extends AnyActorRef> {
  actor: A | null = null;
  // Raw: snapshots are replaced whole, never mutated, so deep reactivity would only cost.
  snapshot = $state.raw<SnapshotFrom<A> | null>(null);
  #subscription: Subscription | null = null;

  /** Follows `child` from now on; false if it is the one already followed. */
  follow(child: A | null): boolean {
    if (child === this.actor) return false;
    this.#subscription?.unsubscribe();
    this.actor = child;
    this.snapshot = child?.getSnapshot() ?? null;
    this.#subscription =
      child?.subscribe((snapshot: SnapshotFrom<A>) => (this.snapshot = snapshot)) ?? null;
    return true;
  }

  stop(): void {
    this.#subscription?.unsubscribe();
  }
}

/**
 * The resident's flows as the kiosk page runs them: the session on top, and the take-ticket,
 * rate and apply flows it hands over to, each followed while it runs. The machines decide what
 * happens and when; this carries out how, with the agent, speech and focus (docs/architecture.md,
 * "Flows and screens"). The page draws the snapshots and sends the resident's taps back.
 */
export class KioskFlows {
  // Raw: snapshots are replaced whole, never mutated, so deep reactivity would only cost.
  session = $state.raw<SessionSnapshot | null>(null);
  #session: Actor<typeof sessionMachine>;
  #ticket = new ChildFlow<ActorRefFrom<typeof takeTicketMachine>>();
  #rate = new ChildFlow<ActorRefFrom<typeof rateMachine>>();
  #apply = new ChildFlow<ActorRefFrom<typeof applyMachine>>();

  /** The take-ticket flow's, while the session has handed over to it. */
  get ticket() {
    return this.#ticket.snapshot;
  }
  /** The rate flow's, while the session has handed over to it after a service. */
  get rating() {
    return this.#rate.snapshot;
  }
  /** The apply flow's, while the session has handed over to it from an application's guide. */
  get applying() {
    return this.#apply.snapshot;
  }

  /**
   * The devices' states as the take-ticket flow would have heard them: it starts afresh under
   * the session, after the stream's resync, so it is told them when it starts. Only whether
   * each device serves: a card the resync saw is not there any more.
   */
  #deviceStates: TicketEvent[] = [];
  /** The agent's id of this resident's last call for staff that got through. */
  #staffCallId: number | null = null;
  /**
   * Counts the session's returns home, each the end of a resident: a reply to a call that comes
   * back after its resident has gone is not the next one's.
   */
  #residents = 0;
  #atHome = true;

  /** `showReminder`: the take-your-card reminder, which the page shows on home. */
  constructor(kiosk: KioskInfo, showReminder: () => void) {
    // How the kiosk carries out the header and idle actions every flow shares
    // (lib/flows/header.ts, idle.ts): one implementation for all of them.
    const shared = {
      // The call is the resident's, carried from flow to flow (flows/header.ts): how it went is
      // told to the flow on the glass by then, which holds it, not the one that made it.
      callStaff: (_: unknown, params: { screen: string }) => {
        const resident = this.#residents;
        const answered = (sent: boolean) => {
          if (resident === this.#residents) {
            this.#onGlass().send({ type: 'STAFF_CALL_ANSWERED', sent });
          }
        };
        agent.callStaff(params.screen).then(
          (reply) => {
            if (resident === this.#residents) this.#staffCallId = reply.callId ?? null;
            answered(true);
          },
          () => answered(false),
        );
      },
      speak: (_: unknown, params: Utterance) => speak(params),
      silence: () => stopSpeaking(),
      chime: () => chime(),
      focusHeading: () => focusNewScreen(document),
      showReminder,
    };
    const takeTicket = takeTicketMachine.provide({
      actors: {
        issueTicket: fromPromise(({ input }: { input: TicketRequest }) => agent.issueTicket(input)),
        reprintTicket: fromPromise(({ input }: { input: ReprintRequest }) =>
          agent.reprintTicket(input),
        ),
      },
      actions: {
        // The session flow told the agent when the resident started. Notices the glass does not
        // wait for go after the new screen's paint: a fetch started inside the tap costs it a few
        // ms on a slow board (docs/benchmarks.md, "Kiosk in the browser").
        sessionStarted: () => {},
        sessionEnded: (_, params) => afterNextPaint(() => agent.sessionEnded(params.reason)),
        // If the agent cannot be asked, no card will be read: the card step offers to skip.
        watchCard: ({ self }, params) => {
          agent.watchCard(params.on).catch(() => {
            if (params.on) self.send(STREAM_LOST);
          });
        },
        ...shared,
      },
    });
    // 好差评 after a service: the rating goes to the agent's outbox, nothing else.
    const rate = rateMachine.provide({
      actors: {
        submitRating: fromPromise(({ input }: { input: Rating }) => agent.submitRating(input)),
      },
      actions: {
        // The session tells the agent when the resident started and ended.
        sessionEnded: () => {},
        ...shared,
      },
    });
    // 申请: the application goes to the agent, which hands it to its connector (docs/flows.md).
    const apply = applyMachine.provide({
      actors: {
        submitApplication: fromPromise(async ({ input }: { input: ApplicationRequest }) =>
          submitOutcome(await agent.submitApplication(input)),
        ),
        printSlip: fromPromise(({ input }: { input: ApplicationPrintRequest }) =>
          agent.printApplication(input),
        ),
      },
      actions: {
        sessionEnded: (_, params) => afterNextPaint(() => agent.sessionEnded(params.reason)),
        // The agent holds a card read for the application only while this asks it to.
        watchCard: ({ self }, params) => {
          agent.watchCard(params.on, true).catch(() => {
            if (params.on) self.send(APPLY_STREAM_LOST);
          });
        },
        ...shared,
      },
    });
    const session = sessionMachine.provide({
      actors: {
        takeTicket,
        rate,
        apply,
        // 带走指南's print: the agent prints the guide from its own catalogue by the id.
        printGuide: fromPromise(({ input }: { input: GuidePrintRequest }) =>
          agent.printGuide(input),
        ),
      },
      actions: {
        sessionStarted: () => afterNextPaint(agent.sessionStarted),
        sessionEnded: (_, params) => afterNextPaint(() => agent.sessionEnded(params.reason)),
        ...shared,
      },
    });
    this.#session = createActor(session, { input: sessionInput(kiosk) });
    this.#session.subscribe((s) => this.#follow(s));
  }

  start(): void {
    this.#session.start();
  }

  stop(): void {
    this.#ticket.stop();
    this.#rate.stop();
    this.#apply.stop();
    this.#session.stop();
  }

  // A resident's action on a screen: whatever was being read aloud stops.
  sendSession = (event: SessionEvent) => {
    stopSpeaking();
    this.#session.send(event);
  };

  sendTicket = (event: TicketEvent) => {
    stopSpeaking();
    this.#ticket.actor?.send(event);
  };

  sendRating = (event: RateEvent) => {
    stopSpeaking();
    this.#rate.actor?.send(event);
  };

  sendApply = (event: ApplyEvent) => {
    stopSpeaking();
    this.#apply.actor?.send(event);
  };

  /** Header taps go to the flow on the glass. */
  sendHeader = (event: HeaderEvent) => this.#onGlass().send(event);

  /** The flow whose screen is shown: one the session handed over to, else the session. */
  #onGlass(): { send(event: StaffCallNews | HeaderEvent): void } {
    return this.#rate.actor ?? this.#apply.actor ?? this.#ticket.actor ?? this.#session;
  }

  /** Card reads, device states and scanned codes, to the flows that listen for them. */
  hear(event: AgentEvent): void {
    if (event.type === 'staff-call-answered') {
      // Said on whichever flow the resident is on now; a flow takes it only while its resident's
      // call stands sent, so a later resident never hears of an earlier one's call.
      if (event.answer.id === this.#staffCallId) {
        this.#onGlass().send({ type: 'STAFF_COMING', counterName: event.answer.counterName });
      }
      return;
    }
    const sessionEvent = sessionEventOf(event);
    if (sessionEvent) this.#session.send(sessionEvent);
    const ticketEvent = flowEventOf(event);
    if (ticketEvent) {
      this.#remember(ticketEvent);
      this.#ticket.actor?.send(ticketEvent);
    }
    const applyEvent = applyEventOf(event);
    if (applyEvent) this.#apply.actor?.send(applyEvent);
  }

  /** The agent's event stream is lost: no card can be read until it is back. */
  streamLost(): void {
    // The session too, for the flow it starts next; the stream's resync says when it is back.
    this.#session.send({ type: 'READER_AVAILABILITY', available: false });
    this.#ticket.actor?.send(STREAM_LOST);
    this.#apply.actor?.send(APPLY_STREAM_LOST);
  }

  #follow(s: SessionSnapshot): void {
    this.session = s;
    const home = s.matches('home');
    if (home && !this.#atHome) {
      this.#residents += 1;
      this.#staffCallId = null;
    }
    this.#atHome = home;
    this.#rate.follow(s.children.rate ?? null);
    // The apply flow hears the reader's and the printer's states first, the take-ticket flow
    // every device's.
    if (this.#apply.follow(s.children.apply ?? null)) {
      for (const event of this.#deviceStates) {
        if (event.type === 'READER_AVAILABILITY' || event.type === 'PRINTER_AVAILABILITY') {
          this.#apply.actor?.send(event);
        }
      }
    }
    if (this.#ticket.follow(s.children.takeTicket ?? null)) {
      for (const event of this.#deviceStates) this.#ticket.actor?.send(event);
    }
  }

  #remember(event: TicketEvent): void {
    const others = (type: TicketEvent['type']) => this.#deviceStates.filter((e) => e.type !== type);
    if (event.type === 'AGENT_RESYNC') {
      this.#deviceStates = [
        { type: 'READER_AVAILABILITY', available: event.readerAvailable },
        { type: 'SERVICE_AVAILABILITY', available: event.serviceAvailable },
        { type: 'PRINTER_AVAILABILITY', available: event.printerAvailable },
      ];
    } else if (event.type.endsWith('_AVAILABILITY')) {
      this.#deviceStates = [...others(event.type), event];
    }
  }
}
