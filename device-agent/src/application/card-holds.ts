import { randomUUID } from 'node:crypto';
import type { IdCardHolder } from '../id-card/index.js';

/** What an application takes from the card: the name and the number, nothing else. */
export interface CardIdentity {
  name: string;
  idNumber: string;
}

/** A card read for an application is kept no longer than a resident could take to answer. */
const KEEP_MS = 30 * 60_000;

/**
 * The one card read an application may still use (docs/flows.md, "Apply"): kept in memory
 * under a random handle that the `card-read` event carries, so the name and number never
 * pass through the page. A newer read replaces it; submitting takes it; the end of the
 * session and the time limit drop it. It is never written anywhere.
 */
export function createCardHolds(options: { now?: () => number; keepMs?: number } = {}) {
  const now = options.now ?? Date.now;
  const keepMs = options.keepMs ?? KEEP_MS;
  let held: { id: string; identity: CardIdentity; until: number } | null = null;

  return {
    keep(holder: IdCardHolder): string {
      const id = randomUUID();
      held = {
        id,
        identity: { name: holder.name, idNumber: holder.idNumber },
        until: now() + keepMs,
      };
      return id;
    },
    /** The identity held under `id`, once: it is dropped as it is handed over. */
    take(id: string): CardIdentity | undefined {
      if (held === null || held.id !== id) return undefined;
      const { identity, until } = held;
      held = null;
      return now() <= until ? identity : undefined;
    },
    clear(): void {
      held = null;
    },
  };
}

export type CardHolds = ReturnType<typeof createCardHolds>;
