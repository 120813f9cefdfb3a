import type {
  AGENT_EVENTS_PATH,
  AgentEvent,
  AgentEventType,
  CardPresence,
  CardUnreadableReason,
  CodeRejectedReason,
  DeviceReport,
  ScannerSymbology,
} from '@bianmin/contract';
import { SCANNED_CODE_MAX_CHARS } from '@bianmin/contract/scanned-text';
import { openReconnectingStream, type StreamOptions } from './reconnecting-stream.js';
import { isNotices } from '../notices/parse.js';

/** Same origin as the page; the path is the contract's. */
const EVENTS_URL: `/api/v1${typeof AGENT_EVENTS_PATH}` = '/api/v1/events';

export type { EventSourceLike } from './reconnecting-stream.js';

export type AgentEventStreamOptions = StreamOptions<AgentEvent>;

/** The agent's pushed events for the kiosk page (reconnecting-stream.ts says how it recovers). */
export const openAgentEvents = (options: AgentEventStreamOptions): { close(): void } =>
  openReconnectingStream(EVENTS_URL, parseAgentEvent, options);

// Every value of each closed set, so a value the contract gains fails to compile here.
const PRESENCES: Record<CardPresence, true> = { 'not-watching': true, none: true, present: true };
const REASONS: Record<CardUnreadableReason, true> = {
  'place-flat': true,
  'try-again': true,
  'use-other-card': true,
  'call-staff': true,
};
const SEVERITIES: Record<DeviceReport['severity'], true> = { ok: true, warning: true, fault: true };
const SYMBOLOGIES: Record<ScannerSymbology, true> = {
  qr: true,
  'data-matrix': true,
  pdf417: true,
  aztec: true,
  'code-128': true,
  'gs1-128': true,
  'ean-13': true,
  'ean-8': true,
  'code-39': true,
  itf: true,
  unknown: true,
};
const REJECTIONS: Record<CodeRejectedReason, true> = {
  empty: true,
  'too-long': true,
  'control-character': true,
  'not-utf8': true,
  'line-too-long': true,
};

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOneOf = (set: Record<string, true>, value: unknown) =>
  typeof value === 'string' && Object.hasOwn(set, value);
const isDeviceReport = (value: unknown) =>
  isFields(value) &&
  isFields(value.status) &&
  typeof value.status.device === 'string' &&
  typeof value.status.state === 'string' &&
  isOneOf(SEVERITIES, value.severity);

/** What each event type must carry; a type the contract gains without a check fails to compile. */
const CHECKS: { [T in AgentEventType]: (message: Fields) => boolean } = {
  resync: (m) =>
    Array.isArray(m.devices) &&
    m.devices.every(isDeviceReport) &&
    isOneOf(PRESENCES, m.card) &&
    isNotices(m.notices),
  'device-state': (m) => isDeviceReport(m.device),
  'card-placed': () => true,
  // Exactly the summary's two fields: anything more from the card is refused, not ignored.
  'card-read': (m) =>
    isFields(m.holder) &&
    Object.keys(m.holder).length === (m.holder.readId === undefined ? 2 : 3) &&
    typeof m.holder.maskedName === 'string' &&
    typeof m.holder.priorityByAge === 'boolean' &&
    // The handle of a card the agent holds for an application (lib/flows/apply/).
    (m.holder.readId === undefined || typeof m.holder.readId === 'string'),
  'card-unreadable': (m) => isOneOf(REASONS, m.reason),
  'card-removed': () => true,
  'code-scanned': (m) =>
    isOneOf(SYMBOLOGIES, m.symbology) &&
    typeof m.text === 'string' &&
    m.text.length > 0 &&
    m.text.length <= SCANNED_CODE_MAX_CHARS,
  'code-rejected': (m) => isOneOf(REJECTIONS, m.reason),
  // A counter's call is for a hall display; no kiosk flow uses it, so it is dropped here.
  'queue-called': () => false,
  'queue-changed': () => false,
  // For the counters' consoles: the kiosk already told the resident their call went out.
  'staff-called': () => false,
  // A counter took a call: the flow that made it says who is coming (lib/kiosk-flows.svelte.ts).
  'staff-call-answered': (m) =>
    isFields(m.answer) &&
    Number.isInteger(m.answer.id) &&
    Number.isInteger(m.answer.counter) &&
    typeof m.answer.counterName === 'string',
  // A counter asks the idle kiosk to offer 好差评 for the service it gave (lib/flows/session/).
  'rating-requested': (m) =>
    isFields(m.request) &&
    Number.isInteger(m.request.counter) &&
    typeof m.request.counterName === 'string' &&
    typeof m.request.serviceId === 'string' &&
    m.request.serviceId.length > 0,
  // The home screen's warnings and announcements (lib/notices/).
  notices: (m) => isNotices(m.notices),
};

/**
 * One message's data as an AgentEvent, or null for anything else (malformed, or a type or
 * value this kiosk does not know, e.g. from a newer agent). Checked by hand: no schema
 * validator is shipped to the browser.
 */
export function parseAgentEvent(data: string): AgentEvent | null {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isFields(message) || typeof message.type !== 'string') return null;
  if (!Object.hasOwn(CHECKS, message.type)) return null;
  return CHECKS[message.type as AgentEventType](message) ? (message as AgentEvent) : null;
}
