import { Type, type Static } from 'typebox';
import { IsoTime, Token, closed, oneOf } from '../schema.js';
import type { ApiOf } from './api.js';
import { EmptyBodySchema, WaitEstimateSchema } from './kiosk.js';

/**
 * The counters' (窗口) calls to the agent (docs/architecture.md, "The queue"): counter staff
 * on the hall's network, and later the hall display and caller keypads. Tickets carry no
 * personal data: there is none in the queue.
 */

export const TICKET_STATES = [
  'waiting',
  'called',
  'serving',
  'held',
  'done',
  'no-show',
  'closed',
] as const;

const CounterNumber = Type.Integer({ minimum: 1, maximum: 99 });
const TicketNumberText = Type.String({ pattern: '^[A-Z][0-9]{3,6}$' });

/** The counter in a path, as text: `/counters/2/call-next`. */
export const CounterParamsSchema = closed({ number: Type.String({ pattern: '^[1-9][0-9]?$' }) });
export type CounterParams = Static<typeof CounterParamsSchema>;

export const CounterTicketSchema = closed({
  number: Type.String(),
  /** The queue it waits or waited in: another service's after a transfer. */
  serviceId: Token,
  priority: Type.Boolean(),
  issuedAt: Type.String(),
  state: oneOf(TICKET_STATES),
  counter: Type.Union([CounterNumber, Type.Null()]),
  recalls: Type.Integer({ minimum: 0 }),
});
export type CounterTicket = Static<typeof CounterTicketSchema>;

export const CounterViewSchema = closed({
  number: CounterNumber,
  name: Type.String(),
  /** The queues it calls, first served first. */
  services: Type.Array(Token),
  paused: Type.Boolean(),
  current: Type.Union([CounterTicketSchema, Type.Null()]),
});
export type CounterView = Static<typeof CounterViewSchema>;

export const CountersReplySchema = closed({ counters: Type.Array(CounterViewSchema) });
export type CountersReply = Static<typeof CountersReplySchema>;

/**
 * A call's outcome. `ticket` is null when no one waits; `ignored` when the same counter had
 * called within the double-call guard, so nothing changed; `noShow` when a recall past the
 * configured recalls marked the ticket 过号 instead.
 */
export const CallReplySchema = closed({
  ticket: Type.Union([CounterTicketSchema, Type.Null()]),
  ignored: Type.Boolean(),
  noShow: Type.Optional(Type.Boolean()),
});
export type CallReply = Static<typeof CallReplySchema>;

export const CounterTicketReplySchema = closed({ ticket: CounterTicketSchema });
export type CounterTicketReply = Static<typeof CounterTicketReplySchema>;

export const CallBackRequestSchema = closed({ ticketNumber: TicketNumberText });
export type CallBackRequest = Static<typeof CallBackRequestSchema>;

/**
 * An action on the counter's current ticket (开始办理, 办结, 过号, 暂挂, 重呼), naming the ticket
 * the console shows: a caller keypad or another console may have moved the counter on since, and
 * the agent then refuses (`ticket-changed`) rather than act on a resident staff never saw.
 */
export const CurrentTicketRequestSchema = closed({ ticketNumber: TicketNumberText });
export type CurrentTicketRequest = Static<typeof CurrentTicketRequestSchema>;

/**
 * 下一位: finishes the current ticket and calls the next. A console names the ticket it shows
 * (null: none), refused as `ticket-changed` if the counter has moved on, so a late press does
 * not finish a resident who is only now walking up; without it (a tool, a script), whatever is
 * current is finished.
 */
export const CallNextRequestSchema = closed({
  ticketNumber: Type.Optional(Type.Union([TicketNumberText, Type.Null()])),
});
export type CallNextRequest = Static<typeof CallNextRequestSchema>;

