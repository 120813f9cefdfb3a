import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, ok, type ManualClock } from '@bianmin/common';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { createMemoryPair, type ReplyCorruption } from '../transport/index.js';
import { IdCardReader } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

const holder = SAMPLE_IDENTITIES[0]!.holder;

/** Lets a manual clock run until `pending` settles, a few ms per step so I/O keeps up. */
async function runOn<T>(clock: ManualClock, pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.then(() => (settled = true));
  for (let steps = 0; !settled; steps++) {
    if (steps > 10_000) throw new Error('never settled');
    await clock.advance(5);
  }
  return pending;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  const clock = createManualClock();
  const pair = createMemoryPair('corrupt-reader');
  const sim = new IdCardReaderSimulator(pair.device);
  const log = captureLogger('corrupt-reader');
  const reader = new IdCardReader(pair.host, { clock, logger: log.logger });
  cleanups.push(async () => {
    await reader.close();
    await sim.stop();
  });
  await sim.start();
  sim.placeCard(holder);
  return { clock, sim, reader, log };
}

describe('the simulated reader told to corrupt its replies (the development panel switch)', () => {
  it.each<[ReplyCorruption, string, RegExp]>([
    ['bad-checksum', 'bad-checksum', /^XOR/],
    ['truncated', 'truncated', /^reply incomplete after \d+ bytes$/],
  ])(
    '%s: every call fails as an invalid frame of that kind, and off reads again',
    async (mode, kind, detail) => {
      const { clock, sim, reader } = await setUp();
      sim.setReplyCorruption(mode);
      expect(sim.replyCorruption).toBe(mode);
      const failed = {
        ok: false,
        error: {
          kind: 'frame-invalid',
          frameError: { kind, detail: expect.stringMatching(detail) },
        },
      };
      expect(await runOn(clock, reader.probe())).toEqual(failed);
      expect(await runOn(clock, reader.readCard())).toEqual(failed);

      sim.setReplyCorruption('off');
      expect(await runOn(clock, reader.readCard())).toEqual(ok({ holder }));
    },
  );

  it('noise before each reply: the frames are still found and the card is read', async () => {
    const { clock, sim, reader, log } = await setUp();
    sim.setReplyCorruption('noise');
    expect(await runOn(clock, reader.probe())).toEqual(ok(undefined));
    expect(await runOn(clock, reader.readCard())).toEqual(ok({ holder }));
    expect(eventsNamed(log.lines, 'device.id-card.reply-discarded')).toEqual([]);
  });
});
