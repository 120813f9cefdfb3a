import type { CardPresence, CardUnreadableReason } from '../../agent/types.js';

/**
 * What a card step tells the resident besides its standing text (take-ticket, apply).
 * `read-again`: an application's card read was lost before it was submitted.
 */
export type CardHint =
  'none' | CardUnreadableReason | 'reader-unavailable' | 'replace-card' | 'read-again';

/** The hint after the reader's availability changed on the card step. */
export function hintForReader(available: boolean, hint: CardHint): CardHint {
  if (!available) return 'reader-unavailable';
  return hint === 'reader-unavailable' ? 'none' : hint;
}

/**
 * The hint after the agent's resync: a card already on the reader was read or refused while
 * the kiosk was away, so the resident is asked to place it again.
 */
export function hintAfterResync(
  readerAvailable: boolean,
  card: CardPresence,
  hint: CardHint,
): CardHint {
  const next = hintForReader(readerAvailable, hint);
  return card === 'present' && next === 'none' ? 'replace-card' : next;
}
