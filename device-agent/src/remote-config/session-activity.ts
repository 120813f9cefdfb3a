/**
 * Whether a resident's session is in progress, from the kiosk's session start and end calls.
 * A session the kiosk never ended (the page was reloaded mid-session) stops counting after
 * `staleAfterMs`, so a lost end call cannot hold configuration back for ever.
 */
export function createSessionActivity(options: { now: () => Date; staleAfterMs: number }) {
  let startedAt: number | undefined;
  const idleListeners = new Set<() => void>();
  return {
    started(): void {
      startedAt = options.now().getTime();
    },
    ended(): void {
      startedAt = undefined;
      for (const listener of [...idleListeners]) listener();
    },
    busy(): boolean {
      return startedAt !== undefined && options.now().getTime() - startedAt < options.staleAfterMs;
    },
    /** Called each time a session ends. */
    onIdle(listener: () => void): () => void {
      idleListeners.add(listener);
      return () => idleListeners.delete(listener);
    },
  };
}
export type SessionActivity = ReturnType<typeof createSessionActivity>;
