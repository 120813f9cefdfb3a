import type { CounterTicket, CounterView, HallSnapshot } from '@bianmin/contract';

/** The services a ticket can be transferred to: all but the queue it waits in. */
export const transferTargetsFor = (
  hall: HallSnapshot | null,
  ticket: CounterTicket | null,
): HallSnapshot['services'] =>
  ticket === null ? [] : (hall?.services ?? []).filter((s) => s.serviceId !== ticket.serviceId);

/**
 * The ticket the transfer picker stays open for once the console has the counter again: none
 * when the counter's current ticket is another. A keypad's 下一位 or a second console may have
 * moved the counter on, and a choice in the picker would send the next resident, who never asked
 * for it, to another queue.
 */
export const pickerAfterRefresh = (
  open: CounterTicket | null,
  view: CounterView | null,
): CounterTicket | null => (open !== null && view?.current?.number === open.number ? open : null);
