import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { amplitudeFor, EspeakReadAloud, espeakVoiceFor } from './read-aloud.js';

const HAVE_ESPEAK = existsSync('/usr/bin/espeak-ng');

/**
 * A program that stands in for espeak-ng: it keeps its arguments and what it read from its
 * standard input, then takes `seconds` to "say" it.
 */
function fakeEspeak(dir: string, seconds: number): string {
  const program = join(dir, 'fake-espeak');
  writeFileSync(
    program,
    `#!/bin/sh\necho "$@" > ${dir}/args\ncat > ${dir}/text\nexec sleep ${seconds}\n`,
  );
  chmodSync(program, 0o755);
  return program;
}

describe("the agent's read-aloud voice", () => {
  let dir: TempDir | undefined;
  afterEach(() => dir?.remove());

  it('speaks Chinese with the Mandarin voice, other languages with their own', () => {
    expect(espeakVoiceFor('zh-CN')).toBe('cmn');
    expect(espeakVoiceFor('en-US')).toBe('en');
    expect(espeakVoiceFor('ug')).toBe('ug');
    expect([0, 0.4, 0.7, 1, 2].map(amplitudeFor)).toEqual([0, 40, 70, 100, 100]);
  });

  it('reads the text from its standard input, never its arguments, at the volume given', async () => {
    dir = makeTempDir('read-aloud');
    const voice = new EspeakReadAloud({ program: fakeEspeak(dir.path, 0) });
    // A text that would be an option if it were an argument.
    expect(await voice.say('--help 请选择要办理的业务。', 'zh-CN', 0.7)).toBe('finished');
    expect(readFileSync(join(dir.path, 'text'), 'utf8')).toBe('--help 请选择要办理的业务。');
    expect(readFileSync(join(dir.path, 'args'), 'utf8').trim()).toBe('-v cmn -s 150 -a 70 --stdin');
  });

  it('ends a text early for the next one, and on stop, paused or not', async () => {
    dir = makeTempDir('read-aloud-stop');
    const voice = new EspeakReadAloud({ program: fakeEspeak(dir.path, 30) });
    const first = voice.say('一', 'zh-CN', 1);
    const second = voice.say('二', 'zh-CN', 1);
    expect(await first).toBe('stopped');
    voice.pause();
    voice.stop();
    expect(await second).toBe('stopped');
    // Nothing to pause, resume or stop any more: no throw.
    voice.pause();
    voice.resume();
    voice.stop();
  });

  it('holds a paused text until it is resumed', async () => {
    dir = makeTempDir('read-aloud-pause');
    const voice = new EspeakReadAloud({ program: fakeEspeak(dir.path, 0.3) });
    const said = voice.say('一', 'zh-CN', 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    voice.pause();
    let ended: string | undefined;
    void said.then((e) => (ended = e));
    await new Promise((resolve) => setTimeout(resolve, 600));
    // The program (the shell's exec'd sleep) is stopped: its 0.3 s have not run out.
    expect(ended).toBeUndefined();
    voice.resume();
    expect(await said).toBe('finished');
  });

  it('answers failed when the program is missing', async () => {
    const voice = new EspeakReadAloud({ program: '/nonexistent/espeak-ng' });
    expect(await voice.say('请选择要办理的业务。', 'zh-CN', 1)).toBe('failed');
  });

  it.skipIf(!HAVE_ESPEAK)('says Mandarin into a WAV file with the real espeak-ng', async () => {
    dir = makeTempDir('read-aloud-wav');
    const path = join(dir.path, 'said.wav');
    const voice = new EspeakReadAloud({ output: { kind: 'wav-file', path } });
    expect(await voice.say('请选择要办理的业务。', 'zh-CN', 1)).toBe('finished');
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('RIFF');
    expect(statSync(path).size).toBeGreaterThan(22_050);
  });
});
