import { ok, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';
import { CallerFrameAssembler } from './frame-assembler.js';
import { encodeCallerFrame } from './frame.js';
import { displayText, encodeKeyPress, type KeyPress } from './keys.js';

/** One simulated caller keypad, as the development panel and the tests see it. */
export interface SimulatedKeypad {
  address: number;
  /** The display's six places, a space for each blank one; null before the host wrote it. */
  display: string | null;
  beeps: number;
  /** Presses sent and not yet acknowledged by the host. */
  pending: number;
  /** False while the keypad is switched off: it answers nothing. */
  answering: boolean;
}

/**
 * The caller keypads at the far end of the RS-485 bus: one keypad per address, each
 * answering the host's polls with its oldest unacknowledged key press (sent again at every
 * poll until the host echoes it) or with the poll's echo, and echoing display and beep
 * frames, as the keypads of this family do (docs/devices.md, "Counter caller keypads").
 */
export class CallerKeypadSimulator {
  readonly #transport: ByteTransport;
  readonly #assembler = new CallerFrameAssembler();
  readonly #keypads = new Map<number, SimulatedKeypad & { queue: Buffer[] }>();
  readonly #listeners = new Set<(keypad: SimulatedKeypad) => void>();

  constructor(transport: ByteTransport, addresses: readonly number[]) {
    this.#transport = transport;
    for (const address of addresses) {
      this.#keypads.set(address, {
        address,
        display: null,
        beeps: 0,
        pending: 0,
        answering: true,
        queue: [],
      });
    }
    transport.onData((chunk) => this.#receive(chunk));
  }

  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
  }

  async stop(): Promise<void> {
    await this.#transport.close();
  }

  keypads(): SimulatedKeypad[] {
    return [...this.#keypads.values()].map(({ queue: _queue, ...keypad }) => ({ ...keypad }));
  }

  keypad(address: number): SimulatedKeypad | undefined {
    return this.keypads().find((k) => k.address === address);
  }

  /** Called after every change a keypad sees (a press acknowledged, its display, a beep). */
  onChange(listener: (keypad: SimulatedKeypad) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Queues a press; it goes out at the keypad's next poll. False for an unknown address. */
  press(address: number, press: KeyPress): boolean {
    const keypad = this.#keypads.get(address);
    if (!keypad) return false;
    keypad.queue.push(encodeKeyPress(press));
    keypad.pending = keypad.queue.length;
    return true;
  }

  /** Switches a keypad off (it stops answering) or on again. */
  setAnswering(address: number, answering: boolean): void {
    const keypad = this.#keypads.get(address);
    if (keypad) keypad.answering = answering;
  }

  /** Bytes exactly as given onto the bus: line noise, a torn frame. */
  async sendRaw(bytes: Uint8Array): Promise<Result<void, TransportError>> {
    return bytes.length === 0 ? ok(undefined) : this.#transport.write(bytes);
  }

  #receive(chunk: Buffer): void {
    for (const result of this.#assembler.push(chunk)) {
      if (!result.ok) continue;
      const { frame, bytes } = result.value;
      const keypad = this.#keypads.get(frame.address);
      if (!keypad?.answering) continue;
      switch (frame.function) {
        case 'poll': {
          const head = keypad.queue[0];
          void this.#transport.write(
            head
              ? encodeCallerFrame({ address: keypad.address, function: 'key', data: head })
              : bytes,
          );
          break;
        }
        case 'key':
          // The host's echo of our press: acknowledged, so it is not sent again.
          if (keypad.queue[0]?.equals(frame.data)) {
            keypad.queue.shift();
            keypad.pending = keypad.queue.length;
            this.#changed(keypad);
          }
          break;
        case 'display':
          keypad.display = displayText(frame.data);
          void this.#transport.write(bytes);
          this.#changed(keypad);
          break;
        case 'beep':
          keypad.beeps += 1;
          void this.#transport.write(bytes);
          this.#changed(keypad);
          break;
      }
    }
  }

  #changed(keypad: SimulatedKeypad & { queue: Buffer[] }): void {
    const { queue: _queue, ...view } = keypad;
    for (const listener of this.#listeners) listener({ ...view });
  }
}
