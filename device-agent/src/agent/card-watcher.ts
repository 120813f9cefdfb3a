import { createPeriodic, systemClock, type Clock, type EventLogger } from '@bianmin/common';
import type { AgentEvent, CardPresence, CardUnreadableReason } from '@bianmin/contract';
import type { IdCardHolder, IdCardReader, IdCardReadError } from '../id-card/index.js';
import { summariseHolder } from './card-summary.js';

/** docs/devices.md: poll for a card no faster than every ~300 ms. */
const MIN_POLL_MS = 300;
/** While nobody wants a card the loop only wakes now and then; `want` wakes it at once. */
const IDLE_WAKE_MS = 60_000;

export type CardEvent = Extract<AgentEvent, { type: `card-${string}` }>;

export interface CardWatcherOptions {
  reader: Pick<IdCardReader, 'readCard'>;
  /** The terminal's time zone and clock, for the age rule in the summary. */
  timeZone: string;
  now: () => Date;
  onEvent: (event: CardEvent) => void;
  logger: EventLogger;
  /**
   * The card read an application may use (../application/card-holds.ts): `keep` holds a read
   * while the kiosk's wish says it is for an application and returns its handle; any other
   * reading but "no card", read or failed, `clear`s it, so an earlier resident's read never
   * waits there for the next one.
   */
  cardHolds?: { keep(holder: IdCardHolder): string; clear(): void };
  /** Raised to MIN_POLL_MS if lower. */
  intervalMs?: number;
  clock?: Clock;
}

export interface CardWatcher {
  /** The kiosk's wish: true while its session shows the card step (of an application?). */
  want(on: boolean, forApplication?: boolean): void;
  /** Whether any kiosk listens to the event stream; when the last one leaves, the wish ends. */
  setListening(listening: boolean): void;
  presence(): CardPresence;
  start(): void;
  stop(): Promise<void>;
}

/** What the watcher last saw while watching: no card, a card it could not read, or one it read. */
type Seen = 'none' | 'unreadable' | 'read';

/**
 * Reads the reader only while a kiosk session wants a card and listens for the result, and
 * turns the readings into events. The card's fields go no further than the summary in the
 * `card-read` event: nothing personal is logged or kept. After a successful read the module
 * answers "no card" until the card leaves the field (docs/devices.md), so "no card" after a
 * read is taken as the card's removal.
 */
export function createCardWatcher(options: CardWatcherOptions): CardWatcher {
  const { reader, logger, onEvent } = options;
  const clock = options.clock ?? systemClock;
  const intervalMs = Math.max(MIN_POLL_MS, options.intervalMs ?? MIN_POLL_MS);
  let wanted = false;
  let forApplication = false;
  let listening = false;
  let seen: Seen = 'none';
  let unreadable: CardUnreadableReason | null = null;
  /** The last reader failure logged, so a reader that stays broken is logged once. */
  let trouble: IdCardReadError['kind'] | null = null;
  let lastReadAt = -Infinity;
  // Bumped whenever watching ends, so a read that was under way then is thrown away.
  let generation = 0;

  const active = () => wanted && listening;

  const loop = createPeriodic({
    task: poll,
    intervalMs,
    nextDelayMs: () => (active() ? intervalMs : IDLE_WAKE_MS),
    onError: (error) =>
      logger.event('device.id-card.watch-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
    clock,
  });

  async function poll(): Promise<void> {
    if (!active()) return;
    const started = generation;
    lastReadAt = clock.now();
    const read = await reader.readCard();
    if (started !== generation) return;
    // Only "no card" says that nobody new is at the reader; a card read, one that cannot be read,
    // a damaged reply or reader trouble may each hide the next resident's card, so the read held
    // for an application goes. Not in an application's own card step: the hold there is this
    // session's (its start and end drop holds), a good read replaces it as it is kept, and a
    // failed one must not take the handle from a page that was just given it and is leaving.
    if (!forApplication && (read.ok || read.error.kind !== 'no-card')) options.cardHolds?.clear();
    if (read.ok) {
      const { holder } = read.value;
      logger.event('device.id-card.read-finished', { outcome: 'ok', cardType: holder.cardType });
      // A card read a moment ago cannot be read again in place, so this is another card.
      if (seen === 'read') onEvent({ type: 'card-removed' });
      if (seen !== 'unreadable') onEvent({ type: 'card-placed' });
      const summary = summariseHolder(holder, options.now(), options.timeZone);
      const held = forApplication ? options.cardHolds?.keep(holder) : undefined;
      onEvent({ type: 'card-read', holder: { ...summary, ...(held && { readId: held }) } });
      see('read');
      return;
    }
    const { error } = read;
    switch (error.kind) {
      case 'no-card':
        if (seen !== 'none') onEvent({ type: 'card-removed' });
        see('none');
        return;
      case 'card-unreadable':
      case 'card-data-invalid': {
        const reason = reasonFor(error);
        if (seen === 'read') onEvent({ type: 'card-removed' });
        if (seen !== 'unreadable') {
          logger.event('device.id-card.read-finished', { outcome: error.kind });
          onEvent({ type: 'card-placed' });
        }
        if (seen !== 'unreadable' || reason !== unreadable) {
          onEvent({ type: 'card-unreadable', reason });
        }
        see('unreadable', reason);
        return;
      }
      default:
        // Reader trouble: health polling reports the device's state; the card is unknown.
        if (error.kind !== trouble) {
          logger.event('device.id-card.read-finished', { outcome: error.kind });
          if (error.kind === 'frame-invalid') {
            logger.event('device.id-card.frame-invalid', { frameError: error.frameError.kind });
          }
        }
        trouble = error.kind;
    }
  }

  function see(what: Seen, reason: CardUnreadableReason | null = null): void {
    seen = what;
    unreadable = reason;
    trouble = null;
  }

  function changed(wasActive: boolean): void {
    const isActive = active();
    if (wasActive === isActive) return;
    logger.event('device.id-card.watch-changed', { watching: isActive });
    if (isActive) {
      // Soon, but never sooner than the interval after the previous read, nor later than one
      // interval: a wall clock stepped back must not leave the resident's card unread for hours.
      loop.nudge(Math.min(intervalMs, Math.max(0, lastReadAt + intervalMs - clock.now())));
    } else {
      generation += 1;
      see('none');
    }
  }

  return {
    want(on, application = false) {
      const was = active();
      wanted = on;
      forApplication = on && application;
      changed(was);
    },
    setListening(on) {
      const was = active();
      listening = on;
      if (!on) wanted = false;
      changed(was);
    },
    presence: () => (!active() ? 'not-watching' : seen === 'none' ? 'none' : 'present'),
    start: () => loop.start(),
    stop: async () => {
      const was = active();
      wanted = false;
      changed(was);
      await loop.stop();
    },
  };
}

/** The reader's own hint where it gives one; card data that fails to decode: place it again. */
function reasonFor(
  error: Extract<IdCardReadError, { kind: 'card-unreadable' | 'card-data-invalid' }>,
): CardUnreadableReason {
  return error.kind === 'card-unreadable' ? error.hint : 'place-flat';
}
