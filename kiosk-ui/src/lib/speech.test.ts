import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  forgetSpeech,
  onSpeechState,
  pauseSpeaking,
  repeatSpeaking,
  resumeSpeaking,
  speak,
  stopSpeaking,
  useAgentVoice,
  voiceFor,
  type SpeechState,
} from './speech.js';
import type { Language } from './i18n/languages.js';
import { VOLUMES, volumeLevel } from './speech-volumes.js';

/** At the volume every resident starts at. */
const say = (text: string, language: Language) =>
  speak({ text, language, volume: volumeLevel(0).gain });

class FakeUtterance {
  lang = '';
  rate = 1;
  volume = 1;
  voice: unknown = null;
  onend: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly text: string) {}
}

/**
 * As the Web Speech API has it: pause() and resume() set `paused`, cancel() leaves it as it is,
 * and what is spoken while paused waits in the queue, unheard, until resume().
 */
function fakeSynthesis(voices: { lang: string; name: string }[] = []) {
  const calls: string[] = [];
  const spoken: FakeUtterance[] = [];
  const synthesis = {
    calls,
    spoken,
    paused: false,
    getVoices: () => voices,
    speak: (u: FakeUtterance) => {
      calls.push(`speak:${u.text}`);
      spoken.push(u);
    },
    cancel: () => calls.push('cancel'),
    pause: () => {
      calls.push('pause');
      synthesis.paused = true;
    },
    resume: () => {
      calls.push('resume');
      synthesis.paused = false;
    },
  };
  return synthesis;
}

describe('voiceFor', () => {
  const voice = (lang: string) => ({ lang, name: lang });

  it('takes the exact language first, then Mandarin, then the same language', () => {
    expect(voiceFor('zh-CN', [voice('en-US'), voice('zh-TW'), voice('zh-CN')])?.lang).toBe('zh-CN');
    expect(voiceFor('zh-CN', [voice('zh-TW'), voice('cmn')])?.lang).toBe('cmn');
    expect(voiceFor('zh-CN', [voice('en-US'), voice('zh_HK')])?.lang).toBe('zh_HK');
  });

  it('leaves the choice to the browser when no voice speaks the language', () => {
    expect(voiceFor('zh-CN', [voice('en-US'), voice('de-DE')])).toBeUndefined();
    expect(voiceFor('zh-CN', [])).toBeUndefined();
  });
});

describe('voiceFor across languages', () => {
  const voices = [{ lang: 'en-GB' }, { lang: 'cmn' }, { lang: 'zh-CN' }, { lang: 'en-US' }];

  it('takes the voice of exactly the language tag when there is one', () => {
    expect(voiceFor('zh-CN', voices)).toBe(voices[2]);
    expect(voiceFor('en-US', voices)).toBe(voices[3]);
  });

  it('falls back to a voice of the same language, espeak-ng Mandarin included', () => {
    expect(voiceFor('en-US', [{ lang: 'en_GB' }])?.lang).toBe('en_GB');
    expect(voiceFor('zh-CN', [{ lang: 'en-US' }, { lang: 'cmn' }])?.lang).toBe('cmn');
  });

  it('takes a Mandarin voice of another region before a Cantonese one', () => {
    const cantonese = [{ lang: 'zh-HK' }, { lang: 'zh-MO' }, { lang: 'zh-yue' }];
    expect(voiceFor('zh-CN', [...cantonese, { lang: 'zh-TW' }])?.lang).toBe('zh-TW');
    expect(voiceFor('zh-CN', [...cantonese, { lang: 'zh' }])?.lang).toBe('zh');
    // With only Cantonese, still a Chinese voice rather than the browser's choice.
    expect(voiceFor('zh-CN', cantonese)?.lang).toBe('zh-HK');
  });

  it('never speaks Chinese with an English voice, or the other way round', () => {
    expect(voiceFor('zh-CN', [{ lang: 'en-US' }])).toBeUndefined();
    expect(voiceFor('en-US', [{ lang: 'zh-CN' }, { lang: 'cmn' }])).toBeUndefined();
  });
});

