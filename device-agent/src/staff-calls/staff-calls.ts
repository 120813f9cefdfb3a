import { STAFF_CALL_OPEN_MINUTES, type StaffCall } from '@bianmin/contract';

/** The kiosk asks at most once per 30 s; this many open calls is a stuck button, not people. */
const MAX_OPEN = 20;

/**
 * The kiosk's calls for staff (呼叫工作人员) that no counter has answered yet, in memory: a call
 * is about a resident standing at the terminal now, so a restart (which resets the kiosk too)
 * may drop them. A call is dropped once answered or after STAFF_CALL_OPEN_MINUTES, aged by a
 * monotonic clock so that a clock step neither ends nor prolongs it.
 */
export function createStaffCalls(options: {
  now: () => Date;
  /** Monotonic milliseconds; performance.now() unless a test drives it. */
  monotonicMs?: () => number;
}) {
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const openForMs = STAFF_CALL_OPEN_MINUTES * 60_000;
  let nextId = 1;
  let open: { call: StaffCall; raisedAt: number }[] = [];
  const dropExpired = () => {
    const now = monotonicMs();
    open = open.filter((o) => now - o.raisedAt < openForMs);
  };
  return {
    raise(screen: string): StaffCall {
      dropExpired();
      const call: StaffCall = { id: nextId++, screen, calledAt: options.now().toISOString() };
      open.push({ call, raisedAt: monotonicMs() });
      if (open.length > MAX_OPEN) open = open.slice(-MAX_OPEN);
      return call;
    },
    /** Oldest first. */
    open(): StaffCall[] {
      dropExpired();
      return open.map((o) => o.call);
    },
    /** The call, taken off the list; undefined if another counter answered it first or it expired. */
    answer(id: number): StaffCall | undefined {
      dropExpired();
      const found = open.find((o) => o.call.id === id);
      if (found) open = open.filter((o) => o !== found);
      return found?.call;
    },
  };
}
export type StaffCalls = ReturnType<typeof createStaffCalls>;
