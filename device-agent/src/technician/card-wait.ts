import { err, ok, systemClock, type Clock, type Result } from '@bianmin/common';
import type { IdCardReader } from '../id-card/index.js';

/** docs/devices.md: poll for a card no faster than every ~300 ms. */
const POLL_MS = 300;
/** How long one 刷技术员卡 waits for a card before the page offers the PIN again. */
const WAIT_MS = 30_000;

export type CardWaitError =
  /** A resident session is reading cards: the reader is theirs. */
  | 'reader-busy'
  | 'reader-offline'
  /** No card was read in time; `unreadable` if one lay there but could not be read. */
  | 'no-card'
  | 'unreadable'
  /** The page went away, or a newer wait took over. */
  | 'cancelled';

export interface CardWaitOptions {
  reader: Pick<IdCardReader, 'readCard'>;
  /** True while the resident card watcher reads (a kiosk session is on its card step). */
  residentReading: () => boolean;
  clock?: Clock;
  /**
   * Times the wait: a clock that only moves forward (performance.now()), since the wall clock
   * can step (NTP, a technician setting the time) and a step back would stretch the wait.
   */
  monotonicNow?: () => number;
  waitMs?: number;
}

/**
 * Waits on the reader for a technician's card, for one sign-in request only
 * (docs/technician.md). It reads the reader itself instead of through the resident card
 * watcher, so no card placed here becomes a resident's event, and it never reads while the
 * watcher does, so no resident's card is taken for a technician's. The card's number is
 * handed to the caller to hash at once; nothing else of the card leaves this function.
 */
export function createCardWait(options: CardWaitOptions) {
  const clock = options.clock ?? systemClock;
  const waitMs = options.waitMs ?? WAIT_MS;
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  // Bumped by every new wait, so an older one still polling gives up.
  let generation = 0;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      clock.setTimeout(resolve, ms);
    });

  return {
    /** The number of the first card read, or why none was. `cancelled()` is asked each poll. */
    async next(cancelled: () => boolean): Promise<Result<string, CardWaitError>> {
      generation += 1;
      const mine = generation;
      const until = monotonicNow() + waitMs;
      let sawUnreadable = false;
      for (;;) {
        if (cancelled() || mine !== generation) return err('cancelled');
        if (options.residentReading()) return err('reader-busy');
        const read = await options.reader.readCard();
        if (cancelled() || mine !== generation) return err('cancelled');
        // A resident's session came to its card step while this read was under way: whatever
        // was read may be their card, so it goes no further.
        if (options.residentReading()) return err('reader-busy');
        if (read.ok) return ok(read.value.holder.idNumber);
        const { kind } = read.error;
        if (kind === 'reader-offline' || kind === 'reader-fault') return err('reader-offline');
        // A damaged frame is noise on the line: the next poll asks again.
        if (kind === 'card-unreadable' || kind === 'card-data-invalid') sawUnreadable = true;
        if (monotonicNow() + POLL_MS > until) return err(sawUnreadable ? 'unreadable' : 'no-card');
        await pause(POLL_MS);
      }
    },
  };
}

export type CardWait = ReturnType<typeof createCardWait>;
