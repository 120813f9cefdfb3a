import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '@bianmin/common';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { createCallAnnouncer } from './announcer.js';
import { RecordingSpeechEngine, type SpeechEngine, type SpeechError } from './engine.js';

/** An engine whose each utterance ends only when the test says so, to catch overlaps. */
function gatedEngine() {
  const log: string[] = [];
  const gates: (() => void)[] = [];
  let speaking = 0;
  let overlapped = false;
  const engine: SpeechEngine = {
    description: 'gated',
    async speak(text): Promise<Result<void, SpeechError>> {
      speaking += 1;
      if (speaking > 1) overlapped = true;
      log.push(`start ${text}`);
      await new Promise<void>((resolve) => gates.push(resolve));
      log.push(`end ${text}`);
      speaking -= 1;
      return ok(undefined);
    },
  };
  return {
    engine,
    log,
    overlapped: () => overlapped,
    /** Lets the utterance in progress finish, once it has begun. */
    async release() {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()!();
    },
  };
}

describe('the call announcer', () => {
  it('says each call twice, and a call that comes meanwhile waits its turn', async () => {
    const gated = gatedEngine();
    const { logger, lines } = captureLogger();
    const announcer = createCallAnnouncer({ engine: gated.engine, logger });
    const first = announcer.announce({ ticketNumber: 'A005', counter: 2 });
    const second = announcer.announce({ ticketNumber: 'B001', counter: 3 });
    for (let i = 0; i < 4; i++) await gated.release();
    expect(await first).toEqual({ ok: true, value: undefined });
    expect(await second).toEqual({ ok: true, value: undefined });
    const a = '请 A 零零五 号到 2 号窗口办理';
    const b = '请 B 零零一 号到 3 号窗口办理';
    expect(gated.log).toEqual([
      `start ${a}`,
      `end ${a}`,
      `start ${a}`,
      `end ${a}`,
      `start ${b}`,
      `end ${b}`,
      `start ${b}`,
      `end ${b}`,
    ]);
    expect(gated.overlapped()).toBe(false);
    expect(announcer.last()).toMatchObject({ text: b, counter: 3, outcome: 'spoken' });
    expect(eventsNamed(lines, 'device.speech.spoken')).toHaveLength(2);
    await announcer.idle();
  });

  it('reports a failing engine as a result and goes on with the next call', async () => {
    let calls = 0;
    const engine: SpeechEngine = {
      description: 'failing once',
      speak: async () =>
        ++calls === 1 ? err({ kind: 'no-audio-output', detail: 'no card' }) : ok(undefined),
    };
    const { logger, lines } = captureLogger();
    const announcer = createCallAnnouncer({ engine, logger, repeat: 1 });
    expect(await announcer.announce({ ticketNumber: 'A001', counter: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'no-audio-output' },
    });
    expect(announcer.last()).toMatchObject({ outcome: 'no-audio-output' });
    expect(await announcer.announce({ ticketNumber: 'A002', counter: 1 })).toMatchObject({
      ok: true,
    });
    expect(eventsNamed(lines, 'device.speech.failed')).toEqual([
      expect.objectContaining({ kind: 'no-audio-output', counter: 1 }),
    ]);
  });

  it('drops the oldest waiting call when calls come faster than they can be said', async () => {
    const gated = gatedEngine();
    const { logger, lines } = captureLogger();
    const announcer = createCallAnnouncer({
      engine: gated.engine,
      logger,
      repeat: 1,
      maxWaiting: 1,
    });
    const speaking = announcer.announce({ ticketNumber: 'A001', counter: 1 });
    await new Promise((r) => setImmediate(r));
    const dropped = announcer.announce({ ticketNumber: 'A002', counter: 1 });
    const kept = announcer.announce({ ticketNumber: 'A003', counter: 1 });
    expect(await dropped).toEqual({ ok: false, error: { kind: 'dropped' } });
    await gated.release();
    await gated.release();
    expect((await speaking).ok && (await kept).ok).toBe(true);
    expect(gated.log.filter((l) => l.startsWith('start'))).toHaveLength(2);
    expect(eventsNamed(lines, 'device.speech.dropped')).toHaveLength(1);
  });

  it('records what the simulator engine was asked to say', async () => {
    const engine = new RecordingSpeechEngine();
    const heard: string[] = [];
    engine.onSpeak((t) => heard.push(t));
    const announcer = createCallAnnouncer({ engine, logger: captureLogger().logger });
    await announcer.announce({ ticketNumber: 'A010', counter: 5 });
    expect(engine.spoken).toEqual([
      '请 A 零一零 号到 5 号窗口办理',
      '请 A 零一零 号到 5 号窗口办理',
    ]);
    expect(heard).toHaveLength(2);
  });
});