/** 转移: the ticket the picker was opened for, as for the other actions, and where it goes. */
export const TransferRequestSchema = closed({ ticketNumber: TicketNumberText, serviceId: Token });
export type TransferRequest = Static<typeof TransferRequestSchema>;

export const PauseRequestSchema = closed({ paused: Type.Boolean() });
export type PauseRequest = Static<typeof PauseRequestSchema>;

export const WaitingListSchema = closed({
  /** Per queue service, in the order counters call them. */
  services: Type.Array(closed({ serviceId: Token, tickets: Type.Array(CounterTicketSchema) })),
  held: Type.Array(CounterTicketSchema),
});
export type WaitingList = Static<typeof WaitingListSchema>;

const Ms = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const QueueFiguresSchema = closed({
  services: Type.Array(
    closed({
      serviceId: Token,
      issued: Type.Integer({ minimum: 0 }),
      waiting: Type.Integer({ minimum: 0 }),
      held: Type.Integer({ minimum: 0 }),
      done: Type.Integer({ minimum: 0 }),
      noShow: Type.Integer({ minimum: 0 }),
      /** Today's medians: issue to call, and service; null before any. */
      medianWaitMs: Ms,
      medianServiceMs: Ms,
      /** What a ticket taken now would be told. */
      estimatedWait: Type.Union([WaitEstimateSchema, Type.Null()]),
    }),
  ),
  counters: Type.Array(CounterViewSchema),
});
export type QueueFigures = Static<typeof QueueFiguresSchema>;

/** A call pushed on the event stream (`queue-called`), for a hall display to follow. */
export const QueueCallSchema = closed({
  ticketNumber: Type.String(),
  serviceId: Token,
  counter: CounterNumber,
  counterName: Type.String(),
  call: oneOf(['first', 'recall', 'call-back'] as const),
});
export type QueueCall = Static<typeof QueueCallSchema>;

/** Counter staff sign in per counter with the PIN whose hash services.json keeps. */
export const SignInRequestSchema = closed({ pin: Type.String({ pattern: '^[0-9]{4,8}$' }) });
export type SignInRequest = Static<typeof SignInRequestSchema>;

/** The session itself travels as an HttpOnly cookie, scoped to the API. */
export const SignInReplySchema = closed({ counter: CounterViewSchema, expiresAt: Type.String() });
export type SignInReply = Static<typeof SignInReplySchema>;

export const SignOutReplySchema = closed({ signedOut: Type.Literal(true) });

/** The name of the session cookie sign-in sets. */
export const COUNTER_SESSION_COOKIE = 'bianmin_counter';

/** Waiting tickets per queue service: what a hall display shows, and no more. */
export const WaitingCountSchema = closed({
  serviceId: Token,
  waiting: Type.Integer({ minimum: 0 }),
});
export type WaitingCount = Static<typeof WaitingCountSchema>;

/** A counter asks the resident at it to rate the service (好差评), on the kiosk or a pad. */
export const RatingRequestSchema = closed({
  counter: CounterNumber,
  counterName: Type.String(),
  serviceId: Token,
});
export type RatingRequest = Static<typeof RatingRequestSchema>;

/**
 * What the hall display (叫号屏) starts from, and asks again after a reconnect: ticket numbers,
 * queue and counter names only.
 */
export const HallSnapshotSchema = closed({
  services: Type.Array(
    closed({ serviceId: Token, name: Type.String(), waiting: Type.Integer({ minimum: 0 }) }),
  ),
  counters: Type.Array(
    closed({
      number: CounterNumber,
      name: Type.String(),
      paused: Type.Boolean(),
      /** The ticket called to it or being served there. */
      current: Type.Union([closed({ ticketNumber: Type.String(), serviceId: Token }), Type.Null()]),
    }),
  ),
  /** Today's latest calls, newest first. */
  recentCalls: Type.Array(
    closed({
      ticketNumber: Type.String(),
      serviceId: Token,
      counter: CounterNumber,
      counterName: Type.String(),
      calledAt: Type.String(),
    }),
  ),
  announcements: Type.Array(Type.String()),
});
export type HallSnapshot = Static<typeof HallSnapshotSchema>;

