import type { CounterTicket, HallSnapshot } from '@bianmin/contract';

/** A service's name as the hall lists it; its id until the hall is loaded. */
export const serviceNameIn = (hall: HallSnapshot | null, serviceId: string): string =>
  hall?.services.find((s) => s.serviceId === serviceId)?.name ?? serviceId;

/** A ticket as staff read it: its number and its service. */
export const ticketLabelIn = (hall: HallSnapshot | null, ticket: CounterTicket): string =>
  `${ticket.number}（${serviceNameIn(hall, ticket.serviceId)}）`;
