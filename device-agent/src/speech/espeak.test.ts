import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { EspeakSpeechEngine } from './espeak.js';

const HAVE_ESPEAK = existsSync('/usr/bin/espeak-ng');
const TEXT = '请 A 零零五 号到 2 号窗口办理';

describe('espeak-ng engine', () => {
  let dir: TempDir | undefined;
  afterEach(() => dir?.remove());

  it('answers engine-missing when the program is not installed', async () => {
    const engine = new EspeakSpeechEngine({
      output: { kind: 'audio-device' },
      program: '/nonexistent/espeak-ng',
    });
    expect(await engine.speak(TEXT)).toEqual({ ok: false, error: { kind: 'engine-missing' } });
  });

  it.skipIf(!HAVE_ESPEAK)('writes the Mandarin call to a WAV file', async () => {
    dir = makeTempDir('espeak');
    const path = join(dir.path, 'call.wav');
    const engine = new EspeakSpeechEngine({ output: { kind: 'wav-file', path } });
    expect(await engine.speak(TEXT)).toEqual({ ok: true, value: undefined });
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('RIFF');
    // Well over a second of 22 kHz 16-bit audio.
    expect(statSync(path).size).toBeGreaterThan(44_100);
  });

  it.skipIf(!HAVE_ESPEAK)(
    'pipes WAV to a player program, and fails as a result when the player does',
    async () => {
      dir = makeTempDir('espeak-player');
      const path = join(dir.path, 'played.wav');
      const played = new EspeakSpeechEngine({
        output: { kind: 'player', command: ['sh', '-c', `cat > ${path}`] },
      });
      expect(await played.speak(TEXT)).toEqual({ ok: true, value: undefined });
      expect(readFileSync(path).subarray(0, 4).toString()).toBe('RIFF');
      const broken = new EspeakSpeechEngine({
        output: { kind: 'player', command: ['sh', '-c', 'echo no such device >&2; exit 1'] },
      });
      expect(await broken.speak(TEXT)).toMatchObject({
        ok: false,
        error: { kind: 'no-audio-output', detail: 'no such device' },
      });
    },
  );

  it.skipIf(!HAVE_ESPEAK)('answers an unknown voice as an engine failure', async () => {
    const engine = new EspeakSpeechEngine({ voice: 'xx-none', output: { kind: 'audio-device' } });
    const said = await engine.speak(TEXT);
    expect(said.ok).toBe(false);
  });

  it.skipIf(!HAVE_ESPEAK || existsSync('/dev/snd'))(
    'on a machine without a sound card, answers no-audio-output instead of throwing',
    async () => {
      const engine = new EspeakSpeechEngine({ output: { kind: 'audio-device' } });
      expect(await engine.speak(TEXT)).toMatchObject({
        ok: false,
        error: { kind: 'no-audio-output' },
      });
    },
  );
});