/**
 * A resident pressed 呼叫工作人员 on the kiosk: what the counters' consoles show, with a chime,
 * until one of them answers it (我去处理) or it has waited STAFF_CALL_OPEN_MINUTES.
 */
export const StaffCallSchema = closed({
  id: Type.Integer({ minimum: 1 }),
  /** The kiosk's screen, as StaffCallRequest names it. */
  screen: Type.String({ pattern: '^[a-z][a-z-]{0,39}$' }),
  calledAt: IsoTime,
});
export type StaffCall = Static<typeof StaffCallSchema>;

/** A resident not helped by then has gone, or gone to a counter; the call is dropped. */
export const STAFF_CALL_OPEN_MINUTES = 15;

export const StaffCallsReplySchema = closed({ calls: Type.Array(StaffCallSchema) });
export type StaffCallsReply = Static<typeof StaffCallsReplySchema>;

export const AnswerStaffCallRequestSchema = closed({ id: Type.Integer({ minimum: 1 }) });
export type AnswerStaffCallRequest = Static<typeof AnswerStaffCallRequestSchema>;

/** Who is going: every console, and the kiosk, learn it from the `staff-call-answered` event. */
export const StaffCallAnswerSchema = closed({
  id: Type.Integer({ minimum: 1 }),
  counter: CounterNumber,
  counterName: Type.String(),
});
export type StaffCallAnswer = Static<typeof StaffCallAnswerSchema>;

/** The counters' routes, by path under AGENT_API_PREFIX; `:number` is the counter's. */
export const COUNTER_ROUTES = {
  '/counters': { method: 'GET', reply: CountersReplySchema },
  '/counters/:number': { method: 'GET', reply: CounterViewSchema },
  '/counters/:number/sign-in': {
    method: 'POST',
    body: SignInRequestSchema,
    reply: SignInReplySchema,
  },
  '/counters/:number/sign-out': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: SignOutReplySchema,
  },
  '/counters/:number/ask-rating': {
    method: 'POST',
    body: EmptyBodySchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/call-next': {
    method: 'POST',
    body: CallNextRequestSchema,
    reply: CallReplySchema,
  },
  '/counters/:number/recall': {
    method: 'POST',
    body: CurrentTicketRequestSchema,
    reply: CallReplySchema,
  },
  '/counters/:number/call-back': {
    method: 'POST',
    body: CallBackRequestSchema,
    reply: CallReplySchema,
  },
  '/counters/:number/start': {
    method: 'POST',
    body: CurrentTicketRequestSchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/done': {
    method: 'POST',
    body: CurrentTicketRequestSchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/no-show': {
    method: 'POST',
    body: CurrentTicketRequestSchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/hold': {
    method: 'POST',
    body: CurrentTicketRequestSchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/transfer': {
    method: 'POST',
    body: TransferRequestSchema,
    reply: CounterTicketReplySchema,
  },
  '/counters/:number/pause': { method: 'POST', body: PauseRequestSchema, reply: CounterViewSchema },
  '/counters/:number/answer-staff-call': {
    method: 'POST',
    body: AnswerStaffCallRequestSchema,
    reply: StaffCallAnswerSchema,
  },
  /** The kiosk's calls for staff not yet answered, oldest first. */
  '/staff-calls': { method: 'GET', reply: StaffCallsReplySchema },
  '/queue/waiting': { method: 'GET', reply: WaitingListSchema },
  '/queue/figures': { method: 'GET', reply: QueueFiguresSchema },
  /** For the hall display: no sign-in, the counter networks only. */
  '/hall': { method: 'GET', reply: HallSnapshotSchema },
} as const;

export type CounterApi = ApiOf<typeof COUNTER_ROUTES>;
