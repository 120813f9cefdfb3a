import { systemClock, type Clock } from '@bianmin/common';

/**
 * Whether a resident's session is in progress, from the kiosk's session start and end calls.
 * A session the kiosk never ended (the page was reloaded mid-session) stops counting after
 * `staleAfterMs`, so a lost end call cannot hold configuration back for ever.
 *
 * The kiosk ends the session as the resident leaves the service, which is when it offers
 * 好差评: for `lingerMs` after an end the resident may still be rating, so the terminal counts
 * as busy and the idle listeners are called only once that time has passed with no new
 * session (a restart then would lose the rating).
 */
export function createSessionActivity(options: {
  now: () => Date;
  staleAfterMs: number;
  lingerMs?: number;
  clock?: Clock;
}) {
  const clock = options.clock ?? systemClock;
  const lingerMs = options.lingerMs ?? 0;
  let startedAt: number | undefined;
  let linger: unknown;
  const idleListeners = new Set<() => void>();
  const stopLingering = () => {
    if (linger !== undefined) clock.clearTimeout(linger);
    linger = undefined;
  };
  const becameIdle = () => {
    linger = undefined;
    for (const listener of [...idleListeners]) listener();
  };
  return {
    started(): void {
      stopLingering();
      startedAt = options.now().getTime();
    },
    ended(): void {
      startedAt = undefined;
      stopLingering();
      if (lingerMs <= 0) {
        becameIdle();
        return;
      }
      linger = clock.setTimeout(becameIdle, lingerMs);
      // Node's handle: a pending linger must not keep the agent's process alive at shutdown.
      (linger as { unref?: () => void } | null)?.unref?.();
    },
    busy(): boolean {
      if (startedAt !== undefined)
        return options.now().getTime() - startedAt < options.staleAfterMs;
      // The linger's own timer says when it is over, whatever the wall clock does meanwhile.
      return linger !== undefined;
    },
    /** Called each time a session has ended and its linger has passed. */
    onIdle(listener: () => void): () => void {
      idleListeners.add(listener);
      return () => idleListeners.delete(listener);
    },
  };
}
export type SessionActivity = ReturnType<typeof createSessionActivity>;