describe('read-aloud', () => {
  let synthesis: ReturnType<typeof fakeSynthesis>;
  let states: SpeechState[];
  let unsubscribe: () => void;

  beforeEach(() => {
    synthesis = fakeSynthesis([
      { lang: 'en-US', name: 'en' },
      { lang: 'zh-CN', name: 'cmn' },
    ]);
    vi.stubGlobal('speechSynthesis', synthesis);
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
    forgetSpeech();
    synthesis.calls.length = 0;
    states = [];
    unsubscribe = onSpeechState((state) => states.push(state));
  });

  afterEach(() => {
    unsubscribe();
    vi.unstubAllGlobals();
  });

  it('speaks in Mandarin with a Mandarin voice, cancelling what was being said', () => {
    say('请选择要办理的业务。', 'zh-CN');
    expect(synthesis.calls).toEqual(['speak:请选择要办理的业务。']);
    const [utterance] = synthesis.spoken;
    expect(utterance?.lang).toBe('zh-CN');
    expect(utterance?.voice).toEqual({ lang: 'zh-CN', name: 'cmn' });
    expect(states).toEqual(['silent', 'speaking']);
    utterance?.onend?.();
    expect(states.at(-1)).toBe('silent');
    say('请刷身份证。', 'zh-CN');
    say('请选择要办理的业务。', 'zh-CN');
    expect(synthesis.calls.slice(1)).toEqual([
      'speak:请刷身份证。',
      'cancel',
      'speak:请选择要办理的业务。',
    ]);
  });

  it('asks the browser to cancel nothing when nothing is being said', () => {
    stopSpeaking();
    say('一', 'zh-CN');
    synthesis.spoken[0]?.onend?.();
    stopSpeaking();
    say('二', 'zh-CN');
    stopSpeaking();
    stopSpeaking();
    expect(synthesis.calls).toEqual(['speak:一', 'speak:二', 'cancel']);
    expect(states).toEqual(['silent', 'speaking', 'silent', 'speaking', 'silent']);
  });

  it('pauses and resumes only what is being said, and stops it', () => {
    pauseSpeaking();
    resumeSpeaking();
    expect(synthesis.calls).toEqual([]);
    say('一', 'zh-CN');
    pauseSpeaking();
    expect(states.at(-1)).toBe('paused');
    resumeSpeaking();
    expect(states.at(-1)).toBe('speaking');
    stopSpeaking();
    expect(states.at(-1)).toBe('silent');
    expect(synthesis.calls).toEqual(['speak:一', 'pause', 'resume', 'cancel']);
  });

  it('a pause ends with what was paused: the next text is heard, not left waiting', () => {
    // Paused, then stopped by a touch elsewhere: the next screen's text must be heard.
    say('一', 'zh-CN');
    pauseSpeaking();
    stopSpeaking();
    say('二', 'zh-CN');
    expect(synthesis.paused).toBe(false);
    expect(states.at(-1)).toBe('speaking');
    // Paused, then 重听 or a new screen's text straight away.
    pauseSpeaking();
    repeatSpeaking();
    expect(synthesis.paused).toBe(false);
    expect(synthesis.calls.at(-1)).toBe('speak:二');
  });

  it('an utterance cancelled by a newer one does not end the newer one', () => {
    say('一', 'zh-CN');
    say('二', 'zh-CN');
    synthesis.spoken[0]?.onend?.();
    expect(states.at(-1)).toBe('speaking');
  });

  it('speaks English with the English tag and voice, and repeats in the language it was said in', () => {
    say('Please choose a service.', 'en');
    expect(synthesis.spoken.at(-1)?.lang).toBe('en-US');
    expect(synthesis.spoken.at(-1)?.voice).toEqual({ lang: 'en-US', name: 'en' });
    repeatSpeaking();
    expect(synthesis.spoken.at(-1)?.lang).toBe('en-US');
  });

  it('repeats the last text, and nothing once it is forgotten for the next resident', () => {
    say('您的号码是 A001。', 'zh-CN');
    stopSpeaking();
    repeatSpeaking();
    expect(synthesis.calls.at(-1)).toBe('speak:您的号码是 A001。');
    forgetSpeech();
    const before = synthesis.calls.length;
    repeatSpeaking();
    expect(synthesis.calls.slice(before)).toEqual([]);
  });

  it('says each text at the volume it is given, and a new volume\u2019s name in passing', () => {
    const [{ gain: medium }, { gain: loud }, { gain: soft }] = VOLUMES;
    speak({ text: '请选择要办理的业务。', language: 'zh-CN', volume: medium });
    speak({ text: '音量：大', language: 'zh-CN', volume: loud, aside: true });
    expect(synthesis.spoken.map((u) => [u.text, u.volume])).toEqual([
      ['请选择要办理的业务。', medium],
      ['音量：大', loud],
    ]);
    // 重听: the screen's text, not the level's name, at the new level.
    repeatSpeaking();
    speak({ text: '音量：小', language: 'zh-CN', volume: soft, aside: true });
    repeatSpeaking();
    expect(synthesis.spoken.slice(2).map((u) => [u.text, u.volume])).toEqual([
      ['请选择要办理的业务。', loud],
      ['音量：小', soft],
      ['请选择要办理的业务。', soft],
    ]);
  });

  it('has nothing to repeat after a level\u2019s name when nothing else was said', () => {
    speak({ text: '音量：大', language: 'zh-CN', volume: 1, aside: true });
    const before = synthesis.calls.length;
    repeatSpeaking();
    expect(synthesis.calls.slice(before)).toEqual([]);
  });
});

