import { ok, err, type Clock, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';
import { replyFits, type CommandSpec } from './command-specs.js';
import { replyOf, type FrameError, type ReaderReply } from './frame.js';
import { FrameAssembler } from './frame-assembler.js';

/** Why a frame was dropped: nobody waited for it, or it cannot answer the awaited command. */
export type DiscardReason = 'unsolicited' | 'mismatch' | 'garbled';

/** What the driver learns of a dropped frame: its shape, never its data. */
export interface DiscardedFrame {
  reason: DiscardReason;
  /** The awaited command's spec, if any. */
  awaiting: CommandSpec | undefined;
  sw3: number | undefined;
  bytes: number;
}

/** The reply to one request: a frame that fits, or the frame error that came instead. */
export type ReplyOutcome = Result<ReaderReply, FrameError>;

interface Waiter {
  spec: CommandSpec;
  settle(outcome: Result<ReplyOutcome, TransportError>): void;
}

/**
 * The reply side of one open reader port. It listens for as long as the port is open, so a
 * reply arriving after its requester gave up is seen and dropped rather than left for the
 * next request, and each request takes only a frame shaped like its own answer.
 */
export class ReplyChannel {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #onDiscard: (frame: DiscardedFrame) => void;
  readonly #frames = new FrameAssembler('reply');
  #unsubscribe: (() => void) | undefined;
  #waiter: Waiter | undefined;

  constructor(transport: ByteTransport, clock: Clock, onDiscard: (frame: DiscardedFrame) => void) {
    this.#transport = transport;
    this.#clock = clock;
    this.#onDiscard = onDiscard;
  }

  get listening(): boolean {
    return this.#unsubscribe !== undefined;
  }

  /** Starts listening on a freshly opened port, dropping what its buffers held. */
  async listen(): Promise<void> {
    this.mute();
    await this.#transport.discardInput?.();
    const stopData = this.#transport.onData((chunk) => this.#receive(chunk));
    // A vanished port ends the wait at once: the reply can no longer come.
    const stopWatching = this.#transport.onDisconnect?.((message) =>
      this.#waiter?.settle(err({ kind: 'disconnected', message })),
    );
    this.#unsubscribe = () => {
      stopData();
      stopWatching?.();
    };
  }

  /** Stops listening (the port is closing) and forgets a half-received frame. */
  mute(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#frames.reset();
  }

  /** Sends `frame` and waits up to `timeoutMs` for a reply that fits `spec`. */
  request(
    spec: CommandSpec,
    frame: Uint8Array,
    timeoutMs: number,
  ): Promise<Result<ReplyOutcome, TransportError>> {
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(
        () => waiter.settle(this.#timedOut(timeoutMs)),
        timeoutMs,
      );
      const waiter: Waiter = {
        spec,
        settle: (outcome) => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          this.#clock.clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.#waiter = waiter;
      void this.#transport.write(frame).then((written) => {
        if (!written.ok) waiter.settle(written);
      });
    });
  }

  /**
   * A reply that began but did not end in time is a damaged frame, not a silent module: cut
   * short on the line, or slower than the configured line speed allows (docs/devices.md).
   * Silence is a timeout.
   */
  #timedOut(waitedMs: number): Result<ReplyOutcome, TransportError> {
    const held = this.#frames.pending;
    if (held === 0) return err({ kind: 'timeout', waitedMs });
    this.#frames.reset();
    return ok(err({ kind: 'truncated', detail: `reply incomplete after ${held} bytes` }));
  }

  #receive(chunk: Buffer): void {
    for (const frame of this.#frames.push(chunk)) {
      const waiter = this.#waiter;
      if (!frame.ok) {
        // A damaged frame cannot be matched to anything; the awaited reply is lost with it.
        if (waiter) waiter.settle(ok(frame));
        else this.#discard('garbled', undefined, undefined, 0);
        continue;
      }
      const reply = replyOf(frame.value.body);
      if (waiter && replyFits(waiter.spec, reply)) {
        waiter.settle(ok(ok(reply)));
        continue;
      }
      this.#discard(
        waiter ? 'mismatch' : 'unsolicited',
        waiter?.spec,
        reply.sw3,
        frame.value.bytes.length,
      );
      // A stale read reply holds a resident's text and photo: do not leave it to the GC.
      frame.value.bytes.fill(0);
    }
  }

  #discard(
    reason: DiscardReason,
    awaiting: CommandSpec | undefined,
    sw3: number | undefined,
    bytes: number,
  ) {
    this.#onDiscard({ reason, awaiting, sw3, bytes });
  }
}
