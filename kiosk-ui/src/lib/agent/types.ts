/** The agent's HTTP contract as the kiosk sees it (device-agent/src/api is the other side). */

export interface KioskService {
  id: string;
  name: string;
  description?: string;
  ticketPrefix: string;
}

export interface KioskInfo {
  terminal: { id: string; name: string; communityName: string };
  services: KioskService[];
  session: { idleTimeoutSeconds: number; warningSeconds: number; ticketShownSeconds: number };
  devMode: boolean;
}

/** What the kiosk learns from an ID card: only what the flow needs, kept in session memory. */
export interface CardHolderSummary {
  maskedName: string;
  /** The agent applies the age rule (65 or over); the kiosk never learns the age itself. */
  priorityByAge: boolean;
}

export type CardReadResult =
  | { result: 'read'; holder: CardHolderSummary }
  | { result: 'no-card' }
  | { result: 'unreadable'; hint: 'place-flat' }
  | { result: 'unavailable' };

export type PrioritySource = 'age' | 'disability';

export interface TicketRequest {
  /** One per session, so a retry returns the ticket already issued instead of a second one. */
  requestId: string;
  serviceId: string;
  /** Only whether priority applies; the reason stays in the kiosk's session memory. */
  priority: boolean;
  durationMs: number;
}

export interface IssuedTicket {
  number: string;
  serviceName: string;
  priority: boolean;
  waitingAhead: number;
  issuedAt: string;
}

export type PrintOutcome = { ok: true } | { ok: false; reason: string };

export interface TicketResponse {
  ticket: IssuedTicket;
  print: PrintOutcome;
}
