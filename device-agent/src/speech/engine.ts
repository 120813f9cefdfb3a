import type { Result } from '@bianmin/common';

export type SpeechError =
  /** The engine's program is not installed. */
  | { kind: 'engine-missing' }
  /** The machine has no audio output the engine could open. */
  | { kind: 'no-audio-output'; detail: string }
  | { kind: 'engine-failed'; detail: string }
  | { kind: 'timeout'; waitedMs: number };

/**
 * Speaks text to the hall. An expected failure (no engine, no sound card) is a result, so a
 * call always stands whether or not it could be heard.
 */
export interface SpeechEngine {
  readonly description: string;
  speak(text: string): Promise<Result<void, SpeechError>>;
}

/** For the simulator profile and tests: keeps what it was asked to say, plays nothing. */
export class RecordingSpeechEngine implements SpeechEngine {
  readonly description = 'recording';
  readonly spoken: string[] = [];
  readonly #listeners = new Set<(text: string) => void>();

  async speak(text: string): Promise<Result<void, SpeechError>> {
    this.spoken.push(text);
    if (this.spoken.length > 100) this.spoken.shift();
    for (const listener of this.#listeners) listener(text);
    return { ok: true, value: undefined };
  }

  onSpeak(listener: (text: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
