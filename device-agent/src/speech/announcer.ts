import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import { announcementText, type AnnouncedCall } from './announcement.js';
import type { SpeechEngine, SpeechError } from './engine.js';

/** Why a call was not heard: the engine's failure, or dropped from a full queue. */
export type AnnounceError = SpeechError | { kind: 'dropped' };

export interface LastAnnouncement {
  text: string;
  counter: number;
  /** ISO time the announcement finished. */
  at: string;
  outcome: 'spoken' | SpeechError['kind'];
}

export interface AnnouncerOptions {
  engine: SpeechEngine;
  logger: EventLogger;
  /** Times each call is said; twice in this family's halls. */
  repeat?: number;
  /** Calls waiting to be spoken beyond which the oldest is dropped (a burst of calls). */
  maxWaiting?: number;
  now?: () => Date;
}

/**
 * Speaks each call, twice, one after another: a call that comes while another is being
 * spoken waits its turn, so two never talk over each other. Failures are results and logged;
 * the queue goes on with the next call.
 */
export function createCallAnnouncer(options: AnnouncerOptions) {
  const repeat = options.repeat ?? 2;
  const maxWaiting = options.maxWaiting ?? 10;
  const now = options.now ?? (() => new Date());
  const waiting: { call: AnnouncedCall; done: (r: Result<void, AnnounceError>) => void }[] = [];
  let speaking = false;
  let last: LastAnnouncement | null = null;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => undefined;

  async function speakOne(call: AnnouncedCall): Promise<Result<void, SpeechError>> {
    const text = announcementText(call);
    const started = Date.now();
    for (let i = 0; i < repeat; i++) {
      const said = await options.engine.speak(text);
      if (!said.ok) {
        options.logger.event('device.speech.failed', {
          counter: call.counter,
          kind: said.error.kind,
        });
        last = { text, counter: call.counter, at: now().toISOString(), outcome: said.error.kind };
        return said;
      }
    }
    options.logger.event('device.speech.spoken', {
      counter: call.counter,
      times: repeat,
      ms: Date.now() - started,
    });
    last = { text, counter: call.counter, at: now().toISOString(), outcome: 'spoken' };
    return ok(undefined);
  }

  async function drain(): Promise<void> {
    speaking = true;
    for (let next = waiting.shift(); next; next = waiting.shift()) {
      next.done(await speakOne(next.call));
    }
    speaking = false;
    markIdle();
  }

  return {
    /** Queues a call; resolves once it has been spoken (or failed, or was dropped). */
    announce(call: AnnouncedCall): Promise<Result<void, AnnounceError>> {
      return new Promise((resolve) => {
        if (waiting.length >= maxWaiting) {
          waiting.shift()!.done(err({ kind: 'dropped' }));
          options.logger.event('device.speech.dropped', { waiting: waiting.length });
        }
        waiting.push({ call, done: resolve });
        if (!speaking) {
          idle = new Promise((r) => (markIdle = r));
          void drain();
        }
      });
    },
    /** The last call announced (or that failed), for the development panel. */
    last: (): LastAnnouncement | null => last,
    /** Resolves when nothing is being spoken or waiting. */
    idle: (): Promise<void> => (speaking ? idle : Promise.resolve()),
    get description() {
      return options.engine.description;
    },
  };
}

export type CallAnnouncer = ReturnType<typeof createCallAnnouncer>;
