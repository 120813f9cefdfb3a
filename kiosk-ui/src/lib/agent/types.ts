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
  age: number;
}

export type CardReadResult =
  | { result: 'read'; holder: CardHolderSummary }
  | { result: 'no-card' }
  | { result: 'unreadable'; hint: 'place-flat' }
  | { result: 'unavailable' };

export type PrioritySource = 'age' | 'disability';

export interface TicketRequest {
  serviceId: string;
  priority: PrioritySource | null;
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
