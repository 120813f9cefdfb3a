import { spawn, type ChildProcess } from 'node:child_process';
import type { ReadAloudReply } from '@bianmin/contract';

export type ReadAloudEnding = ReadAloudReply['ended'];

/**
 * The kiosk's read-aloud when its browser has no voice for the resident's language
 * (docs/accessibility.md, "Speech and sound"): one text at a time, each new one or 停止 ending
 * the one before, and 暂停 / 继续 holding it where it is.
 */
export interface ReadAloudVoice {
  readonly description: string;
  /** Resolves when the text has ended: said to its end, cut short, or not said at all. */
  say(text: string, language: string, volume: number): Promise<ReadAloudEnding>;
  pause(): void;
  resume(): void;
  stop(): void;
}

/** espeak-ng's voice for a speech tag: Mandarin (`cmn`) for Chinese, else the language. */
export function espeakVoiceFor(tag: string): string {
  const base = tag.toLowerCase().split('-')[0] ?? 'en';
  return base === 'zh' ? 'cmn' : base;
}

/** espeak-ng's amplitude (0-200, 100 its own default) for the page's volume (0-1). */
export const amplitudeFor = (volume: number): number =>
  Math.round(Math.min(1, Math.max(0, volume)) * 100);

/** As in espeak.ts: espeak-ng reports a failed audio open on standard error and exits 0. */
const AUDIO_FAILURE = /^error:|Unknown PCM|cannot find card|audio/im;

export interface EspeakReadAloudOptions {
  /** Where the sound goes: the terminal's own speaker, or a WAV file (tests). */
  output?: { kind: 'audio-device' } | { kind: 'wav-file'; path: string };
  wordsPerMinute?: number;
  program?: string;
}

/**
 * espeak-ng, reading the text from its standard input (never its arguments, so no text is
 * taken for an option). 暂停 stops the process (SIGSTOP) and 继续 lets it go on (SIGCONT):
 * the sound already handed to the audio system still plays out, a moment at most.
 */
export class EspeakReadAloud implements ReadAloudVoice {
  readonly #options: EspeakReadAloudOptions;
  #current: { child: ChildProcess; stopped: boolean } | null = null;

  constructor(options: EspeakReadAloudOptions = {}) {
    this.#options = options;
  }

  get description(): string {
    return `espeak-ng → ${this.#options.output?.kind ?? 'audio-device'}`;
  }

  say(text: string, language: string, volume: number): Promise<ReadAloudEnding> {
    this.stop();
    const output = this.#options.output ?? { kind: 'audio-device' };
    const args = [
      '-v',
      espeakVoiceFor(language),
      '-s',
      String(this.#options.wordsPerMinute ?? 150),
      '-a',
      String(amplitudeFor(volume)),
      ...(output.kind === 'wav-file' ? ['-w', output.path] : []),
      '--stdin',
    ];
    const child = spawn(this.#options.program ?? 'espeak-ng', args, {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const current = { child, stopped: false };
    this.#current = current;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    // A process gone before it read its text must not take the agent down with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(text);
    return new Promise((resolve) => {
      const settle = (ending: ReadAloudEnding) => {
        if (this.#current === current) this.#current = null;
        resolve(current.stopped ? 'stopped' : ending);
      };
      child.once('error', () => settle('failed'));
      child.once('close', (code) =>
        settle(code === 0 && !AUDIO_FAILURE.test(stderr) ? 'finished' : 'failed'),
      );
    });
  }

  pause(): void {
    this.#current?.child.kill('SIGSTOP');
  }

  resume(): void {
    this.#current?.child.kill('SIGCONT');
  }

  stop(): void {
    const current = this.#current;
    if (current === null) return;
    this.#current = null;
    current.stopped = true;
    // SIGKILL ends a paused process too; SIGTERM would wait for its SIGCONT.
    current.child.kill('SIGKILL');
  }
}
