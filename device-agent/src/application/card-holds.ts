import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@bianmin/common';
import type { IdCardHolder } from '../id-card/index.js';

/** What an application takes from the card: the name and the number, nothing else. */
export interface CardIdentity {
  name: string;
  idNumber: string;
}

/**
 * The hold's age by a clock that only moves forward: the wall clock can step (NTP, a
 * technician setting the time) and would then age a read the resident placed a minute ago.
 */
const monotonicNow = () => performance.now();

/** A card read for an application is kept no longer than a resident could take to answer. */
const KEEP_MS = 30 * 60_000;

/**
 * The one card read an application may still use (docs/flows.md, "Apply"): kept in memory
 * under a random handle that the `card-read` event carries, so the name and number never
 * pass through the page. A newer read replaces it; a commit takes it; a session's start or
 * end, a reading for anything else (a card read or failed: ../agent/card-watcher.ts), and the
 * time limit drop it. It is never written anywhere.
 */
export function createCardHolds(options: { clock?: Clock; keepMs?: number } = {}) {
  const clock = options.clock ?? systemClock;
  const keepMs = options.keepMs ?? KEEP_MS;
  let held: { id: string; identity: CardIdentity; until: number; expiry: unknown } | null = null;

  function drop(): void {
    if (held === null) return;
    clock.clearTimeout(held.expiry);
    held = null;
  }

  return {
    keep(holder: IdCardHolder): string {
      drop();
      const id = randomUUID();
      // The session's end can be lost (a reload, a failed call, a stuck screen), so the
      // limit itself forgets the name and number rather than waiting for a take() to notice.
      const expiry = clock.setTimeout(() => {
        if (held?.id === id) held = null;
      }, keepMs);
      // Node's handle: a hold must not keep the agent's process alive at shutdown.
      (expiry as { unref?: () => void } | null)?.unref?.();
      held = {
        id,
        identity: { name: holder.name, idNumber: holder.idNumber },
        until: monotonicNow() + keepMs,
        expiry,
      };
      return id;
    },
    /**
     * The identity held under `id`, still held: an application reads it first and takes it
     * only once committed, so a failed commit can be retried with the same read.
     */
    peek(id: string): CardIdentity | undefined {
      if (held === null || held.id !== id) return undefined;
      return monotonicNow() <= held.until ? held.identity : undefined;
    },
    /** The identity held under `id`, once: it is dropped as it is handed over. */
    take(id: string): CardIdentity | undefined {
      if (held === null || held.id !== id) return undefined;
      const { identity, until } = held;
      drop();
      // The expiry timer can run late on a busy event loop; the limit holds regardless.
      return monotonicNow() <= until ? identity : undefined;
    },
    clear: drop,
  };
}

export type CardHolds = ReturnType<typeof createCardHolds>;
