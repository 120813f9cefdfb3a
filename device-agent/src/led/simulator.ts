import type { ByteTransport } from '../transport/index.js';
import { LedFrameAssembler, type LedEncoding } from './frame.js';

/** A display as the simulator keeps it. */
export interface SimulatedLed {
  address: number;
  text: string;
}

/**
 * The counter LED displays at the far end of their bus: decodes every frame with the same
 * assembler and keeps the text each address shows. Frames for addresses not configured are
 * kept too, as a display with that address would show them.
 */
export class LedDisplaySimulator {
  readonly #transport: ByteTransport;
  readonly #assembler: LedFrameAssembler;
  readonly #shown = new Map<number, string>();
  readonly #listeners = new Set<(led: SimulatedLed) => void>();
  #damaged = 0;

  constructor(transport: ByteTransport, encoding: LedEncoding) {
    this.#transport = transport;
    this.#assembler = new LedFrameAssembler(encoding);
    transport.onData((chunk) => {
      for (const frame of this.#assembler.push(chunk)) {
        if (!frame.ok) {
          this.#damaged += 1;
          continue;
        }
        this.#shown.set(frame.value.address, frame.value.text);
        for (const listener of this.#listeners) listener({ ...frame.value });
      }
    });
  }

  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
  }

  async stop(): Promise<void> {
    await this.#transport.close();
  }

  /** Every address written so far with its text, by address. */
  displays(): SimulatedLed[] {
    return [...this.#shown].sort(([a], [b]) => a - b).map(([address, text]) => ({ address, text }));
  }

  /** Frames dropped as damaged. */
  get damaged(): number {
    return this.#damaged;
  }

  onShow(listener: (led: SimulatedLed) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