describe("read-aloud through the agent's voice, where the browser has none for the language", () => {
  let synthesis: ReturnType<typeof fakeSynthesis>;
  let states: SpeechState[];
  let unsubscribe: () => void;
  let agentCalls: string[];
  let answers: (() => void)[];

  beforeEach(() => {
    // The browser speaks English only, as a Chromium with just an English voice would.
    synthesis = fakeSynthesis([{ lang: 'en-US', name: 'en' }]);
    vi.stubGlobal('speechSynthesis', synthesis);
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
    agentCalls = [];
    answers = [];
    useAgentVoice({
      say: ({ text, language, volume }) => {
        agentCalls.push(`say:${language}:${volume}:${text}`);
        return new Promise<void>((resolve) => answers.push(resolve));
      },
      pause: () => agentCalls.push('pause'),
      resume: () => agentCalls.push('resume'),
      stop: () => agentCalls.push('stop'),
    });
    forgetSpeech();
    synthesis.calls.length = 0;
    agentCalls.length = 0;
    states = [];
    unsubscribe = onSpeechState((state) => states.push(state));
  });

  afterEach(() => {
    unsubscribe();
    forgetSpeech();
    useAgentVoice(null);
    vi.unstubAllGlobals();
  });

  it('asks the agent to say Chinese, and is silent again once the agent has said it', async () => {
    say('请选择要办理的业务。', 'zh-CN');
    expect(agentCalls).toEqual([`say:zh-CN:${volumeLevel(0).gain}:请选择要办理的业务。`]);
    expect(synthesis.calls).toEqual([]);
    expect(states).toEqual(['silent', 'speaking']);
    answers[0]?.();
    await Promise.resolve();
    expect(states.at(-1)).toBe('silent');
  });

  it("pauses, resumes and stops the agent's text, and a newer text's end is not the older's", async () => {
    say('一', 'zh-CN');
    pauseSpeaking();
    expect(states.at(-1)).toBe('paused');
    resumeSpeaking();
    say('二', 'zh-CN');
    // The agent ends 一 early for 二 and answers for it: 二 is still being said.
    answers[0]?.();
    await Promise.resolve();
    expect(states.at(-1)).toBe('speaking');
    stopSpeaking();
    expect(states.at(-1)).toBe('silent');
    expect(agentCalls).toEqual(['say:zh-CN:0.7:一', 'pause', 'resume', 'say:zh-CN:0.7:二', 'stop']);
  });

  it('keeps the browser for the language it has a voice for, and stops the agent for it', () => {
    say('请选择要办理的业务。', 'zh-CN');
    say('Please choose a service.', 'en');
    expect(agentCalls).toEqual([`say:zh-CN:${volumeLevel(0).gain}:请选择要办理的业务。`, 'stop']);
    expect(synthesis.calls).toEqual(['speak:Please choose a service.']);
    // 重听 in Chinese goes to the agent again, and stops the browser's English.
    say('请刷身份证。', 'zh-CN');
    expect(synthesis.calls.at(-1)).toBe('cancel');
    expect(agentCalls.at(-1)).toBe(`say:zh-CN:${volumeLevel(0).gain}:请刷身份证。`);
  });

  it('stops the agent when its answer is lost, so a text it still says is not left playing', async () => {
    say('请选择要办理的业务。', 'zh-CN');
    const lost = agentCalls.length;
    useAgentVoice({
      say: () => Promise.reject(new Error('socket closed')),
      pause: () => agentCalls.push('pause'),
      resume: () => agentCalls.push('resume'),
      stop: () => agentCalls.push('stop'),
    });
    say('请刷身份证。', 'zh-CN');
    await Promise.resolve();
    await Promise.resolve();
    expect(agentCalls.slice(lost)).toEqual(['stop']);
    expect(states.at(-1)).toBe('silent');
  });

  it('forgets the text for the next resident and stops the agent', () => {
    say('您的号码是 A001。', 'zh-CN');
    forgetSpeech();
    repeatSpeaking();
    expect(agentCalls).toEqual([`say:zh-CN:${volumeLevel(0).gain}:您的号码是 A001。`, 'stop']);
  });
});
