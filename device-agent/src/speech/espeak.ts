import { spawn } from 'node:child_process';
import { err, ok, type Result } from '@bianmin/common';
import type { SpeechEngine, SpeechError } from './engine.js';

/**
 * Where espeak-ng's sound goes: the default audio device, a program that plays WAV from its
 * standard input (e.g. `aplay -D plughw:1` for the hall's loudspeaker on a second sound
 * card), or a WAV file (tests, the benchmark).
 */
type SpeechOutput =
  | { kind: 'audio-device' }
  | { kind: 'player'; command: readonly string[] }
  | { kind: 'wav-file'; path: string };

export interface EspeakOptions {
  voice?: string;
  output: SpeechOutput;
  /** Words per minute; espeak-ng's default is 175, slower is clearer in a hall. */
  wordsPerMinute?: number;
  /** Longest an announcement may take, synthesis and playing together. */
  timeoutMs?: number;
  /** The program; tests point it at one that does not exist. */
  program?: string;
}

/**
 * espeak-ng, whose audio open fails with "error: …" on standard error and still exits 0
 * (as it does on a machine without a sound card): that text counts as the failure.
 */
const AUDIO_FAILURE = /^error:|Unknown PCM|cannot find card|audio/im;

interface Finished {
  code: number | null;
  stderr: string;
}

function run(
  program: string,
  args: readonly string[],
  stdout: 'ignore' | 'pipe',
): { child: ReturnType<typeof spawn>; done: Promise<Result<Finished, SpeechError>> } {
  const child = spawn(program, args, { stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  const done = new Promise<Result<Finished, SpeechError>>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? err({ kind: 'engine-missing' })
          : err({ kind: 'engine-failed', detail: error.message }),
      ),
    );
    child.once('close', (code) => resolve(ok({ code, stderr })));
  });
  return { child, done };
}

export class EspeakSpeechEngine implements SpeechEngine {
  readonly #options: EspeakOptions;

  constructor(options: EspeakOptions) {
    this.#options = options;
  }

  get description(): string {
    return `espeak-ng -v ${this.#options.voice ?? 'cmn'} → ${this.#options.output.kind}`;
  }

  async speak(text: string): Promise<Result<void, SpeechError>> {
    const { output } = this.#options;
    const args = [
      '-v',
      this.#options.voice ?? 'cmn',
      '-s',
      String(this.#options.wordsPerMinute ?? 150),
      ...(output.kind === 'wav-file' ? ['-w', output.path] : []),
      ...(output.kind === 'player' ? ['--stdout'] : []),
      text,
    ];
    const program = this.#options.program ?? 'espeak-ng';
    const engine = run(program, args, output.kind === 'player' ? 'pipe' : 'ignore');
    const children = [engine.child];
    const waits = [engine.done];
    if (output.kind === 'player') {
      const [playerProgram = 'aplay', ...playerArgs] = output.command;
      const player = spawn(playerProgram, playerArgs, { stdio: ['pipe', 'ignore', 'pipe'] });
      let playerErr = '';
      player.stderr.on('data', (c: Buffer) => (playerErr += c.toString().slice(0, 1024)));
      // A player that exits early must not take the agent down with EPIPE.
      player.stdin.on('error', () => undefined);
      engine.child.stdout?.pipe(player.stdin);
      children.push(player);
      waits.push(
        new Promise((resolve) => {
          player.once('error', (error) => {
            engine.child.kill();
            resolve(err({ kind: 'no-audio-output', detail: `player: ${error.message}` }));
          });
          player.once('close', (code) => {
            // A player gone early would leave espeak-ng blocked on a full pipe.
            if (code !== 0) engine.child.kill();
            resolve(
              code === 0
                ? ok({ code, stderr: '' })
                : err({
                    kind: 'no-audio-output',
                    detail: playerErr.trim() || `player exit ${code}`,
                  }),
            );
          });
        }),
      );
    }
    const timeoutMs = this.#options.timeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const finished = await Promise.race([Promise.all(waits), timedOut]);
    clearTimeout(timer);
    if (finished === 'timeout') {
      for (const child of children) child.kill();
      return err({ kind: 'timeout', waitedMs: timeoutMs });
    }
    for (const result of finished) if (!result.ok) return result;
    const spoken = finished[0]!;
    if (!spoken.ok) return spoken;
    const { code, stderr } = spoken.value;
    if (output.kind === 'audio-device' && AUDIO_FAILURE.test(stderr)) {
      return err({ kind: 'no-audio-output', detail: lastLine(stderr) });
    }
    if (code !== 0)
      return err({ kind: 'engine-failed', detail: lastLine(stderr) || `exit ${code}` });
    return ok(undefined);
  }
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';
