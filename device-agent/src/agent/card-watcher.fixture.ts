import { createManualClock } from '@bianmin/common';
import { captureLogger } from '@bianmin/common/testing';
import { createMemoryPair } from '../transport/index.js';
import { IdCardReader, IdCardReaderSimulator } from '../id-card/index.js';
import { createCardWatcher, type CardEvent, type CardWatcherOptions } from './card-watcher.js';

/**
 * The resident card watcher on the real reader driver and simulator over an in-memory pair,
 * as on a terminal; time is a manual clock. `cleanups` gets what stops it all; `cardHolds`
 * is where it keeps a read for an application.
 */
export async function watchedReader(
  name: string,
  cleanups: (() => Promise<void>)[],
  cardHolds?: CardWatcherOptions['cardHolds'],
) {
  const pair = createMemoryPair(name);
  const sim = new IdCardReaderSimulator(pair.device);
  await sim.start();
  const driver = new IdCardReader(pair.host);
  // Every read the driver was asked for, so a test can let them all finish.
  const reads: Promise<unknown>[] = [];
  const reader = {
    readCard: () => {
      const read = driver.readCard();
      reads.push(read);
      return read;
    },
  };
  const clock = createManualClock();
  const log = captureLogger(name);
  const events: CardEvent[] = [];
  const watcher = createCardWatcher({
    reader,
    timeZone: 'Asia/Shanghai',
    now: () => new Date('2026-11-26T10:00:00+08:00'),
    onEvent: (event) => events.push(event),
    logger: log.logger,
    intervalMs: 300,
    clock,
    ...(cardHolds && { cardHolds }),
  });
  watcher.start();
  cleanups.push(async () => {
    await watcher.stop();
    await driver.close();
    await sim.stop();
  });
  /** Moves time on and lets every read it started finish (the watcher handles each first). */
  const advance = async (ms: number) => {
    await clock.advance(ms);
    await Promise.all(reads);
  };
  return { sim, reader, watcher, clock, advance, reads, log, events };
}
