import { describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

function problemsOf(data: unknown) {
  const result = validateConfig('devices', data, 'devices.json');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.error;
}

const base = () => {
  const data = defaultData('devices');
  delete data.counterCallers;
  delete data.counterDisplays;
  delete data.speech;
  return data;
};

describe('counter hardware in devices.json', () => {
  it('leaves callers, displays and speech out when the keys are absent', () => {
    const result = validateConfig('devices', base());
    expect(result.ok && Object.keys(result.value)).not.toContain('counterCallers');
    expect(result.ok && Object.keys(result.value)).not.toContain('speech');
  });

  it('takes a serial caller bus at 9600 baud with keypads by address', () => {
    const counterCallers = {
      transport: 'serial',
      path: '/dev/ttyUSB1',
      baudRate: 9600,
      keypads: [
        { address: 1, counter: 1 },
        { address: 12, counter: 2 },
      ],
    };
    const result = validateConfig('devices', { ...base(), counterCallers });
    expect(result.ok && result.value.counterCallers).toEqual(counterCallers);
  });

  it('names a repeated address or counter, an address off the bus and a missing list', () => {
    const problems = problemsOf({
      ...base(),
      counterCallers: {
        transport: 'simulator',
        keypads: [
          { address: 1, counter: 1 },
          { address: 1, counter: 2 },
          { address: 255, counter: 1 },
        ],
      },
      counterDisplays: { transport: 'serial', path: '/dev/ttyUSB2', baudRate: 9600 },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'counterCallers.keypads[1].address',
      'counterCallers.keypads[2].address',
      'counterCallers.keypads[2].counter',
      'counterDisplays.displays',
    ]);
    expect(problems[0]?.expected).toContain('already given in entry 1');
  });

  it('defaults the displays to GB2312 and refuses an encoding it does not know', () => {
    const displays = [{ address: 3, counter: 1 }];
    const result = validateConfig('devices', {
      ...base(),
      counterDisplays: { transport: 'simulator', displays },
    });
    expect(result.ok && result.value.counterDisplays).toEqual({
      transport: 'simulator',
      displays,
      encoding: 'gb2312',
    });
    const wrong = problemsOf({
      ...base(),
      counterDisplays: { transport: 'simulator', displays, encoding: 'big5' },
    });
    expect(wrong.map((p) => p.path)).toEqual(['counterDisplays.encoding']);
    expect(wrong[0]?.expected).toContain('"gb18030"');
  });

  it('fills speech defaults and takes a player for the hall loudspeaker', () => {
    const result = validateConfig('devices', { ...base(), speech: {} });
    expect(result.ok && result.value.speech).toEqual({
      engine: 'espeak-ng',
      voice: 'cmn',
      output: { kind: 'audio-device' },
      repeat: 2,
    });
    const player = { kind: 'player', command: ['aplay', '-q', '-D', 'plughw:1'] };
    const withPlayer = validateConfig('devices', { ...base(), speech: { output: player } });
    expect(withPlayer.ok && withPlayer.value.speech?.output).toEqual(player);
    const wrong = problemsOf({
      ...base(),
      speech: { engine: 'festival', output: { kind: 'wav-file', path: 'call.wav' }, repeat: 5 },
    });
    expect(wrong.map((p) => p.path)).toEqual([
      'speech.engine',
      'speech.output.path',
      'speech.repeat',
    ]);
  });

  it('refuses the recording speech engine in production unless simulators are allowed', () => {
    const data = {
      ...base(),
      idCardReader: { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 },
      printer: { transport: 'serial', path: '/dev/ttyUSB3', baudRate: 9600 },
      scanner: undefined,
      profile: 'production',
      speech: { engine: 'simulator' },
    };
    delete data.scanner;
    expect(problemsOf(data).map((p) => p.path)).toEqual(['speech.engine']);
    expect(validateConfig('devices', { ...data, allowSimulatorsInProduction: true }).ok).toBe(true);
  });
});
